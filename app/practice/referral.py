"""The referral summary: his pattern as the board mapped it, for a perpetrator programme or a
court, and what it must never carry.

``draft_referral(family, sources)`` sorts every note (and, at a review, every piece of change
evidence) into the summary's parts: his behaviour by kind, the impact on each child, the
complicating factors as they relate to his behaviour, the goals set for him, and his progress
on the three change questions. Each item is either

* **excluded** for good (``excluded`` is set; the facilitator cannot tick it): anything marked
  confidential (her disclosures included), anything that says where she or the children live,
  stay or go, her safety plans, strategies and support, her protective efforts, and open
  questions (not facts);
* **held back** (``hold`` is set; not ticked unless the facilitator ticks it): what she or a
  child said (it can be dangerous for him to learn who told), notes that are not about his
  behaviour, a child or a goal for him;
* or **offered and ticked**.

Exclusion is deliberately broad (domain.md §7: sensitive facts never reach him): a note about
his behaviour that also names her new street is left out whole, and the facilitator sees why.
The facilitator's preview is the second line of defence, for what no cue catches.

Pure: no web, database or I/O imports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from app.practice import gaps_cues as cues
from app.practice import gaps_cues_plan as pcues
from app.practice.behaviour import KIND_LABELS, primary_kind
from app.practice.gaps_plan import linked_to_him
from app.practice.gaps_text import Person, Refs
from app.practice.review import QUESTIONS_BY_KEY

PARTS: Final[dict[str, str]] = {
    "pattern": "His pattern of behaviour",
    "children": "The impact on each child",
    "factors": "Complicating factors, as they relate to his behaviour",
    "goals": "Goals set for him",
    "change": "His progress on the three change questions",
}

EXCLUDED: Final[dict[str, str]] = {
    "confidential": "Marked confidential",
    "location": "Says where she or the children live, stay or go",
    "safety": "About her safety plans, strategies or support",
    "protective": "Her protective efforts",
    "question": "An open question, not a recorded fact",
}
HOLDS: Final[dict[str, str]] = {
    "her_words": "Reports what she told us: tick it only if it is safe for him to know she said it",
    "child_words": "A child's own words: tick it only if it is safe for him to know the child said it",
    "not_his": "About her or the family, not his behaviour",
    "not_child": "Not about a child",
    "not_goal": "Not a goal for him",
}

# Agencies whose very involvement is her safety support: the summary names none of them.
SUPPORT_AGENCIES: Final = cues.words(
    r"\b(?:idva|isva|ida|domestic abuse service|women'?s aid|refuge|marac|advocacy|advocate|outreach)\b"
)
PARTNER_AGENCY: Final = "A partner agency"

LOCATION: Final = cues.rx(
    r"\b(?:address(?:es)?|refuge|shelter|safe ?house|hostel|b ?& ?b|temporary accommodation|"
    r"staying (?:at|with|in)|stays (?:at|with|in)|living (?:at|with|in)|lives (?:at|with|in)|"
    r"moved (?:to|into|in with|away to)|moving (?:to|into)|relocat\w*|rehoused|re-housed|"
    r"new (?:home|house|flat|address|area|school|nursery|gp|surgery|job|workplace)|whereabouts|"
    r"post ?code|where (?:she|they|m|the children|the kids) (?:live|lives|are|is|stay|stays)|"
    r"(?:her|m's|their) (?:work ?place|workplace|route)|"
    r"(?-i:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})|"
    r"\d+[a-z]?,? (?-i:[A-Z][a-z]+)(?: (?-i:[A-Z][a-z]+))? "
    r"(?:road|rd|street|st|avenue|ave|close|lane|ln|drive|dr|crescent|court|ct|place|pl|way|"
    r"gardens|terrace|grove|park|square|row|walk|view|rise|hill|mews))\b"
)
SAFETY: Final = cues.rx(
    r"\b(?:safety[- ]?plan\w*|safe[- ]?(?:word|number|phone|contact|times?|route|room|place|"
    r"person|adult)|code ?word|escape (?:plan|bag|route)|go[- ]?bag|bag packed|panic (?:alarm|button)|"
    r"sanctuary|target[- ]?harden\w*|cocoon watch|(?:marker|flag)(?:ged)? on (?:the |her )?"
    r"(?:address|property|house|flat|phone)|address (?:flag|marker)|marac|idva|isva|women'?s aid|"
    r"domestic abuse service|freedom programme|helpline|hidden phone|second phone|spare phone|"
    r"secret phone|(?:plans?|planning|wants?) to leave|when (?:she|m) leaves|"
    r"(?:she|m|mum|her)\b[^.;]{0,30}\b(?:non-?mol\w*|nmo|injunction|occupation order|protective order|"
    r"apply\w* for|applied for)|"
    r"texts? only|never (?:call|ring|phone|leave a voicemail)|only (?:call|ring|phone|text) (?:her )?"
    r"(?:before|after|between|when))\b"
)
HER_WORDS: Final = r"(?-i:M)|mum|mam|mom|mother|she|the survivor|the victim"
SPEECH: Final = (
    r"said|says|saying|told|tells|disclosed|discloses|reported|reports|described|describes|"
    r"explained|explains|alleges|alleged|shared|mentioned|mentions|confided|confides"
)
SURVIVOR_SOURCES: Final = frozenset({"survivor", "victim", "mum", "mother", "m", "her", "she", "partner"})
HIM: Final = re.compile(r"\b(?:(?-i:P)|perp|perpetrator|dad|father|step-?dad|husband|boyfriend)\b", re.IGNORECASE)
PROGRAMME: Final = cues.words(
    r"\b(?:programme|program|caledonian|cjsw|probation|dapp|perpetrator|behaviour change|"
    r"respect|court|bail|order)\b"
)


@dataclass(frozen=True)
class Source:
    """One thing the room recorded: a note of this meeting or an earlier one, or a piece of
    change evidence (section ``change``, with its ``question``)."""

    id: str
    section: str
    text: str
    kind: str = "observation"
    agency: str = ""
    confidential: bool = False
    about: tuple[str, ...] = ()
    source: str | None = None
    meeting: str = ""
    owner: str | None = None
    due: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    part: str
    group: str
    group_label: str
    text: str
    agency: str  # as the summary names it (her support services are not named)
    meeting: str
    owner: str | None  # likewise
    due: str | None
    default: bool
    excluded: str | None = None
    hold: str | None = None

    @property
    def offered(self) -> bool:
        return self.excluded is None

    @property
    def reason(self) -> str:
        if self.excluded:
            return EXCLUDED[self.excluded]
        return HOLDS[self.hold] if self.hold else ""


@dataclass(frozen=True)
class Referral:
    items: tuple[Item, ...]

    @property
    def offered(self) -> list[Item]:
        return [i for i in self.items if i.offered]

    @property
    def excluded(self) -> list[Item]:
        return [i for i in self.items if not i.offered]

    def chosen(self, include: Sequence[str] | None) -> list[Item]:
        """The items that go in: the ticked ids (the defaults when ``include`` is None).
        Excluded items never do, whatever is asked."""
        if include is None:
            return [i for i in self.offered if i.default]
        wanted = set(include)
        return [i for i in self.offered if i.id in wanted]


def _excluded(s: Source, plain: str, refs: Refs) -> str | None:
    if s.confidential:
        return "confidential"
    if LOCATION.search(plain):
        return "location"
    if SAFETY.search(plain):
        return "safety"
    protective = s.kind == "protective" or (
        (cues.PROTECTIVE_SPECIFIC.search(plain) or refs.protective_act.search(plain))
        and not cues.PROTECTIVE_NEGATED.search(plain)
    )
    if protective:
        return "protective"
    if s.kind == "gap" or plain.strip().startswith("?") or plain.strip().endswith("?"):
        return "question"
    return None


def _her_words(s: Source, plain: str) -> bool:
    if (s.source or "").strip().lower() in SURVIVOR_SOURCES:
        return True
    return bool(re.search(rf"\b(?:{HER_WORDS})\b\s+(?:\w+\s+){{0,2}}?(?:{SPEECH})\b", plain, re.IGNORECASE))


def _child_group(s: Source, plain: str, refs: Refs) -> tuple[str, str] | None:
    named = [r.person for r in refs.child_refs if r.person.id in s.about or r.pattern.search(plain)]
    if len(named) == 1:
        child = named[0]
        return child.id, child.name + (f" ({child.age})" if child.age is not None else "")
    if named or refs.child.search(plain):
        return "children", "The children together"
    return None


def _place(s: Source, plain: str, refs: Refs) -> tuple[str, str, str, str | None]:
    """(part, group, group label, hold) for an item that is not excluded."""
    if s.section == "change":
        q = QUESTIONS_BY_KEY[s.question or "naming"]
        return "change", q.key, q.title, None
    if s.section == "pattern" and s.kind != "action":
        kind = primary_kind(s.text, refs)
        return "pattern", kind, KIND_LABELS[kind], None
    if s.section == "impact":
        child = _child_group(s, plain, refs)
        if child is None:
            return "children", "other", "Other impact", "not_child"
        return "children", child[0], child[1], None
    if s.section == "factors":
        his = linked_to_him(plain, refs) or bool(HIM.search(plain))
        return "factors", "factors", PARTS["factors"], None if his else "not_his"
    # practice, and actions anywhere: the plan
    his = bool(
        refs.perp_lead.match(plain)
        or pcues.GOAL.search(plain)
        or HIM.search(plain)
        or (s.owner and (HIM.search(refs.normalise(s.owner)) or PROGRAMME.search(s.owner)))
    )
    return "goals", "goals", PARTS["goals"], None if his else "not_goal"


def _named(agency: str) -> str:
    """An agency as the summary names it: her support services are not named, whether as the
    note's agency or as an action's owner."""
    return PARTNER_AGENCY if SUPPORT_AGENCIES.search(agency) else agency


def draft_referral(family: Sequence[Person], sources: Sequence[Source]) -> Referral:
    refs = Refs(family)
    items: list[Item] = []
    for s in sources:
        plain = refs.normalise(s.text)
        excluded = _excluded(s, plain, refs)
        part, group, label, hold = _place(s, plain, refs)
        if hold is None and _her_words(s, plain):
            hold = "her_words"
        elif hold is None and refs.child_said(plain):
            hold = "child_words"
        agency = _named(s.agency)
        items.append(
            Item(
                id=s.id,
                part=part,
                group=group,
                group_label=label,
                text=s.text,
                agency=agency,
                meeting=s.meeting,
                owner=_named(s.owner) if s.owner else s.owner,
                due=s.due,
                default=excluded is None and hold is None,
                excluded=excluded,
                hold=hold if excluded is None else None,
            )
        )
    return Referral(tuple(items))
