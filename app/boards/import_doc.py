"""Validated parsing of a JSON export for `POST /api/boards/import` (format: app.export.json_doc).

`parse_import` either returns an `ImportDoc` that `app.boards.transfer.import_board` can store
as it is, or raises `ImportRejected` (a 422 `Invalid` and a `ValueError`) with a sentence a
person can act on. A redacted copy is refused: its confidential notes are gone, so importing it
would silently lose them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from app.errors import Invalid
from app.practice.sections import NoteKind, Pathway, PersonRole, SectionKey
from app.schemas import GapOut
from app.schemas_followup import MinutesContent
from app.text_safety import xml_safe

FORMAT_VERSION = 1
MAX_NOTES = 5000
MAX_EVENTS = 100_000

Id = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Short = Annotated[str, StringConstraints(max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
Identity = Annotated[str, StringConstraints(max_length=200)]


class ImportRejected(Invalid, ValueError):
    code = "invalid_import"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """Blobs stored as JSON (flags, gaps): known fields are checked, new ones are kept."""

    model_config = ConfigDict(extra="allow")


class FlagIn(Open):
    kind: Literal["blaming"] = "blaming"
    category: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    message: str
    pivot: list[str] = Field(default_factory=list, max_length=5)
    status: Literal["open", "pivoted", "kept"] = "open"
    reason: str | None = None


class AuthorIn(Strict):
    id: Id
    name: Short


class NoteIn(Strict):
    id: Id
    section: SectionKey
    text: Text
    kind: NoteKind
    agency: Short
    author: AuthorIn
    version: Annotated[int, Field(ge=1)]
    created_at: AwareDatetime
    updated_at: AwareDatetime
    flags: list[FlagIn] = Field(default_factory=list, max_length=20)
    confidential: bool = False
    owner: Short | None = None
    due: dt.date | None = None
    source: Short | None = None
    pathways: list[Pathway] = Field(default_factory=list)
    about: list[Id] = Field(default_factory=list, max_length=30)
    # Who last rewrote the text and when; absent from exports made before they were recorded.
    edited_by: Short | None = None
    edited_at: AwareDatetime | None = None


class PersonIn(Strict):
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    role: PersonRole
    age: Annotated[int, Field(ge=0, le=120)] | None = None


class ParticipantIn(Strict):
    id: Id
    name: Short
    agency: Short
    role: Literal["facilitator", "participant", "viewer"]
    status: Literal["waiting", "admitted", "removed"]
    # A signed-in member's e-mail or username; absent from older exports and redacted copies.
    identity: Identity | None = None


class GapIn(GapOut):
    """A gap as exported (app.schemas.GapOut), kept as a blob: new fields are kept, and what the
    import stores is held to the limits of the tables (ids) and of an action."""

    model_config = ConfigDict(extra="allow")

    section: SectionKey | None = None
    note_id: Id | None = None
    person_id: Id | None = None
    # `status` is absent from exports made before gaps read the plan: those gaps were open
    owner_note_id: Id | None = None
    action: Annotated[str, StringConstraints(max_length=1000)] | None = None


class SectionIn(Strict):
    key: SectionKey
    title: str
    prompt: str


class ActionIn(Strict):
    """Derived from the notes; checked for shape, then ignored."""

    note_id: Id
    section: SectionKey
    text: str
    owner: str | None = None
    due: str | None = None
    agency: str


class BoardIn(Strict):
    id: Id
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    status: Literal["open", "locked", "closed"]
    seq: Annotated[int, Field(ge=0)]
    focus: SectionKey | None = None
    admit_mode: Literal["auto", "manual"] = "auto"
    show_gaps: bool = False
    created_at: AwareDatetime
    closed_at: AwareDatetime | None = None
    sections: list[SectionIn] = Field(default_factory=list, max_length=4)
    family: list[PersonIn] = Field(default_factory=list, max_length=30)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=1000)
    notes: list[NoteIn] = Field(default_factory=list, max_length=MAX_NOTES)
    gaps: list[GapIn] = Field(default_factory=list, max_length=1000)
    actions: list[ActionIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> BoardIn:
        for what, ids in (
            ("family", [p.id for p in self.family]),
            ("participants", [p.id for p in self.participants]),
            ("notes", [n.id for n in self.notes]),
        ):
            if len(set(ids)) != len(ids):
                raise ValueError(f"two {what} entries share an id")
        people = {p.id for p in self.family}
        for n in self.notes:
            if any(a not in people for a in n.about):
                raise ValueError(f"note {n.id} is about someone who is not in `family`")
        return self


class EventIn(Strict):
    seq: Annotated[int, Field(ge=1)]
    type: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    data: dict[str, Any]
    created_at: AwareDatetime


class AuditIn(Strict):
    seq: Annotated[int, Field(ge=1)] | None = None
    at: AwareDatetime
    actor_id: Id | None = None
    actor_name: Short
    actor_role: Annotated[str, StringConstraints(max_length=16)]
    actor_identity: Identity | None = None  # absent from older exports
    action: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    target: Annotated[str, StringConstraints(max_length=64)] | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class EarlierNoteIn(Strict):
    """A note of an earlier meeting, carried forward read-only onto a review board."""

    id: Id
    section: SectionKey
    text: Text
    kind: NoteKind
    agency: Short
    author_name: Short
    confidential: bool = False
    owner: Short | None = None
    due: dt.date | None = None
    source: Short | None = None
    about: list[Id] = Field(default_factory=list, max_length=30)
    meeting_date: AwareDatetime
    from_board_id: Id
    created_at: AwareDatetime
    edited_by: Short | None = None
    edited_at: AwareDatetime | None = None


ActionStatus = Literal["open", "done", "in_progress", "not_done"]
Evidence = Annotated[str, StringConstraints(max_length=500)]


class ReviewActionIn(Strict):
    id: Id
    text: Text
    owner: Short | None = None
    due: dt.date | None = None
    agency: Short
    confidential: bool = False
    status: ActionStatus = "open"
    evidence: Evidence = ""
    previous_status: ActionStatus | None = None
    previous_evidence: Evidence = ""
    meeting_date: AwareDatetime
    from_board_id: Id
    version: Annotated[int, Field(ge=1)] = 1
    updated_by: Short | None = None
    updated_at: AwareDatetime | None = None
    edited_by: Short | None = None
    edited_at: AwareDatetime | None = None


class EvidenceIn(Strict):
    id: Id
    question: Literal["naming", "claiming", "changes"]
    text: Text
    agency: Short
    author: AuthorIn
    confidential: bool = False
    created_at: AwareDatetime


class RatingIn(Strict):
    rating: Literal["not_yet", "partly", "clearly"]
    set_by: Short | None = None
    set_at: str | None = None


class ReviewIn(Strict):
    """A review meeting's side of the board (app.export.followup_bundle)."""

    number: Annotated[int, Field(ge=1)]
    previous_id: Id | None = None
    previous_title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    previous_date: AwareDatetime
    ratings: dict[Literal["naming", "claiming", "changes"], RatingIn] = Field(default_factory=dict)
    history: list[dict[str, Any]] = Field(default_factory=list, max_length=200)
    earlier_notes: list[EarlierNoteIn] = Field(default_factory=list, max_length=MAX_NOTES * 4)
    actions: list[ReviewActionIn] = Field(default_factory=list, max_length=MAX_NOTES)
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=MAX_NOTES)


class MinutesIn(Strict):
    status: Literal["draft", "final"]
    version: Annotated[int, Field(ge=1)]
    edited: bool = False
    content: MinutesContent
    updated_at: AwareDatetime
    finalised_at: AwareDatetime | None = None
    finalised_by: Short | None = None
    # The board had changed since the draft when exported; absent from older files (up to date).
    stale: bool = False

    @field_validator("content", mode="before")
    @classmethod
    def _stored_before(cls, value: Any) -> Any:
        """Minutes saved before control characters were refused may hold some: the copy leaves
        them out rather than refuse the file (notes keep theirs; the downloads drop them)."""
        return xml_safe(value)


class ImportDoc(Strict):
    casemap_export: Literal[1]
    exported_at: AwareDatetime
    exported_by: str | None = None
    redacted: Literal[False]
    withheld_notes: Literal[0] = 0
    board: BoardIn
    events: list[EventIn] = Field(default_factory=list, max_length=MAX_EVENTS)
    audit: list[AuditIn] = Field(default_factory=list, max_length=MAX_EVENTS)
    review: ReviewIn | None = None
    minutes: MinutesIn | None = None

    @model_validator(mode="after")
    def _log_in_order(self) -> ImportDoc:
        seqs = [e.seq for e in self.events]
        if any(b <= a for a, b in itertools.pairwise(seqs)):
            raise ValueError("`events` must be in strictly increasing `seq` order")
        if seqs and seqs[-1] > self.board.seq:
            raise ValueError("`board.seq` is lower than the last event's `seq`")
        return self

    @model_validator(mode="after")
    def _review_consistent(self) -> ImportDoc:
        if self.review is None:
            return self
        people = {p.id for p in self.board.family}
        for n in self.review.earlier_notes:
            if any(a not in people for a in n.about):
                raise ValueError(f"earlier note {n.id} is about someone who is not in `family`")
        ids = [
            *(n.id for n in self.board.notes),
            *(n.id for n in self.review.earlier_notes),
            *(a.id for a in self.review.actions),
            *(e.id for e in self.review.evidence),
        ]
        if len(set(ids)) != len(ids):
            raise ValueError("two notes, earlier notes, actions or evidence share an id")
        return self


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def describe(exc: ValidationError, limit: int = 3) -> str:
    errors = exc.errors(include_url=False)
    parts = [f"`{_where(e['loc'])}`: {str(e['msg']).rstrip('.')}" for e in errors[:limit]]
    more = f" (and {len(errors) - limit} more problems)" if len(errors) > limit else ""
    return "This file cannot be imported: " + "; ".join(parts) + more + "."


def parse_import(doc: Any) -> ImportDoc:
    """Check a parsed JSON export; refuse anything that is not a complete Casemap export."""
    if not isinstance(doc, dict) or "casemap_export" not in doc:
        raise ImportRejected("This is not a Casemap export: choose the .json file that Casemap downloaded.")
    if doc["casemap_export"] != FORMAT_VERSION:
        raise ImportRejected(
            f"This export uses format {doc['casemap_export']!r}; this server reads format {FORMAT_VERSION}.",
            code="unsupported_version",
        )
    if doc.get("redacted") is not False:
        raise ImportRejected(
            "This is a redacted copy: its confidential notes were taken out, so importing it would lose them. "
            "Import the full (not redacted) JSON export instead.",
            code="redacted_export",
        )
    try:
        return ImportDoc.model_validate(doc)
    except ValidationError as exc:
        raise ImportRejected(describe(exc)) from exc
