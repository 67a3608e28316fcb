"""The ordinary new note on SQLite, straight on the writer thread's sqlite3 connection.

`note_insert.try_create` hands a unit here when its session runs in SQLite's writer thread
(app/db.py GroupWriter) and has not been used yet. The same statements as the Core path (the
preflight that reads the author, the note count and any note with this client_id; the board's
next seq; the family panel; the note, its event and its audit row), the same values
(`note_insert.note_values` and the same defaults), but each statement is compiled by
SQLAlchemy once per process and then run as plain SQL on the DB-API connection, whose
statement cache keeps it prepared. Per call that saves SQLAlchemy's compile-cache lookup,
parameter processing and result wrapping: about 0.05-0.1 ms a statement.

Values are turned into SQLite's column values by each column type's own bind processor, as
SQLAlchemy does (JSON text, datetimes as text, booleans as 0/1), so a row written here is the
row the Core path writes. Anything unusual returns None before anything is written and the ORM
path runs, with its checks and messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from app.boards import checks
from app.boards.events import NOTE_CREATED
from app.boards.shapes import NoteJSON
from app.boards.visibility import Actor, note_out, visible_note
from app.config import Settings
from app.models import Note, Person, utcnow
from app.realtime.envelope import BoardEvent
from app.schemas import NoteCreate

PERSON = cast(Table, Person.__table__)  # type: ignore[attr-defined]

_FAMILY = select(PERSON.c.name, PERSON.c.role).where(PERSON.c.board_id == bindparam("b_id")).order_by(PERSON.c.position)

Processor = Callable[[Any], Any] | None


class Prepared:
    """A Core statement compiled once for this dialect: its SQL text, and the order and bind
    processors of its positional parameters. Bound values given at build time (``values(x=1)``)
    are kept and processed once."""

    __slots__ = ("_slots", "sql")

    def __init__(self, statement: ClauseElement, dialect: Dialect, column_keys: Sequence[str] | None = None) -> None:
        compiled = cast(
            SQLCompiler, statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        )
        if compiled.insert_prefetch or compiled.update_prefetch:
            # A column default left to SQLAlchemy would be missed here: every value is given.
            raise ValueError(f"columns without a value: {[*compiled.insert_prefetch, *compiled.update_prefetch]}")
        self.sql = compiled.string
        self._slots: list[tuple[str, Processor, bool, Any]] = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            fixed = not bind.required and bind.callable is None and name not in (column_keys or ())
            value = bind.value
            if fixed and process is not None:
                value = process(value)
            self._slots.append((bind.key, process, fixed, value))

    def params(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for key, process, fixed, value in self._slots:
            if fixed:
                out.append(value)
            else:
                given = values[key]
                out.append(process(given) if process is not None and given is not None else given)
        return tuple(out)


class Statements:
    """Every statement of the path, compiled for SQLite. Casemap's SQLite engines all use the
    dialect's defaults (app/db.py), so one set serves every engine of the process."""

    def __init__(self, dialect: Dialect) -> None:
        from app.boards import note_insert as core  # a cycle: note_insert hands units to this module

        self.preflight = Prepared(core.PREFLIGHT, dialect)
        self.preflight_columns = tuple(c.name for c in core.PREFLIGHT.selected_columns)
        self.next_seq = Prepared(core.NEXT_SEQ, dialect)
        self.family = Prepared(_FAMILY, dialect)
        self._inserts: dict[tuple[str, tuple[str, ...]], Prepared] = {}

    def insert(self, dialect: Dialect, table: Table, values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        keys = tuple(values)
        prepared = self._inserts.get((table.name, keys))
        if prepared is None:
            prepared = self._inserts[(table.name, keys)] = Prepared(insert(table), dialect, keys)
        return prepared.sql, prepared.params(values)


_STATEMENTS: dict[type[Dialect], Statements] = {}


def statements_for(dialect: Dialect) -> Statements:
    found = _STATEMENTS.get(type(dialect))
    if found is None:
        found = _STATEMENTS[type(dialect)] = Statements(dialect)
    return found


def try_create(
    conn: Connection, actor: Actor, data: NoteCreate, settings: Settings
) -> tuple[NoteJSON, list[BoardEvent], bool] | None:
    """The note written on ``conn``'s sqlite3 connection inside the writer's open transaction
    (committed by the writer with its group); None, with nothing written, when the ORM path is
    needed. The caller has ruled out ``about`` and the projector."""
    from app.boards import note_insert as core  # a cycle: note_insert hands units to this module

    st = statements_for(conn.dialect)
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cur = raw.cursor()
    try:
        ids = {"b_id": actor.board_id, "p_id": actor.participant_id, "cid": data.client_id}
        row = cur.execute(st.preflight.sql, st.preflight.params(ids)).fetchone()
        if row is None:
            return None
        got = SimpleNamespace(**dict(zip(st.preflight_columns, row, strict=True)))
        if not core.ordinary(got, data, settings):
            return None
        actor = Actor(got.pid, actor.board_id, got.role, got.status, got.name, got.agency, got.identity)
        family = checks.family_from_rows(cur.execute(st.family.sql, st.family.params(ids)).fetchall())
        now = {"b_id": actor.board_id, "now": utcnow()}
        seq = int(cur.execute(st.next_seq.sql, st.next_seq.params(now)).fetchall()[0][0])
        values = core.note_values(actor, data, seq, family)
        out = note_out(cast(Note, SimpleNamespace(**values)))
        event_values = core.event_values(actor, seq, out)
        cur.execute(*st.insert(conn.dialect, core.NOTE, values))
        cur.execute(*st.insert(conn.dialect, core.EVENT, event_values))
        cur.execute(*st.insert(conn.dialect, core.AUDIT, core.audit_values(actor, seq, out)))
    finally:
        cur.close()
    return visible_note(out, actor), [BoardEvent(actor.board_id, seq, NOTE_CREATED, out)], True
