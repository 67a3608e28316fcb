"""The hot write path of a new note, in SQLAlchemy Core: what every meeting does most.

`create_note` (app/boards/notes.py) tries this first. In one transaction, on the session's
connection and with statements built once: one SELECT that locks the board row and reads the
author, the board's note count and any note already made with the same client_id; the board's
next seq; then the note, its event and its audit row. No ORM objects, no unit-of-work flush.

Only the ordinary case is handled here: anything else (a retried client_id, `about` to check
against the family panel, a refusal to explain) returns None before anything is written, and
the ORM path runs in the same transaction with its checks and messages.

New columns flow through: a Note column that NoteCreate also has (same name) is copied from the
validated request; any other column takes its model default (`Field(default=...)` or
`default_factory`). Only a column whose value is computed on the server needs a line in
`note_values`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from app.boards import checks, note_sqlite
from app.boards.events import NOTE_CREATED
from app.boards.shapes import NoteJSON
from app.boards.tokens import new_id
from app.boards.visibility import Actor, note_out, visible_note
from app.config import Settings
from app.models import Audit, Board, Event, Note, Participant, utcnow
from app.practice.wording import Family
from app.realtime.envelope import BoardEvent
from app.schemas import NoteCreate


def _table(model: type[SQLModel]) -> Table:
    return cast(Table, sa_inspect(model).local_table)


BOARD, PARTICIPANT, NOTE, EVENT, AUDIT = (_table(m) for m in (Board, Participant, Note, Event, Audit))

# Locks the board row (PostgreSQL; SQLite holds its write lock since BEGIN IMMEDIATE) and reads
# everything the checks need in the same statement.
PREFLIGHT = (
    select(
        BOARD.c.status.label("board_status"),
        PARTICIPANT.c.id.label("pid"),
        PARTICIPANT.c.role,
        PARTICIPANT.c.status,
        PARTICIPANT.c.name,
        PARTICIPANT.c.agency,
        PARTICIPANT.c.identity,
        select(func.count())
        .select_from(NOTE)
        .where(NOTE.c.board_id == bindparam("b_id"))
        .scalar_subquery()
        .label("notes"),
        select(NOTE.c.id)
        .where(NOTE.c.board_id == bindparam("b_id"), NOTE.c.client_id == bindparam("cid"))
        .limit(1)
        .scalar_subquery()
        .label("existing"),
    )
    .select_from(
        BOARD.outerjoin(PARTICIPANT, (PARTICIPANT.c.id == bindparam("p_id")) & (PARTICIPANT.c.board_id == BOARD.c.id))
    )
    .where(BOARD.c.id == bindparam("b_id"))
    .with_for_update(of=BOARD)
)

NEXT_SEQ = (
    update(BOARD)
    .where(BOARD.c.id == bindparam("b_id"))
    .values(seq=BOARD.c.seq + 1, updated_at=bindparam("now"), gaps_stale=True)
    .returning(BOARD.c.seq)
)
INSERT_NOTE = insert(NOTE)
INSERT_EVENT = insert(EVENT)
INSERT_AUDIT = insert(AUDIT)

# Request fields copied as they are onto the note's columns of the same name.
_COPIED = [name for name in NoteCreate.model_fields if name in NOTE.c]


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _default_makers(model: type[SQLModel], table: Table) -> list[tuple[str, Callable[[], Any]]]:
    """Each column's model default, as the ORM would fill it (a factory is called anew). Worked
    out once: pydantic's `get_default` inspects the factory's signature on every call."""
    makers: list[tuple[str, Callable[[], Any]]] = []
    for column in table.columns:
        field = model.model_fields.get(column.key)
        if field is None or field.is_required():
            continue
        if column.primary_key and field.default is None:
            continue  # an autoincrement id: the database assigns it
        factory = field.default_factory
        if factory is not None:
            makers.append((column.key, cast(Callable[[], Any], factory)))
        else:
            makers.append((column.key, _constant(field.default)))
    return makers


_MAKERS: dict[str, list[tuple[str, Callable[[], Any]]]] = {}


def _defaults(model: type[SQLModel], table: Table) -> dict[str, Any]:
    makers = _MAKERS.get(table.name)
    if makers is None:
        makers = _MAKERS[table.name] = _default_makers(model, table)
    return {key: make() for key, make in makers}


def note_values(actor: Actor, data: NoteCreate, seq: int, family: Family | None) -> dict[str, Any]:
    """Every column of a new note: the one mapping from request and author to the record, used by
    the Core path here and the ORM path in notes.py alike (who wrote it, confidential, the text).
    ``family`` is the board's panel (``checks.family_for``): the wording checks read "Kayleigh"
    as the survivor she is, as on an edit and in the typing hint."""
    values = _defaults(Note, NOTE)
    values.update({name: getattr(data, name) for name in _COPIED if getattr(data, name) is not None})
    values.update(
        id=new_id(),
        board_id=actor.board_id,
        kind=data.kind or "observation",
        agency=actor.agency,
        author_id=actor.participant_id,
        author_name=actor.name,
        confidential=bool(data.confidential),
        due=data.due.isoformat() if data.due else None,
        pathways=list(data.pathways or []),
        about=list(data.about or []),
        flags=checks.flags_for(data.text, data.section, family),
        sort_key=seq,
    )
    return values


def event_values(actor: Actor, seq: int, note: NoteJSON) -> dict[str, Any]:
    """The note.created event's row; ``note`` is the note as `note_out` gives it."""
    values = _defaults(Event, EVENT)
    values.update(board_id=actor.board_id, seq=seq, type=NOTE_CREATED, data=note)
    return values


def audit_values(actor: Actor, seq: int, note: NoteJSON) -> dict[str, Any]:
    values = _defaults(Audit, AUDIT)
    values.update(
        board_id=actor.board_id,
        seq=seq,
        actor_id=actor.participant_id or None,
        actor_name=actor.name,
        actor_role=actor.role,
        actor_identity=actor.identity,
        action="note.created",
        target=note["id"],
        detail={"section": note["section"], "kind": note["kind"], "text": note["text"]},
    )
    return values


def ordinary(row: Any, data: NoteCreate, settings: Settings) -> bool:
    """The preflight's row says this is the ordinary case: an admitted author who may write, a
    new client_id, an open board with room, a text within the limit. Anything else goes to the
    ORM path, which refuses with its messages (or answers a retry)."""
    return not (
        row.pid is None
        or row.status != "admitted"
        or row.role == "viewer"
        or row.existing is not None
        or row.board_status == "closed"
        or (row.board_status == "locked" and row.role != "facilitator")
        or len(data.text) > settings.max_note_length
        or row.notes >= settings.max_notes_per_board
    )


def try_create(
    s: Session, actor: Actor, data: NoteCreate, settings: Settings
) -> tuple[NoteJSON, list[BoardEvent], bool] | None:
    """The note created and committed, as `create_note` returns it; None (nothing written) when
    this request needs the full path."""
    if data.about or actor.role == "viewer":
        return None
    bind = s.get_bind()
    if isinstance(bind, Connection) and bind.dialect.name == "sqlite" and not s.in_transaction():
        # SQLite's writer thread (app/db.py) and a session not used yet: the transaction is the
        # writer's, and the unit runs on its sqlite3 connection (app/boards/note_sqlite.py).
        return note_sqlite.try_create(bind, actor, data, settings)
    if s.new or s.dirty or s.deleted:
        s.flush()  # a caller's pending ORM rows go first, as autoflush would
    if bind.dialect.name == "postgresql":
        from app.boards import note_pg

        return note_pg.try_create(s, actor, data, settings)
    conn = s.connection()
    row = conn.execute(PREFLIGHT, {"b_id": actor.board_id, "p_id": actor.participant_id, "cid": data.client_id}).first()
    if row is None or not ordinary(row, data, settings):
        return None
    # The actor as the database has it now (a renamed or re-roled participant).
    actor = Actor(row.pid, actor.board_id, row.role, row.status, row.name, row.agency, row.identity)
    seq = int(conn.execute(NEXT_SEQ, {"b_id": actor.board_id, "now": utcnow()}).scalar_one())
    values = note_values(actor, data, seq, checks.family_for(s, actor.board_id))
    # note_out reads attributes: the row's values stand in for the ORM object.
    out = note_out(cast(Note, SimpleNamespace(**values)))
    try:
        conn.execute(INSERT_NOTE, values)
    except IntegrityError:
        # Another process made a note with this client_id after our snapshot: the full path
        # answers with that note, in a fresh transaction.
        s.rollback()
        return None
    conn.execute(INSERT_EVENT, event_values(actor, seq, out))
    conn.execute(INSERT_AUDIT, audit_values(actor, seq, out))
    s.commit()
    return visible_note(out, actor), [BoardEvent(actor.board_id, seq, NOTE_CREATED, out)], True
