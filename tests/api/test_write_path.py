"""The fast write path: a note written by the Core path (app/boards/note_insert.py) reads exactly
like one written by the ORM path, and SQLite's grouped commits (app/db.py GroupWriter) keep
each write unit's all-or-nothing: one failing unit loses nobody else's note."""

from __future__ import annotations

import asyncio
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
