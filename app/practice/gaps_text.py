"""Reading notes for the gap checker: clauses, open questions, find-out actions and people.

A note is read clause by clause (split on sentence ends, semicolons and spaced dashes by the
splitter the wording analyser uses too, ``app.practice.text``), because
one sticky often mixes a fact, a question and an action: "Gap: nothing known about P's
offending abroad – SW to ask police". Only *fact* clauses (neither open questions nor actions to
find something out) cover a topic; a find-out clause marks the topic as owned instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.practice import gaps_cues as cues
from app.practice import gaps_cues_plan as pcues
from app.practice.text import normalise, split_clauses


def _names(name: str) -> list[str]:
    """The full name and the first name, as whole words."""
    name = name.strip()
    if len(name) < 2:
        return []
    out = [re.escape(name)]
    first = name.split()[0]
    if first != name and len(first) >= 2:
        out.append(re.escape(first))
    return out


# adult names that are also everyday words are matched only when capitalised
_COMMON_WORDS = frozenset(
    {
        "will",
        "may",
        "mark",
        "bill",
        "frank",
        "grant",
        "grace",
        "faith",
        "hope",
        "dawn",
        "summer",
        "amber",
        "rich",
        "robin",
        "joy",
        "sky",
        "june",
        "april",
        "rose",
        "holly",
        "ivy",
        "ruby",
        "pearl",
        "jack",
    }
)


def _spellings(names: list[str]) -> list[str]:
    """Escaped names as written, capitalised, upper-case and (when not a common word) lower-case."""
    out: list[str] = []
    for name in names:
        if name.startswith("(?"):  # an initial, already a pattern
            out.append(name)
            continue
        plain = name.replace("\\", "")
        forms = {plain, plain.capitalize(), plain.upper()}
        if len(plain) >= 3 and plain.lower() not in _COMMON_WORDS:
            forms.add(plain.lower())
        out += sorted((re.escape(f) for f in forms), key=len, reverse=True)
    return out


def _alt(words: list[str], base: str) -> str:
    return "|".join([*words, base]) if words else base


class Person(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def age(self) -> int | None: ...


_PREPOSITION_END = re.compile(r"\b(?:at|to|in|on|by|of|with|from|about|for|the|her|his)\s+$", re.I)


@dataclass(frozen=True)
class ChildRef:
    person: Person
    pattern: re.Pattern[str]


class Refs:
    """Who's who on this board: generic words (P, dad, M, mum, kids) plus panel names."""

    def __init__(self, family: Sequence[Person]) -> None:
        perp_names: list[str] = []
        her_names: list[str] = []
        for p in family:
            if p.role == "perpetrator":
                perp_names += _names(p.name)
            elif p.role == "survivor":
                her_names += _names(p.name)
        self.children = [p for p in family if p.role == "child"]
        # adults' initials ("T punched L") when they cannot be read as anyone else
        child_initials = {c.name.strip()[:1].upper() for c in self.children}
        adults = [
            (p.role, p.name.strip()[:1].upper())
            for p in family
            if p.role in ("perpetrator", "survivor") and p.name.strip()
        ]
        for role, initial in adults:
            others = {i for r, i in adults if r != role} | child_initials
            reserved = "AIM" if role == "perpetrator" else "AIP"
            if initial.isalpha() and initial not in reserved and initial not in others:
                (perp_names if role == "perpetrator" else her_names).append(f"(?-i:{initial})")
        self._adult_names = [
            (re.compile(r"\b(?:" + "|".join(_spellings(names)) + r")\b"), short)
            for names, short in ((perp_names, "P"), (her_names, "M"))
            if names
        ]
        child_alts: list[str] = []
        self.child_refs: list[ChildRef] = []
        aged = [c for c in self.children if c.age is not None]
        eldest = max(aged, key=lambda c: c.age or 0) if len(aged) >= 2 else None
        youngest = min(aged, key=lambda c: c.age or 0) if len(aged) >= 2 else None
        for c in self.children:
            alts = _names(c.name)
            initial = c.name.strip()[:1].upper()
            if initial.isalpha():
                if initial in "AIMP":  # articles, "I", mum and P: only with an age or a pair
                    alts.append(
                        rf"(?-i:{initial})(?=\s?\(\d{{1,2}}\)|'s\b|\s*(?:&|and|\+)\s*[A-Z]\b)"
                        rf"|(?<=& )(?-i:{initial})|(?<=and )(?-i:{initial})"
                    )
                else:
                    alts.append(rf"(?-i:{initial})")
            if c.age is not None:
                alts.append(rf"{c.age}\s*(?:yo|y/o|yrs?|years?)(?:[- ]?old)?")
                if c.age <= 1:
                    alts.append(r"baby|infant|newborn")
            if c is eldest:
                alts.append(r"eldest|oldest|older one|big (?:brother|sister)")
            if c is youngest:
                alts.append(r"youngest|little one|the baby")
            child_alts += alts[: len(_names(c.name)) + (1 if initial.isalpha() else 0)]
            self.child_refs.append(ChildRef(c, cues.rx(r"\b(?:" + "|".join(alts) + r")\b")))
        self.perp = cues.rx(r"\b(?:" + _alt(perp_names, cues.PERP_WORDS) + r")\b")
        perp_subject = _alt(perp_names, cues.PERP_SUBJECT_WORDS)
        self.perp_subject_words = perp_subject
        self.her = cues.rx(r"\b(?:" + _alt(her_names, cues.HER_WORDS) + r")\b")
        her_subject = _alt(her_names, cues.HER_SUBJECT_WORDS)
        self.her_lead = cues.rx(r"^\s*(?:" + her_subject + r")\b")
        self.perp_lead = cues.rx(r"^\s*(?:" + perp_subject + r")\b")
        self.adult_lead = cues.rx(
            r"^\s*(?:" + _alt(perp_names + her_names, cues.PERP_SUBJECT_WORDS + "|" + cues.HER_SUBJECT_WORDS) + r")\b"
        )
        child_all = _alt(child_alts, cues.CHILD_WORDS)
        self.child = cues.rx(r"\b(?:" + child_all + r")(?!\w)")
        self.voice_find = cues.rx(
            r"\b(?:see|speak (?:to|with)|talk (?:to|with)|meet|hear from|ask|interview|views|"
            r"wishes|voice|direct work)\b.{0,40}?\b(?:"
            + child_all
            + r")(?!\w)|\b(?:"
            + child_all
            + r")(?!\w).{0,40}?\b(?:views|wishes|voices?|words)\b"
        )
        speakers = _alt(child_alts, cues.CHILD_SPEAKER_WORDS)
        speaker = r"\b(?:" + speakers + r")(?:\s?\(\d{1,2}\))?"
        self._child_voice = cues.rx(
            speaker
            + r"(?:\s*:|\s+['\"‘“]|(?P<gap>[^.;!?|]{0,60}?)\b(?:"
            + cues.SPEECH_VERBS
            + r")\b)|(?:^|\|\s*)"
            + speaker
            + r"(?P<gap2>[^|]{0,60})\|\s*(?:"
            + cues.SPEECH_VERBS
            + r")\b"
        )
        self._adult_subject = cues.rx(
            r"\b(?:"
            + _alt(perp_names + her_names, cues.PERP_SUBJECT_WORDS + "|" + cues.HER_SUBJECT_WORDS)
            + r"|teacher|worker|officers?|hv|sw|gp|school|nursery|"
            r"police|idva|nurse|staff|camhs|they)\b\s+(?:\w+\s+)?$"
        )
        self.protective_act = cues.rx(r"\b(?:" + her_subject + r")\b\s+(?:\w+\s+){0,3}?" + cues.PROTECTIVE_ACTS)
        self.her_demand = cues.rx(
            r"^\s*(?:" + her_subject + r")(?:'s)?\s+(?:to|must|should|needs? to|has to|will need to|"
            r"is to|is expected to|is required to|required to|agrees to|agreed to)\b"
        )
        self.perp_link = cues.rx(
            r"\b(?:" + perp_subject + r")\b\s+(?:\w+\s+){0,3}?(?P<verb>" + pcues.LINK_VERBS + r")\b"
        )
        # "Wayne brings cans home and tells the SW she's a drunk": the subject is not repeated
        self.perp_link_chain = cues.rx(
            r"\b(?:" + perp_subject + r")\b[^.;!?]{0,80}?\b(?:and|&|then|but also|also)\s+"
            r"(?:also\s+|then\s+)?(?P<verb>" + pcues.LINK_VERBS + r")\b"
        )
        self.link_phrase = cues.rx(
            r"\b(?:because of|because|due to|caused by|since|after|following|linked to|"
            r"links? (?:it|this|that|her \w+)? ?to|result of|triggered by|worse (?:since|after|"
            r"when)|started (?:after|since|when))\s+(?:the\s+)?(?:" + perp_subject + r")\b|"
            r"\b(?:of|from|by|to|because of|due to|after|since|following|through|with)\s+(?:all\s+)?"
            r"(?:" + _alt([n + "'s" for n in perp_names], cues.PERP_POSSESSIVE) + r")\s+"
            r"(?:\w+\s+){0,2}?(?:abuse|abusive|control\w*|threats?|violence|behaviour|put-?downs|"
            r"insults?|assaults?|monitoring|jealousy|pattern|coercion|tactics?|cruelty|criticism|"
            r"name-calling)\b|\bin (?:" + _alt([n + "'s" for n in perp_names], r"(?-i:P)'s|his") + r") (?:sole )?name\b"
        )

        # his parenting, read once per board (see gaps_cues: PARENT_VERBS)
        # after normalising, a lone M or P is mum or him, never a child's initial
        child_ref = r"(?!(?-i:[MP])\b)(?:" + child_all + r")(?!\w)"
        treated = r"(?:" + cues.PARENT_VERBS + r")\s+(?:(?!" + cues.PARENT_BARRIER + r")[^\s,;]+\s+){0,4}?" + child_ref
        self.his_parenting = cues.rx(
            r"\b(?:" + perp_subject + r")\b\s+(?:(?!(?:" + her_subject + r")\b)[\w'-]+\s+){0,3}?" + treated
        )
        self.his_care = cues.rx(
            r"\b(?:"
            + perp_subject
            + r")\b\s+(?:(?!(?:"
            + cues.HER_WORDS
            + r")\b)[\w'-]+\s+){0,4}?(?:"
            + cues.CARE_TASKS
            + r")\b"
        )
        # a pattern note's unwritten subject is him: "Threw the remote at Kuba (9)"
        self.his_parenting_lead = cues.rx(r"^\s*(?:(?:also|then|often|regularly|has|once|even)\s+)?" + treated)
        perp_object = r"(?-i:P)|him|(?:(?:his|her|their)\s+)?(?:dad|daddy|father|step-?dad)"
        self.child_towards_him = cues.rx(
            child_ref + r"[^.;|]{0,60}?\b(?:" + cues.CHILD_TOWARDS_HIM + r")\s+(?:\w+\s+)?(?:" + perp_object + r")\b"
        )
        self.child_harmed = cues.rx(child_ref + r"[^.;|]{0,60}?\b" + cues.CHILD_HARMED)
        # whose substance use: hers ("M drinking most nights", "P buys her drink") or his own
        her_any = _alt(her_names, cues.HER_SUBJECT_WORDS + r"|(?-i:M)'s|her|mum'?s|mam'?s|mother'?s")
        self.her_use = cues.rx(
            r"\b(?:"
            + her_any
            + r")\b\s+(?:(?!(?:"
            + perp_subject
            + r")\b)[\w'&/-]+\s+){0,3}?(?:"
            + cues.USE_WORDS
            + r")\b"
        )
        self.his_use = cues.rx(
            r"\b(?:"
            + _alt([n + "'s" for n in perp_names], cues.PERP_POSSESSIVE)
            + r")\s+(?:own\s+)?(?:\w+\s+)?(?:"
            + cues.USE_WORDS
            + r"|use|usage|habit)\b|\b(?:"
            + perp_subject
            + r")(?:'s|'d)?\s+(?:(?!(?:"
            + cues.HER_WORDS
            + r"|"
            + cues.SUPPLY_WORDS
            + r")\b)[\w'&/-]+\s+){0,3}?(?:"
            + cues.USE_WORDS
            + r")\b"
        )

    def normalise(self, text: str) -> str:
        """Panel names to the shorthand every cue knows: "Karl's" -> "P's", "Gemma" -> "M"."""
        text = normalise(text)
        for pattern, short in self._adult_names:
            text = pattern.sub(short, text)
        return text

    def child_said(self, text: str) -> bool:
        """A child's own words: "J (6) says...", "Kuba told his teacher 'I...'", "Mia: '...'".

        Not "P broke the kids' toys when M said..." (an adult is the one speaking).
        """
        for m in self._child_voice.finditer(text):
            if m.group("gap2") is not None:  # "Tia (12) self-harming | told CAMHS..."
                return True
            between = m.group("gap") or ""
            adult = self._adult_subject.search(between)
            if not adult or _PREPOSITION_END.search(between[: adult.start()]):
                return True
        return False


@dataclass(frozen=True)
class NoteView:
    """One note as the checks see it."""

    id: str
    section: str
    kind: str
    text: str  # as read: panel names as P / M
    raw_text: str  # as written
    facts: tuple[str, ...]  # clauses that state something known
    find_out: bool  # has an action to find something out
    find_out_clauses: tuple[tuple[str, str], ...]  # (as read, as written) for each such clause
    owner: str | None  # who owns that action (note.owner, or the clause's lead: "SW")
    note_owner: str | None  # the owner field exactly as written
    source: str | None
    about: tuple[str, ...]

    @property
    def fact_text(self) -> str:
        return " | ".join(self.facts)

    @property
    def substantive(self) -> bool:
        return self.kind != "gap" and bool(self.text.strip())


def _find_out_lead(clause: str, refs: Refs, kind: str, owner: str | None) -> tuple[bool, str | None]:
    m = cues.FIND_OUT_ACTION.match(clause)
    if m and not refs.adult_lead.match(m.group("lead")) and "(" not in m.group("lead"):
        lead = m.group("lead").strip()
        # "Uses the eldest to report back" is his behaviour, not an action: the lead must be
        # someone who can own an action
        if kind == "action" or cues.AGENCY.search(lead) or (owner or "").lower() == lead.lower():
            return True, lead
    if cues.FIND_OUT_IMPERATIVE.match(clause):
        return True, None
    return False, None


def read_note(
    *,
    id: str,
    section: str,
    kind: str,
    text: str,
    owner: str | None,
    source: str | None,
    about: tuple[str, ...],
    refs: Refs,
) -> NoteView:
    facts: list[str] = []
    find_out_clauses: list[tuple[str, str]] = []
    lead: str | None = None
    written = text
    text = refs.normalise(text)
    clauses = split_clauses(text)
    as_written: list[str] | None = None
    for i, clause in enumerate(clauses):
        is_find_out, clause_lead = _find_out_lead(clause, refs, kind, owner)
        if is_find_out:
            if as_written is None:
                # names are swapped for P / M when read, never across a clause break, so the
                # clauses line up with the note as written (the words shown while it is found out)
                as_written = split_clauses(written)
                if len(as_written) != len(clauses):
                    as_written = [written.strip()] * len(clauses)
            find_out_clauses.append((clause, as_written[i]))
            lead = lead or clause_lead
        elif not cues.OPEN.search(clause):
            facts.append(clause)
    if kind == "gap":
        facts = []
    find_out = bool(find_out_clauses)
    return NoteView(
        id=id,
        section=section,
        kind=kind,
        text=text,
        raw_text=written,
        facts=tuple(facts),
        find_out=find_out,
        find_out_clauses=tuple(find_out_clauses),
        owner=(owner or lead) if (find_out or kind == "gap") else owner,
        note_owner=owner,
        source=source,
        about=about,
    )
