"""From an export bundle to what a reader of the finished map sees (`MapView`).

Every human-readable renderer (Markdown, Word, PDF) works from the same `MapView`, so they
agree on order, wording and, above all, on what a redacted copy leaves out: redaction happens
once, here, via `app.export.redact`.

The bundle is a plain dict (app/boards/shapes.py's `BundleJSON`):

    {"format_version": 1, "exported_at": iso, "exported_by": name,
     "board": <board_out for the facilitator>, "events": [...], "audit": [...],
     "review": ..., "minutes": ...}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from app.boards.shapes import BoardJSON, BundleJSON, FlagJSON, GapJSON, NoteJSON, PersonJSON
from app.export.redact import redact_bundle, withheld_notes
from app.local_time import TZ_NAME, local

if TYPE_CHECKING:
    from app.export.review_doc import ReviewView
    from app.practice.sections import NoteKind, Pathway, PersonRole
from app.practice.sections import CATEGORY_LABELS, NOTE_KINDS, PATHWAY_LABELS, PERSON_ROLES, SECTIONS

CLASSIFICATION = "OFFICIAL-SENSITIVE"
HANDLING = "contains information about children and domestic abuse – handle and store securely"
REDACTED_LABEL = "REDACTED COPY"


@dataclass(frozen=True)
class PersonView:
    name: str
    role: str
    age: str


@dataclass(frozen=True)
class AttendeeView:
    name: str
    agency: str
    remark: str = ""


@dataclass(frozen=True)
class NoteView:
    ref: str  # "2.3": section 2, third note
    text: str
    agency: str
    author: str
    kind: str
    kind_label: str
    source: str
    confidential: bool
    owner: str
    due: str
    about: str
    flagged: bool
    edited: str = ""  # "Edited by Tom Baird, 5 Dec 2026, 10:42" when the text was rewritten
    pathways: str = ""  # "Children's safety and wellbeing, Family ecology"

    @property
    def written_by(self) -> str:
        """Whose words these are: the author, and who rewrote them if anyone did."""
        return f"{self.author} ({self.edited[0].lower()}{self.edited[1:]})" if self.edited else self.author


@dataclass(frozen=True)
class NoteGroup:
    """Notes of one section shown together: in `impact`, the notes about one child (or the
    same children); `label` is "" where a section is not grouped."""

    label: str
    notes: list[NoteView]


@dataclass(frozen=True)
class SectionView:
    key: str
    number: int
    title: str
    short: str
    prompt: str
    notes: list[NoteView]
    withheld: int
    withheld_text: str
    groups: list[NoteGroup] = field(default_factory=list)


@dataclass(frozen=True)
class ActionView:
    ref: str
    text: str
    owner: str
    due: str
    agency: str


@dataclass(frozen=True)
class QuestionView:
    message: str
    section: str
    owned_by: str  # who owns it, or what will find it out, in words ("" when nobody yet)
    severity: str
    finding_out: bool = False  # an action will find it out: listed apart from the open ones


@dataclass(frozen=True)
class FlagView:
    ref: str
    note_text: str
    agency: str
    author: str
    category: str
    message: str
    outcome: str  # "Pivoted" | "Kept" | "Still open"
    reason: str
    resolved: str  # "by Facilitator, 28 Nov 2026 10:41" or ""


@dataclass(frozen=True)
class MapView:
    title: str
    status: str
    date_text: str
    time_text: str
    exported_text: str
    redacted: bool
    classification: str
    handling: str
    family: list[PersonView]
    attendees: list[AttendeeView]
    sections: list[SectionView]
    actions: list[ActionView]
    questions: list[QuestionView]
    flags: list[FlagView]
    withheld_total: int
    withheld_text: str
    note_count: int
    agencies: list[str] = field(default_factory=list)
    review: ReviewView | None = None  # a review meeting's side (app.export.review_doc)

    @property
    def open_questions(self) -> list[QuestionView]:
        return [q for q in self.questions if not q.finding_out]

    @property
    def being_found_out(self) -> list[QuestionView]:
        return [q for q in self.questions if q.finding_out]

    @property
    def footer(self) -> str:
        text = f"{self.classification}: {self.handling}"
        return f"{REDACTED_LABEL} · {text}" if self.redacted else text


def day_text(when: datetime) -> str:
    return f"{when:%A} {when.day} {when:%B %Y}"


def stamp_text(value: str) -> str:
    when = local(value)
    return f"{when.day} {when:%b %Y, %H:%M}"


def due_text(value: str | None) -> str:
    if not value:
        return ""
    try:
        when = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{when:%a} {when.day} {when:%b %Y}"


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def withheld_sentence(n: int) -> str:
    if n == 0:
        return ""
    verb = "is" if n == 1 else "are"
    return f"{plural(n, 'confidential note', 'confidential notes')} {verb} left out of this copy."


def _time_text(board: BoardJSON) -> str:
    start = local(board["created_at"])
    closed_at = board.get("closed_at")
    if closed_at:
        end = local(closed_at)
        if end.date() == start.date():
            return f"{start:%H:%M} to {end:%H:%M} ({TZ_NAME})"
        return f"{start:%H:%M} to {day_text(end)} {end:%H:%M} ({TZ_NAME})"
    return f"started {start:%H:%M} ({TZ_NAME}); the meeting was still open when this copy was made"


def _status(board: BoardJSON) -> str:
    labels = {"open": "Open", "locked": "Open (locked)", "closed": "Closed"}
    status = str(board.get("status", "open"))
    closed_at = board.get("closed_at")
    if status == "closed" and closed_at:
        return f"Closed {stamp_text(closed_at)}"
    return labels.get(status, status.capitalize())


def _person(p: PersonJSON) -> PersonView:
    age = "" if p.get("age") is None else str(p["age"])
    # An unknown role (a document from elsewhere) is shown as it is.
    role = PERSON_ROLES.get(cast("PersonRole", p["role"]), str(p["role"]))
    return PersonView(name=str(p["name"]), role=role, age=age)


def _attendees(board: BoardJSON) -> list[AttendeeView]:
    authors = {n["author"]["id"] for n in board["notes"]}
    out: list[AttendeeView] = []
    for p in board["participants"]:
        if p["role"] == "facilitator":
            name = "Facilitator" if p["name"] in ("", "Facilitator") else f"{p['name']} (facilitator)"
            out.insert(0, AttendeeView(name=name, agency="Chair of the meeting"))
        elif p["role"] == "participant" and p["status"] == "admitted":
            out.append(AttendeeView(name=p["name"], agency=p["agency"]))
        elif p["role"] == "participant" and p["status"] == "removed" and p["id"] in authors:
            out.append(AttendeeView(name=p["name"], agency=p["agency"], remark="left the board before the end"))
    return out


def _note(n: NoteJSON, ref: str, names: dict[str, str], flags: bool) -> NoteView:
    return NoteView(
        ref=ref,
        text=str(n["text"]),
        agency=str(n["agency"]),
        author=str(n["author"]["name"]),
        kind=str(n["kind"]),
        kind_label=NOTE_KINDS.get(cast("NoteKind", n["kind"]), str(n["kind"])),
        source=str(n.get("source") or ""),
        confidential=bool(n.get("confidential")),
        owner=str(n.get("owner") or ""),
        due=due_text(n.get("due")),
        about=", ".join(names[a] for a in n.get("about") or [] if a in names),
        flagged=bool(n.get("flags")) and flags,
        edited=f"Edited by {n['edited_by']}, {stamp_text(str(n['edited_at']))}" if n.get("edited_by") else "",
        pathways=", ".join(PATHWAY_LABELS.get(cast("Pathway", p), str(p)) for p in n.get("pathways") or []),
    )


def _flag(f: FlagJSON, note: NoteView) -> FlagView:
    status = f.get("status", "open")
    outcome = {"pivoted": "Pivoted", "kept": "Kept"}.get(status, "Still open")
    resolved = ""
    if status != "open" and f.get("resolved_at"):
        resolved = f"by {f.get('resolved_by') or 'the facilitator'}, {stamp_text(str(f['resolved_at']))}"
    return FlagView(
        ref=note.ref,
        note_text=note.text,
        agency=note.agency,
        author=note.written_by,
        category=CATEGORY_LABELS.get(f["category"], str(f["category"]).replace("_", " ").capitalize()),
        message=str(f.get("message") or ""),
        outcome=outcome,
        reason=str(f.get("reason") or "") if status == "kept" else "",
        resolved=resolved,
    )


def _question(g: GapJSON) -> QuestionView:
    shorts: dict[str, str] = {s.key: s.short for s in SECTIONS}
    finding_out = g.get("status") == "finding_out"
    if finding_out and g.get("action"):
        owned = f"Being found out: {g['action']}"
    elif finding_out and g.get("owned_by"):
        owned = f"Being found out by {g['owned_by']}"
    elif g.get("owned_by"):  # an owned question, or an export made before gaps read the plan
        owned = f"Owned by {g['owned_by']}"
    else:
        owned = ""
    return QuestionView(
        message=str(g["message"]),
        section=shorts.get(g.get("section") or "", "Whole map"),
        owned_by=owned,
        severity=str(g.get("severity", "info")),
        finding_out=finding_out,
    )


def _by_child(notes: list[NoteJSON], children: list[PersonJSON]) -> list[tuple[str, list[NoteJSON]]]:
    """The impact section read child by child (domain.md §3: every child should appear): one
    group per child, then notes about several children together, then the rest. Each note is
    in one group only, so its number is unique."""
    order = {c["id"]: i for i, c in enumerate(children)}
    groups: dict[tuple[int, ...], list[NoteJSON]] = {}
    for n in notes:
        key = tuple(sorted(order[a] for a in set(n.get("about") or []) if a in order))
        groups.setdefault(key, []).append(n)
    keys = sorted((k for k in groups if k), key=lambda k: (len(k), k))

    def label(key: tuple[int, ...]) -> str:
        names = [str(children[i]["name"]) for i in key]
        return "About " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])

    out = [(label(k), groups[k]) for k in keys]
    if () in groups:
        out.append(("Not about one child in particular" if out else "", groups[()]))
    return out


def build_view(bundle: BundleJSON, redact: bool, *, flags: bool = True) -> MapView:
    """Everything the documents show, in reading order. `flags=False` leaves out the flags
    appendix and markers (for a copy made for someone other than the facilitator)."""
    from app.export.review_doc import build_review_view  # here: review_doc imports this module

    withheld = withheld_notes(bundle) if redact else []
    if redact:
        bundle = redact_bundle(bundle)
    board = bundle["board"]
    names = {p["id"]: p["name"] for p in board["family"]}
    sections: list[SectionView] = []
    flag_views: list[FlagView] = []
    actions: list[tuple[str, ActionView]] = []
    children = [p for p in board["family"] if p["role"] == "child"]
    for number, s in enumerate(SECTIONS, start=1):
        raw = [n for n in board["notes"] if n["section"] == s.key]
        grouped = _by_child(raw, children) if s.key == "impact" and children else [("", raw)]
        raw = [n for _, group in grouped for n in group]  # numbered in the order they are read
        notes = [_note(n, f"{number}.{i}", names, flags) for i, n in enumerate(raw, start=1)]
        it = iter(notes)
        groups = [NoteGroup(label, [next(it) for _ in group]) for label, group in grouped if group]
        hidden = sum(1 for n in withheld if n["section"] == s.key)
        sections.append(
            SectionView(s.key, number, s.title, s.short, s.prompt, notes, hidden, withheld_sentence(hidden), groups)
        )
        for n, view in zip(raw, notes, strict=True):
            flag_views.extend(_flag(f, view) for f in (n.get("flags") or []) if flags)
            if view.kind == "action":
                due = str(n.get("due") or "9999")  # by due date; undated last, board order kept
                actions.append((due, ActionView(view.ref, view.text, view.owner, view.due, view.agency)))
    actions.sort(key=lambda pair: pair[0])
    created = local(board["created_at"])
    return MapView(
        title=str(board["title"]),
        status=_status(board),
        date_text=day_text(created),
        time_text=_time_text(board),
        exported_text=f"{stamp_text(bundle['exported_at'])} by {bundle.get('exported_by') or 'the facilitator'}",
        redacted=redact,
        classification=CLASSIFICATION,
        handling=HANDLING,
        family=[_person(p) for p in board["family"]],
        attendees=_attendees(board),
        sections=sections,
        actions=[a for _, a in actions],
        questions=[_question(g) for g in board.get("gaps", [])],
        flags=flag_views,
        withheld_total=len(withheld),
        withheld_text=withheld_sentence(len(withheld)),
        note_count=sum(len(s.notes) for s in sections),
        agencies=sorted({n["agency"] for n in board["notes"]}),
        review=build_review_view(bundle.get("review"), redact),
    )
