"""Minutes drafted from the board at close: drawn from the notes, never invented.

Every line of the draft comes from something on the board and names it in ``ref`` (a note, an
action carried forward, a gap): key points are the notes' own words (a long note is cut at a
sentence or word boundary and marked "…"), decisions are the practice notes that record one,
actions are the action notes with their owners and dates, open questions are the board's gaps,
and wording flags are listed with how the room handled them. Confidential notes are left out
(child-protection minutes can reach him; domain.md §7) and counted.

A few lines per section: one note per kind of his behaviour first (pattern), one per child
first (impact), his part first (factors), then the rest in board order, up to ``MAX_POINTS``;
the number of notes not listed is kept in ``more``.

Pure: no web, database or I/O imports. The draft is a JSON-ready dict in the shape of
``app.schemas_followup.MinutesContent``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from app.practice.behaviour import KINDS, primary_kind
from app.practice.gaps_cues import words
from app.practice.gaps_plan import linked_to_him
from app.practice.gaps_text import Person, Refs
from app.practice.sections import SECTIONS

MAX_POINTS: Final = 5
MAX_LINE: Final = 220
# An agreed action is minuted whole (one line); only one past the minutes line limit is cut.
MAX_ACTION: Final = 1000
DECISION: Final = words(
    r"\b(?:agreed|agree|decided|decision|decisions|will (?:be|go|proceed|remain|stay|continue)|to proceed|"
    r"proceed to|to be (?:held|convened|reviewed|considered)|cp plan|child protection plan|cpp|"
    r"conference|icpc|rcpc|strategy (?:meeting|discussion)|core group|plo|pre-?proceedings|"
    r"step(?:ped)? (?:up|down)|registered|de-?registered|case (?:to|will|remains)|"
    r"remain(?:s)? (?:open|on|subject)|refer(?:ral)? to|referred to|review (?:in|on|date|meeting))\b"
)
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")


@dataclass(frozen=True)
class FlagIn:
    category: str  # its plain-words label
    status: str  # open | pivoted | kept
    reason: str | None = None


@dataclass(frozen=True)
class NoteIn:
    id: str
    section: str
    text: str
    kind: str = "observation"
    agency: str = ""
    confidential: bool = False
    owner: str | None = None
    due: str | None = None
    about: tuple[str, ...] = ()
    flags: tuple[FlagIn, ...] = ()


@dataclass(frozen=True)
class GapIn:
    id: str
    message: str
    owned_by: str | None = None
    note_id: str | None = None
    confidential: bool = False


@dataclass(frozen=True)
class AttendeeIn:
    name: str
    agency: str


@dataclass(frozen=True)
class EarlierActionIn:
    id: str
    text: str
    owner: str | None
    due: str | None
    status: str  # its label: Done, In progress...
    evidence: str = ""
    confidential: bool = False


@dataclass(frozen=True)
class ChangeIn:
    key: str
    title: str
    rating: str
    evidence: int


@dataclass(frozen=True)
class MeetingIn:
    title: str
    date: str  # ISO date, the meeting's local day
    chair: str
    attendees: Sequence[AttendeeIn]
    family: Sequence[Person]
    notes: Sequence[NoteIn]
    gaps: Sequence[GapIn] = ()
    earlier_actions: Sequence[EarlierActionIn] = ()
    change: Sequence[ChangeIn] = ()
    extra_agencies: Sequence[str] = field(default_factory=tuple)


def shorten(text: str, limit: int = MAX_LINE) -> str:
    """The note's own words, whole when short; else up to the last sentence end (or word) that
    fits, marked with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 3:
        return head[: ends[-1]].rstrip() + " …"
    return head.rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"


def _order(section: str, notes: list[NoteIn], refs: Refs) -> list[NoteIn]:
    """Notes of one section, the most telling first (see the module docstring)."""
    first: list[NoteIn] = []
    if section == "pattern":
        seen: set[str] = set()
        for kind in KINDS:
            for n in notes:
                if kind not in seen and primary_kind(n.text, refs) == kind:
                    first.append(n)
                    seen.add(kind)
                    break
    elif section == "impact":
        for ref in refs.child_refs:
            hit = next(
                (n for n in notes if ref.person.id in n.about or ref.pattern.search(refs.normalise(n.text))), None
            )
            if hit is not None and hit not in first:
                first.append(hit)
    elif section == "factors":
        first = [n for n in notes if linked_to_him(refs.normalise(n.text), refs)]
    return first + [n for n in notes if n not in first]


def _point(n: NoteIn) -> dict[str, Any]:
    return {"text": shorten(n.text), "ref": n.id}


def _outcome(f: FlagIn) -> str:
    if f.status == "pivoted":
        return "Pivoted"
    if f.status == "kept":
        return f"Kept: {f.reason}" if f.reason else "Kept"
    return "Still open"


def draft_minutes(m: MeetingIn) -> dict[str, Any]:
    refs = Refs(m.family)
    shown = [n for n in m.notes if not n.confidential]
    facts = [n for n in shown if n.kind not in ("gap", "action")]
    decisions = [n for n in facts if n.section == "practice" and DECISION.search(n.text)]
    sections = []
    for s in SECTIONS:
        mine = [n for n in facts if n.section == s.key and n not in decisions]
        ordered = _order(s.key, mine, refs)
        sections.append(
            {
                "key": s.key,
                "title": s.title,
                "points": [_point(n) for n in ordered[:MAX_POINTS]],
                "more": max(0, len(ordered) - MAX_POINTS),
            }
        )
    actions = [n for n in shown if n.kind == "action"]
    actions.sort(key=lambda n: n.due or "9999")
    agencies = sorted({a.agency for a in m.attendees if a.agency} | set(m.extra_agencies))
    return {
        "title": m.title,
        "chair": m.chair,
        "date": m.date,
        "attendance": [{"name": a.name, "agency": a.agency} for a in m.attendees],
        "apologies": [],
        "agencies": agencies,
        "sections": sections,
        "decisions": [_point(n) for n in decisions],
        "actions": [
            {"text": shorten(n.text, MAX_ACTION), "owner": n.owner or "", "due": n.due, "ref": n.id, "status": ""}
            for n in actions
        ],
        "earlier_actions": [
            {
                "text": shorten(a.text, MAX_ACTION),
                "owner": a.owner or "",
                "due": a.due,
                "ref": a.id,
                "status": a.status + (f": {a.evidence}" if a.evidence else ""),
            }
            for a in m.earlier_actions
            if not a.confidential
        ],
        "questions": [
            {
                # One line, as the editor shows it (a question typed over two lines would come
                # back from the form as two questions that no longer know their note).
                "text": " ".join(g.message.split()) + (f" (being found out by {g.owned_by})" if g.owned_by else ""),
                "ref": g.note_id or g.id,
            }
            for g in m.gaps
            if not g.confidential
        ],
        "flags": [
            {"text": shorten(n.text), "category": f.category, "outcome": _outcome(f), "ref": n.id}
            for n in shown
            for f in n.flags
        ],
        "change": [{"key": c.key, "title": c.title, "rating": c.rating, "evidence": c.evidence} for c in m.change],
        "next_review": None,
        "withheld": sum(1 for n in m.notes if n.confidential),
    }


REF_LISTS: Final = ("decisions", "actions", "earlier_actions", "questions", "flags")


def withhold(content: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    """The minutes without any line drawn from something confidential now (`hidden` ids). The
    draft never draws on one; this guards lines kept in edited minutes from before a note, an
    action or a question was marked confidential."""
    out = dict(content)
    for key in REF_LISTS:
        out[key] = [line for line in content.get(key, []) if line.get("ref") not in hidden]
    out["sections"] = [
        {**section, "points": [p for p in section.get("points", []) if p.get("ref") not in hidden]}
        for section in content.get("sections", [])
    ]
    return out
