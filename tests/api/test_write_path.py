"""The fast write path: a note written by the Core path (app/boards/note_insert.py) reads exactly
like one written by the ORM path, and SQLite's grouped commits (app/db.py GroupWriter) keep
each write unit's all-or-nothing: one failing unit loses nobody else's note."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.boards import repository as repo
from app.db import Database, metadata, run_write
from app.models import Audit, Board, Event
from tests.conftest import bearer, join, make_board


def _note(client: TestClient, bid: str, token: str, **body: Any) -> dict[str, Any]:
    r = client.post(f"/api/boards/{bid}/notes", json={"section": "pattern", **body}, headers=bearer(token))
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_core_and_orm_paths_store_and_announce_the_same_note(client: TestClient) -> None:
    board = make_board(client)
    bid = board["board"]["id"]
    sam = join(client, board)
    maria = next(p["id"] for p in board["board"]["family"] if p["name"] == "Maria")
    # Plain: the Core path. With `about`: the ORM path (the family panel is checked there).
    fast = _note(client, bid, sam["token"], text="Adam took Maria's phone", client_id="c-1", due="2027-01-05")
    full = _note(client, bid, sam["token"], text="Maria is scared of Adam", about=[maria])
    assert set(fast) == set(full)
    assert fast["author"] == full["author"] and fast["agency"] == full["agency"] == "Police"
    assert (fast["kind"], fast["version"], fast["due"], fast["flags"]) == ("observation", 1, "2027-01-05", [])
    # A retry with the same client_id answers with the first note and stores nothing new.
    again = client.post(
        f"/api/boards/{bid}/notes",
        json={"section": "pattern", "text": "Adam took Maria's phone", "client_id": "c-1"},
        headers=bearer(sam["token"]),
    )
    assert again.json()["id"] == fast["id"]

    db: Database = client.app.state.db  # type: ignore[attr-defined]
    with db.session(read_only=True) as s:
        notes = {n.id: n for n in repo.notes(s, bid)}
        events = [e for e in repo.all_events(s, bid) if e.type == "note.created"]
        audits = [a for a in repo.audit_rows(s, bid) if a.action == "note.created"]
        board_row = s.get(Board, bid)
    assert list(notes) == [fast["id"], full["id"]]
    # Each note sorts by its own event's seq, and the seqs are the board's, in order.
    assert [e.seq for e in events] == [notes[fast["id"]].sort_key, notes[full["id"]].sort_key]
    assert board_row is not None and board_row.seq >= events[-1].seq and board_row.gaps_stale in (True, False)
    assert set(events[0].data) == set(events[1].data)
    assert events[0].data["text"] == "Adam took Maria's phone"
    assert [a.target for a in audits] == [fast["id"], full["id"]]
    assert audits[0].detail == {"section": "pattern", "kind": "observation", "text": "Adam took Maria's phone"}
    assert (audits[0].actor_name, audits[0].actor_role, audits[0].seq) == ("Sam", "participant", events[0].seq)


def _add_board(db: Database, board_id: str, *, fail: bool = False, gate: threading.Event | None = None) -> str:
    if gate is not None:
        assert gate.wait(10)
    with db.session() as s:
        s.add(Board(id=board_id, title=f"Board {board_id}", join_code=f"J{board_id}"))
        s.flush()
        if fail:
            raise ValueError("this unit fails after writing")
        s.commit()
    return board_id


def test_grouped_commit_keeps_every_unit_all_or_nothing(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'group.db'}")
    metadata.create_all(db.engine)
    gate = threading.Event()

    async def scenario() -> list[Any]:
        # The first unit holds the writer while three more queue up behind it: they run as one group.
        first = asyncio.ensure_future(run_write(db, lambda: _add_board(db, "first", gate=gate)))
        await asyncio.sleep(0.2)
        queued = [
            asyncio.ensure_future(run_write(db, lambda: _add_board(db, "a"))),
            asyncio.ensure_future(run_write(db, lambda: _add_board(db, "b", fail=True))),
            asyncio.ensure_future(run_write(db, lambda: _add_board(db, "c"))),
        ]
        await asyncio.sleep(0.2)
        gate.set()
        return await asyncio.gather(first, *queued, return_exceptions=True)

    try:
        results = asyncio.run(scenario())
        assert results[0] == "first" and results[1] == "a" and results[3] == "c"
        assert isinstance(results[2], ValueError)
        with db.session(read_only=True) as s:
            stored = sorted(s.exec(select(Board.id)).all())
            assert stored == ["a", "c", "first"]
            assert s.exec(select(Event)).all() == [] and s.exec(select(Audit)).all() == []
        assert db.writer is not None
        assert db.writer.units == 4 and db.writer.groups == 2, "the three queued units shared one commit"
    finally:
        db.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_note_write_is_refused_cleanly_on_a_closed_board(client: TestClient) -> None:
    """The Core path leaves refusals to the full path: same message, nothing stored."""
    board = make_board(client)
    bid, fac = board["board"]["id"], board["facilitator_token"]
    sam = join(client, board)
    assert client.post(f"/api/boards/{bid}/close", headers=bearer(fac)).status_code == 200
    r = client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "late"}, headers=bearer(sam["token"])
    )
    assert r.status_code == 409 and r.json()["code"] == "board_closed"
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    with db.session(read_only=True) as s:
        assert list(repo.notes(s, bid)) == []


def test_sqlite_writer_path_stores_the_same_rows_as_the_core_path(tmp_path: Path) -> None:
    """The writer thread's sqlite3 path (app/boards/note_sqlite.py) and the Core path store the
    same column values, byte for byte where they are not ids or clocks: JSON, datetimes, booleans,
    the wording flags read with the family panel ('Kayleigh' is the survivor)."""
    from sqlalchemy import text

    from app.boards import notes as note_service
    from app.boards import service
    from app.boards.visibility import Actor
    from app.config import Settings
    from app.migrate import upgrade_to_head
    from app.schemas import BoardCreate, JoinRequest, NoteCreate

    url = f"sqlite:///{tmp_path / 'paths.db'}"
    upgrade_to_head(url)
    settings = Settings(database_url=url)
    db = Database(url)
    family = [{"name": "Dean", "role": "perpetrator"}, {"name": "Kayleigh", "role": "survivor"}]
    try:
        with db.session() as s:
            board, _, _ = service.create_board(s, BoardCreate.model_validate({"title": "T", "family": family}))
            bid, code = board.id, board.join_code
        with db.session() as s:
            p, _, _ = service.join(s, bid, JoinRequest(join_code=code, name="Sam", agency="Police"), settings)
            actor = Actor(p.id, bid, p.role, p.status, p.name, p.agency, p.identity)
        body = {"section": "impact", "text": "Kayleigh is not engaging", "confidential": True, "due": "2027-01-05"}

        def create(client_id: str) -> Any:
            with db.session() as s:
                return note_service.create_note(
                    s, actor, NoteCreate.model_validate({**body, "client_id": client_id}), settings
                )

        core_note, core_events, _ = create("core")  # this thread: a session on the engine, the Core path
        raw_note, raw_events, _ = asyncio.run(run_write(db, lambda: create("raw")))  # the writer thread
        assert raw_note["flags"] and raw_note["flags"] == core_note["flags"], "the panel's names were read"
        assert (raw_events[0].seq, raw_events[0].type) == (core_events[0].seq + 1, "note.created")

        def rows(sql: str) -> dict[str, dict[str, Any]]:
            with db.engine.connect() as c:
                return {str(r["k"]): dict(r) for r in c.execute(text(sql)).mappings()}

        notes = rows("SELECT client_id AS k, * FROM note")
        events = rows("SELECT json_extract(data, '$.id') AS k, * FROM event WHERE type = 'note.created'")
        audits = rows("SELECT target AS k, * FROM audit WHERE action = 'note.created'")
        clocks = {"id", "k", "created_at", "updated_at", "at", "seq", "sort_key", "client_id", "data", "target"}
        clocks.add("detail")
        for table, core, raw in (
            (notes, "core", "raw"),
            (events, core_note["id"], raw_note["id"]),
            (audits, core_note["id"], raw_note["id"]),
        ):
            a, b = table[core], table[raw]
            assert {k: v for k, v in a.items() if k not in clocks} == {k: v for k, v in b.items() if k not in clocks}
            for k in ("created_at", "updated_at", "at", "detail"):
                if k in a:
                    assert type(a[k]) is type(b[k]) and len(str(a[k])) == len(str(b[k])), k
        assert notes["raw"]["sort_key"] == raw_events[0].seq and audits[raw_note["id"]]["seq"] == raw_events[0].seq
        assert audits[raw_note["id"]]["detail"] == audits[core_note["id"]]["detail"]
        raw_data, core_data = (json.loads(events[n["id"]]["data"]) for n in (raw_note, core_note))
        assert set(raw_data) == set(core_data) and raw_data["flags"] == core_data["flags"]
    finally:
        db.dispose()


def test_a_lone_failing_unit_leaves_nothing_and_the_writer_carries_on(tmp_path: Path) -> None:
    """A group of one runs without a savepoint: when it fails its transaction is rolled back,
    and the writer's kept connection serves the next unit."""
    db = Database(f"sqlite:///{tmp_path / 'alone.db'}")
    metadata.create_all(db.engine)

    async def scenario() -> list[Any]:
        failed = await asyncio.gather(run_write(db, lambda: _add_board(db, "x", fail=True)), return_exceptions=True)
        return [*failed, await run_write(db, lambda: _add_board(db, "y"))]

    try:
        results = asyncio.run(scenario())
        assert isinstance(results[0], ValueError) and results[1] == "y"
        with db.session(read_only=True) as s:
            assert s.exec(select(Board.id)).all() == ["y"]
        assert db.writer is not None and (db.writer.units, db.writer.groups) == (2, 2)
    finally:
        db.dispose()
