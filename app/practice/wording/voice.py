"""Voice of a note: quotes, reported speech, negation and who is named.

Decides whether words are in the author's own voice (domain.md §5): quoted or
reported words are evidence, negated or disowned frames are not blaming.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from app.practice.lexicon import LEXICON, loose
from app.practice.text import clause_bounds

AGENCY = LEXICON.fragment("AGENCY")
ATTRIBUTION = LEXICON.fragment("ATTRIBUTION")
CHILD = LEXICON.fragment("CHILD")
OTHER_ADULT = LEXICON.fragment("OTHER_ADULT")
COERCION = LEXICON.fragment("COERCION")
COMMENTARY = LEXICON.fragment("COMMENTARY")
ENDORSEMENT = LEXICON.fragment("ENDORSEMENT")
HARM_VERB = LEXICON.fragment("HARM_VERB")
NEGATOR = LEXICON.fragment("NEGATOR")
OPINION_VERB = LEXICON.fragment("OPINION_VERB")
PERP_ANY = LEXICON.fragment("PERP_ANY")
PERP_HARM_NOUN = LEXICON.fragment("PERP_HARM_NOUN")
PERP_OBJ = LEXICON.fragment("PERP_OBJ")
PERP_SUBJ = LEXICON.fragment("PERP_SUBJ")
POST_NEGATOR = LEXICON.fragment("POST_NEGATOR")
SURV = LEXICON.fragment("SURV")

# --- compiled note-level patterns ----------------------------------------------
_I = 0  # notes are lower-cased before matching
_QUOTE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[/]))'(?=\S)(.{0,200}?\S)'(?=$|[\s.,;:!?)\]-])|\"[^\"]{0,200}\"",
)
_ATTR = re.compile(ATTRIBUTION, _I)
_ATTR_NOT_SPEECH_AFTER = re.compile(r"\s+(?:to|out|for|police|999|the\s+police|in|back|round|over|at|a|an|off)\b", _I)
_POSTPOSED = re.compile(
    r",\s*(?:according\s+to|per(?:\s+(?:his|her|p|m|dad|mum))?|(?:m|p|mum|dad|she|he|mother|father|victim|police)"
    r"\s+(?:says|said|reports|reported"
    r"|claims|claimed|states|stated))\Z"
)
_TOLD_AGENCY = re.compile(r"\s+(?:the\s+)?police\b")
_SAID_NOT_SPEECH = re.compile(r"\s+(?:sorry|nothing|very\s+little|little)\b")
_ATTR_NOUNS = frozenset({"referral", "record", "note", "log", "statement"})
_NOUN_NOT_SPEECH_AFTER = re.compile(
    r"\s+(?:after|following|made|sent|done|completed|submitted|to\b|for\b|re\b|regarding|about|taken|given|dated)"
)
# "report of a domestic at the address": a logged event, not someone's words
_EVENT_AFTER = re.compile(
    r"s?\s+of\s+(?:a|an|the|another)\s+(?:\w+\s+)?(?:domestic|disturbance|incident|assault|attack|dv|da)\b"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s*$", _I)
_OPINION = re.compile(OPINION_VERB, _I)
_ABOUT_AFTER = re.compile(r"\s+(?:about|re|over|regarding)\b")
_FAMILY = ("perp", "surv", "child")
_TO_AFTER = re.compile(r"\w+\s+to\s+be\b")
_OBJECT_BEFORE = re.compile(
    r"\b(?:to|with|about|from|at|for|towards?|against|on|of|despite|than|into|onto|around|re)"
    r"\s+(?:(?:the|a|an|our|their|her|his|all|any|other|some)\s+)?$",
    _I,
)
_ENDORSE = re.compile(ENDORSEMENT, _I)
_NEG = re.compile(loose(NEGATOR), _I)
POST_NEG = re.compile(loose(POST_NEGATOR), _I)
_COMMENT = re.compile(loose(COMMENTARY), _I)
_ACTOR = re.compile(
    rf"(?P<perp>{PERP_ANY})|(?P<surv>{SURV})|(?P<child>{CHILD})|(?P<other>{OTHER_ADULT})|(?P<agency>{AGENCY})", _I
)
_PERP_ACT = re.compile(
    loose(
        rf"{PERP_SUBJ}(?:'s|'d)?\s+(?:(?:has|had|have|was|is|keeps|kept|will|would|also|then|just"
        r"|now|still|often|always|repeatedly|regularly|constantly|allegedly|been|had\s+just)\s+)"
        rf"{{0,3}}{HARM_VERB}\b"
        rf"|\b(?:{PERP_SUBJ}|his)(?:'s)?\s+(?:\w+\s+)?{PERP_HARM_NOUN}\b"
        rf"|\bby\s+{PERP_OBJ}\b"
        rf"|\b(?:after|because|when|since|while|as|until)\s+{PERP_SUBJ}(?:'s)?\s+\w+"
    ),
    _I,
)
_PERP_ANY = re.compile(PERP_ANY, _I)
_COERCION = re.compile(loose(COERCION), _I)
_WORD = re.compile(r"[\w'&/-]+")
_SCOPE_NEG = re.compile(
    r"\b(?:no|little|nothing|not\s+any|without)\s+(?:\w+\s+)?(?:evidence|indication|sign|suggestion|basis"
    r"|reason\s+to\s+(?:think|believe|suggest))\s+(?:that|of|to\s+suggest|(?:this|it)\s+(?:is|was))\b|\bnothing\s+to\s+(?:suggest|indicate)"
    r"|\bnot\s+(?:true|accurate|correct|the\s+case)\s+that\b"
    # the formal register's rejection: "I do not find that ...", "it is not accepted that ..."
    r"|\b(?:(?:do|does|did)\s+not|don't|doesn't|didn't|cannot|can't)\s+(?:find|accept|agree|consider|think|believe)\s+that\b"
    r"|\b(?:is\s+not|isn't|was\s+not|wasn't|has\s+not\s+been|have\s+not\s+been)\s+(?:accepted|found|established|substantiated|evidenced)\s+that\b"
)


class Note:
    """One lower-cased note plus lazily computed facts the rules may need."""

    def __init__(self, low: str) -> None:
        self.text = low
        self.starts, self.ends = clause_bounds(low)

    def clause(self, pos: int) -> tuple[int, int]:
        i = max(bisect_right(self.starts, pos) - 1, 0)
        return self.starts[i], self.ends[i]

    @cached_property
    def endorsed(self) -> bool:
        return _ENDORSE.search(self.text) is not None

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        return [] if self.endorsed else [m.span() for m in _QUOTE.finditer(self.text)]

    @cached_property
    def reported(self) -> list[tuple[int, int]]:
        if self.endorsed:
            return []
        text, spans = self.text, []
        for m in _ATTR.finditer(text):
            word = m.group(0)
            if word in _ATTR_NOUNS and _NOUN_NOT_SPEECH_AFTER.match(text, m.end()):
                continue  # "MARAC referral after M was assaulted": a document, not its words
            if word.startswith("insist") and text.startswith(" on ", m.end()):
                continue  # "insists on seeing him": a demand of hers, not a report
            event = _EVENT_AFTER.match(text, m.end()) if word.startswith("report") else None
            if event is not None:  # "report of a domestic at ...": the event named is the author's record,
                spans.append((event.end(), self.clause(m.start())[1]))  # what follows stays the report
                continue
            after = _ATTR_NOT_SPEECH_AFTER.match(text, m.end())
            if after is not None and word.startswith(("told", "tell")) and _TOLD_AGENCY.match(text, m.end()):
                after = None  # "P told police she was neglecting the baby" reports his words
            if word.startswith(("call", "told", "tell", "report")) and (
                after is not None or _PASSIVE_BEFORE.search(text, max(0, m.start() - 8), m.start())
            ):
                continue
            if word.startswith("sa") and _SAID_NOT_SPEECH.match(text, m.end()):
                continue  # "P has said sorry": an apology, not a report
            if word in ("knows", "knew"):
                continue  # factive: "M knows the risks" / "knows what sets him off" is the author's claim
            if _OPINION.fullmatch(word) and self._speaker_before(m.start()) not in _FAMILY:
                continue  # a professional's own view or fear is the author's voice
            cs, ce = self.clause(m.start())
            if _POSTPOSED.search(text, cs, m.end()):
                spans.append((cs, m.start()))  # "P gets a bit heated, according to M, ..."
            if _OPINION.fullmatch(word) and _ABOUT_AFTER.match(text, m.end()):
                # "dad worried about mum's MH, he seems the stable one": a worry about something
                # is a noun, not a reported clause, so the report ends at the comma
                comma = text.find(",", m.end(), ce)
                ce = comma if comma >= 0 else ce
            spans.append((m.end(), ce))
        return spans

    def _speaker_before(self, pos: int) -> str | None:
        """Role of the likely speaker of a verb at ``pos``: the last person named
        earlier in its clause, else the note's first-named person."""
        if _TO_AFTER.match(self.text, pos):
            return None  # "believed to be ..." is the author's hedge, not a report
        cs, _ = self.clause(pos)
        role = None
        for p, r in self.actors:
            if p >= pos:
                break
            if p >= cs:
                role = r
        if role is None and self.actors and self.actors[0][0] < pos:
            role = self.actors[0][1]
        return role

    @cached_property
    def comments(self) -> list[int]:
        return [m.start() for m in _COMMENT.finditer(self.text)]

    @cached_property
    def actors(self) -> list[tuple[int, str]]:
        return [(m.start(), str(m.lastgroup)) for m in _ACTOR.finditer(self.text)]

    @cached_property
    def subjects(self) -> list[tuple[int, str]]:
        """The people named as someone who acts: a mention right after a preposition ("talk to
        staff", "speak to GP", "the impact on the kids", "despite the police reports") is what
        the clause is about, not who does it, so it does not change the actor."""
        text = self.text
        return [(pos, r) for pos, r in self.actors if not _OBJECT_BEFORE.search(text[max(0, pos - 24) : pos])]

    @cached_property
    def perp_act(self) -> bool:
        return _PERP_ACT.search(self.text) is not None

    @cached_property
    def perp_any(self) -> bool:
        return _PERP_ANY.search(self.text) is not None

    @cached_property
    def coercion(self) -> bool:
        return _COERCION.search(self.text) is not None

    def voiced_by_author(self, s: int, *, reported_ok: bool = False) -> bool:
        """False when the words at ``s`` are quoted, reported, negated or disowned.

        ``reported_ok``: a report in the author's own words still counts ("M disclosed she was
        raped" is the author's record, and it names nobody who did it); quotes never do."""
        if any(qs <= s < qe for qs, qe in self.quotes):
            return False
        if not reported_ok and any(rs <= s < re_ for rs, re_ in self.reported):
            return False
        cs, ce = self.clause(s)
        if self.text.startswith("?", ce) or self._asked(cs):
            return False  # a question on the board is a gap, not a claim
        window = self.text[cs:s]
        cut = max(window.rfind(","), window.rfind("("))
        if cut >= 0:
            window = window[cut + 1 :]
        words = _WORD.findall(window)[-4:]
        if words and _NEG.search(" ".join(words)):
            return False
        if _SCOPE_NEG.search(window):
            return False  # "no evidence that M is unstable", "nothing to suggest ..."
        i = bisect_right(self.starts, s) - 1
        next_end = self.ends[min(i + 1, len(self.ends) - 1)]
        return not any(s <= c < next_end for c in self.comments)

    def _asked(self, cs: int) -> bool:
        """A clause headed by a lone "?" ("? DA history abroad", "- ? who did it") is an open
        question on the board; a "?" that ends the clause before it does not count."""
        if cs == 0 or self.text[cs - 1] != "?":
            return False
        i = bisect_right(self.starts, cs - 1) - 1
        return not self.text[self.starts[i] : cs - 1].strip(" -")

    def actor_at(self, s: int) -> str | None:
        """Who the words at ``s`` are about: the last person named in the clause
        up to and including ``s``; else the note's first-named person."""
        cs, _ = self.clause(s)
        role: str | None = None
        for pos, r in self.subjects:
            if pos > s:
                break
            if pos >= cs:
                role = r
        if role is None and self.subjects:
            pos, r = self.subjects[0]
            role = r if (pos < cs or pos > s) else None
        return role
