"""The ordinary new note on PostgreSQL in two round trips: a preflight that locks the board row
and reads everything the checks need (the author, the note count, a note with this client_id,
the board's seq and its family panel), then ONE statement that takes the next seq and inserts
the note, its event and its audit row (data-modifying CTEs), then COMMIT.

The board row is locked FOR UPDATE by the preflight until the commit, so the next seq is the
locked row's seq + 1; the statement still takes it with ``seq = seq + 1 ... RETURNING seq`` and
the two are compared. Values come from `note_insert.note_values` like every other path; a
refusal or anything unusual returns None before anything is written, and the ORM path runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.boards import checks
from app.boards import note_insert as core
from app.boards.events import NOTE_CREATED
from app.boards.shapes import NoteJSON
from app.boards.visibility import Actor, note_out, visible_note
from app.config import Settings
from app.models import Note, Person, utcnow
from app.realtime.envelope import BoardEvent
from app.schemas import NoteCreate

PERSON = cast(Table, Person.__table__)  # type: ignore[attr-defined]
BOARD = core.BOARD

PREFLIGHT = core.PREFLIGHT.add_columns(
    BOARD.c.seq.label("seq"),
    select(func.json_agg(aggregate_order_by(func.json_build_array(PERSON.c.name, PERSON.c.role), PERSON.c.position)))
    .where(PERSON.c.board_id == BOARD.c.id)
    .scalar_subquery()
    .label("family"),
)


def _insert_cte(table: Table, prefix: str, keys: Sequence[str]) -> Any:
    binds = {k: bindparam(f"{prefix}{k}", type_=table.c[k].type) for k in keys}
    return insert(table).values(binds).cte(f"new_{table.name}")


_WRITES: dict[tuple[tuple[str, ...], ...], Select[Any]] = {}


def _write_statement(note: Sequence[str], event: Sequence[str], audit: Sequence[str]) -> Select[Any]:
    """seq + note + event + audit as one statement, built once per set of columns."""
    key = (tuple(note), tuple(event), tuple(audit))
    found = _WRITES.get(key)
    if found is None:
        bump = (
            update(BOARD)
            .where(BOARD.c.id == bindparam("b_id"))
            .values(seq=BOARD.c.seq + 1, updated_at=bindparam("now"), gaps_stale=True)
            .returning(BOARD.c.seq)
            .cte("next_seq")
        )
        inserts = (_insert_cte(core.NOTE, "n_", note), _insert_cte(core.EVENT, "e_", event))
        found = _WRITES[key] = select(bump.c.seq).add_cte(*inserts, _insert_cte(core.AUDIT, "a_", audit))
    return found


def try_create(
    s: Session, actor: Actor, data: NoteCreate, settings: Settings
) -> tuple[NoteJSON, list[BoardEvent], bool] | None:
    """As `note_insert.try_create`, on PostgreSQL."""
    conn = s.connection()
    row = conn.execute(PREFLIGHT, {"b_id": actor.board_id, "p_id": actor.participant_id, "cid": data.client_id}).first()
    if row is None or not core.ordinary(row, data, settings):
        return None
    actor = Actor(row.pid, actor.board_id, row.role, row.status, row.name, row.agency, row.identity)
    seq = int(row.seq) + 1
    values = core.note_values(actor, data, seq, checks.family_from_rows((n, r) for n, r in row.family or ()))
    out = note_out(cast(Note, SimpleNamespace(**values)))
    event, audit = core.event_values(actor, seq, out), core.audit_values(actor, seq, out)
    params = {"b_id": actor.board_id, "now": utcnow()}
    params.update({f"n_{k}": v for k, v in values.items()})
    params.update({f"e_{k}": v for k, v in event.items()})
    params.update({f"a_{k}": v for k, v in audit.items()})
    try:
        taken = conn.execute(_write_statement(list(values), list(event), list(audit)), params).scalar_one()
    except IntegrityError:
        # Another process made a note with this client_id after our snapshot: the full path
        # answers with that note, in a fresh transaction.
        s.rollback()
        return None
    if taken != seq:  # cannot happen while the preflight's row lock holds; never store out of order
        raise RuntimeError(f"board {actor.board_id}: seq {taken} taken, {seq} expected")
    s.commit()
    return visible_note(out, actor), [BoardEvent(actor.board_id, seq, NOTE_CREATED, out)], True
