"""Public (contract) shapes of board objects, and what each audience may see of them.

One stream of events is stored with full detail; `visible_*` trims it per subscriber so a
participant never receives another author's flags and the projector never receives flags or
confidential text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypedDict, cast

from app.boards.shapes import (
    BoardJSON,
    EventData,
    FlagJSON,
    GapJSON,
    GapsUpdatedJSON,
    NoteJSON,
    ParticipantJSON,
    PersonJSON,
    SectionJSON,
)
from app.models import Board, Note, Participant, Person
from app.practice.sections import SECTIONS

CONFIDENTIAL_PLACEHOLDER = ""


class AuditColumns(TypedDict):
    actor_id: str | None
    actor_name: str
    actor_role: str
    actor_identity: str | None


@dataclass(frozen=True)
class Actor:
    """Who is asking: one token of one board."""

    participant_id: str
    board_id: str
    role: str  # facilitator | participant | viewer
    status: str  # waiting | admitted | removed
    name: str
    agency: str
    # Signed-in staff (app/auth): how the audit trail names them.
    identity: str | None = None

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"

    def audit_columns(self) -> AuditColumns:
        """How the audit trail names whoever did something."""
        return {
            "actor_id": self.participant_id or None,
            "actor_name": self.name,
            "actor_role": self.role,
            "actor_identity": self.identity,
        }

    @property
    def audience(self) -> str:
        """A key for caching renders: everyone with the same key sees the same thing,
        except a participant's own flags (handled by `sees_flags_of`)."""
        return self.role


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def note_out(note: Note) -> NoteJSON:
    return {
        "id": note.id,
        "section": note.section,
        "text": note.text,
        "kind": note.kind,
        "agency": note.agency,
        "author": {"id": note.author_id, "name": note.author_name},
        "version": note.version,
        "created_at": iso(note.created_at),
        "updated_at": iso(note.updated_at),
        "flags": cast("list[FlagJSON]", list(note.flags)),
        "confidential": note.confidential,
        "owner": note.owner,
        "due": note.due,
        "source": note.source,
        "pathways": list(note.pathways),
        "about": list(note.about),
        "edited_by": note.edited_by,
        "edited_at": iso(note.edited_at) if note.edited_at else None,
    }


def person_out(person: Person) -> PersonJSON:
    return {"id": person.id, "name": person.name, "role": person.role, "age": person.age}


def participant_out(p: Participant) -> ParticipantJSON:
    return {
        "id": p.id,
        "name": p.name,
        "agency": p.agency,
        "role": p.role,
        "status": p.status,
        "online": p.connections > 0,
    }


def sections_out() -> list[SectionJSON]:
    return [{"key": s.key, "title": s.title, "prompt": s.prompt} for s in SECTIONS]


def visible_note(note: NoteJSON, actor: Actor) -> NoteJSON:
    if actor.is_facilitator:
        return note
    out = note.copy()
    if note["author"]["id"] != actor.participant_id:
        out["flags"] = []
    if actor.role == "viewer":
        out["flags"] = []
        if note["confidential"]:
            out["text"] = CONFIDENTIAL_PLACEHOLDER
            out["source"] = None
    return out


def visible_participant(p: ParticipantJSON, actor: Actor) -> bool:
    """Only the facilitator sees the waiting room and removed people; nobody lists the projector."""
    if p["role"] == "viewer":
        return False
    return actor.is_facilitator or p["status"] == "admitted"


def visible_event(type_: str, data: Mapping[str, object], actor: Actor) -> EventData | None:
    """What this actor receives of one stored event, or None for nothing at all. The envelope
    carries `data` unread: its type says which shape it is."""
    if type_ in ("note.created", "note.updated"):
        return visible_note(cast(NoteJSON, data), actor)
    if type_.startswith("participant."):
        participant = cast(ParticipantJSON, data)
        return participant if visible_participant(participant, actor) else None
    if type_ == "gaps.updated" and actor.role == "viewer":
        update = cast(GapsUpdatedJSON, data)
        shown = bool(update.get("shown", False))
        return {**update, "gaps": visible_gaps(update.get("gaps", []), actor) if shown else [], "shown": shown}
    return cast(EventData, data)


def visible_gaps(gaps: Sequence[GapJSON], actor: Actor) -> list[GapJSON]:
    """The projector never shows a confidential note's open question."""
    if actor.role != "viewer":
        return list(gaps)
    return [g for g in gaps if not g.get("confidential")]


def flagged_notes(notes: Sequence[NoteJSON]) -> list[NoteJSON]:
    """The facilitator's flags panel: flagged notes, those with open flags first."""
    flagged = [n for n in notes if n["flags"]]
    return sorted(flagged, key=lambda n: not any(f["status"] == "open" for f in n["flags"]))


def board_out(
    board: Board,
    people: list[Person],
    participants: list[Participant],
    notes: list[Note],
    gaps: list[GapJSON],
    actor: Actor,
) -> BoardJSON:
    parts = [participant_out(p) for p in participants]
    return {
        "id": board.id,
        "title": board.title,
        "status": board.status,
        "seq": board.seq,
        "focus": board.focus,
        "admit_mode": board.admit_mode,
        "join_code": board.join_code if actor.role != "viewer" or board.status != "closed" else None,
        "sections": sections_out(),
        "family": [person_out(p) for p in people],
        "participants": [p for p in parts if visible_participant(p, actor)],
        "notes": [visible_note(note_out(n), actor) for n in notes],
        "gaps": visible_gaps(gaps, actor) if actor.role != "viewer" or board.show_gaps else [],
        "show_gaps": board.show_gaps,
        "created_at": iso(board.created_at),
        "closed_at": iso(board.closed_at) if board.closed_at else None,
    }
