"""Gather an export bundle (the one input of every renderer) from the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlmodel import Session

from app.boards import repository as repo
from app.boards import service
from app.boards.shapes import AuditJSON, BoardJSON, BundleJSON, ExportEventJSON, ParticipantJSON, RecordJSON
from app.boards.visibility import Actor, iso
from app.export.followup_bundle import followup_parts
from app.models import Event

FORMAT_VERSION = 1


def event_out(ev: Event) -> ExportEventJSON:
    return {"seq": ev.seq, "type": ev.type, "data": ev.data, "created_at": iso(ev.created_at)}


def make_bundle(
    board: BoardJSON,
    events: list[ExportEventJSON],
    audit: list[AuditJSON],
    exported_by: str,
    now: datetime | None = None,
) -> RecordJSON:
    """`board` is `board_out` as the facilitator sees it (flags and confidential text included)."""
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": iso(now or datetime.now(UTC)),
        "exported_by": exported_by,
        "board": board,
        "events": events,
        "audit": audit,
    }


def collect_bundle(s: Session, actor: Actor, now: datetime | None = None) -> BundleJSON:
    """Everything about the actor's board, as the facilitator sees it. Facilitator only:
    the bundle holds confidential text and every flag, whatever copy is made from it."""
    service.require_facilitator(actor)
    board = service.board_view(s, actor.board_id, actor)
    # Signed-in staff (app/auth) are named in the record by their identity too, as in the audit.
    identity = {p.id: p.identity for p in repo.participants(s, actor.board_id)}
    # (Only the export's participants carry it: json_doc.PARTICIPANT_FIELDS; the live shape never does.)
    board["participants"] = cast(
        list[ParticipantJSON], [{**p, "identity": identity.get(p["id"])} for p in board["participants"]]
    )
    events = [event_out(ev) for ev in repo.all_events(s, actor.board_id)]
    audit = service.audit_trail(s, actor)
    return {**make_bundle(board, events, audit, actor.name, now), **followup_parts(s, actor.board_id)}
