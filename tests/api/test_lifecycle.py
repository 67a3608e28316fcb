"""Closing, reopening, the audit trail, retention and deletion."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

from app.boards.retention import purge_due
from app.models import utcnow
from tests.conftest import bearer, join, make_board

TABLES = ("board", "person", "participant", "note", "event", "audit")


def _counts(client: TestClient, board_id: str) -> dict[str, int]:
    engine = client.app.state.db.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        out = {"board": conn.execute(text("SELECT count(*) FROM board WHERE id = :b"), {"b": board_id}).scalar_one()}
        for table in TABLES[1:]:
            out[table] = conn.execute(
                text(f"SELECT count(*) FROM {table} WHERE board_id = :b"), {"b": board_id}
            ).scalar_one()
    return out


def test_audit_trail_records_every_change_with_who_and_role(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    sam = join(client, made)
    note = client.post(
        f"/api/boards/{bid}/notes",
        json={"section": "pattern", "text": "P took her phone"},
        headers=bearer(sam["token"]),
    ).json()
    client.patch(
        f"/api/boards/{bid}/notes/{note['id']}",
        json={"version": 1, "text": "P took her phone x2"},
        headers=bearer(sam["token"]),
    )
    client.patch(f"/api/boards/{bid}/notes/{note['id']}", json={"version": 2, "section": "impact"}, headers=bearer(fac))
    client.post(f"/api/boards/{bid}/lock", headers=bearer(fac))
    client.post(f"/api/boards/{bid}/focus", json={"section": "impact"}, headers=bearer(fac))
    client.delete(f"/api/boards/{bid}/notes/{note['id']}", headers=bearer(fac))
    client.post(f"/api/boards/{bid}/close", headers=bearer(fac))
    assert client.get(f"/api/boards/{bid}/audit", headers=bearer(sam["token"])).status_code == 403
    rows = client.get(f"/api/boards/{bid}/audit", headers=bearer(fac)).json()
    actions = [r["action"] for r in rows]
    assert actions == [
        "board.created",
        "participant.joined",
        "note.created",
        "note.updated",
        "note.moved",
        "board.locked",
        "board.focus",
        "note.deleted",
        "board.closed",
    ]
    edit = rows[3]
    assert edit["actor_name"] == "Sam" and edit["actor_role"] == "participant"
    assert edit["detail"]["previous_text"] == "P took her phone" and edit["detail"]["text"] == "P took her phone x2"
    assert rows[4]["actor_role"] == "facilitator" and rows[4]["detail"] == {"from": "pattern", "to": "impact"}
    client.cookies.set(f"cm_{bid}", fac)
    page = client.get(f"/b/{bid}/history")
    assert page.status_code == 200 and "Was: “P took her phone”" in page.text


def test_close_then_reopen_is_recorded(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    closed = client.post(f"/api/boards/{bid}/close", headers=bearer(fac)).json()
    assert closed["status"] == "closed" and closed["closed_at"]
    r = client.post(f"/api/boards/{bid}/reopen", headers=bearer(fac))
    assert r.status_code == 200 and r.json()["status"] == "open" and r.json()["closed_at"] is None
    assert client.post(f"/api/boards/{bid}/reopen", headers=bearer(fac)).json()["code"] == "not_closed"
    actions = [r["action"] for r in client.get(f"/api/boards/{bid}/audit", headers=bearer(fac)).json()]
    assert actions[-2:] == ["board.closed", "board.reopened"]


def test_retention_closes_idle_boards_then_purges_them_leaving_nothing(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    sam = join(client, made)
    client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "P locks M in"}, headers=bearer(sam["token"])
    )
    fresh = make_board(client, title="Still in use")
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        report = purge_due(s, retention_days=30, idle_days=14, now=utcnow() + timedelta(days=13))
    assert report.closed == [] and report.purged == []
    with db.session() as s:
        report = purge_due(s, retention_days=30, idle_days=14, now=utcnow() + timedelta(days=15))
    assert set(report.closed) == {bid, fresh["board"]["id"]} and report.purged == []
    assert client.get(f"/api/boards/{bid}", headers=bearer(fac)).json()["status"] == "closed"
    with db.session() as s:
        report = purge_due(s, retention_days=30, idle_days=14, now=utcnow() + timedelta(days=15 + 31))
    assert bid in report.purged
    assert _counts(client, bid) == dict.fromkeys(TABLES, 0)
    assert client.get(f"/api/boards/{bid}", headers=bearer(fac)).status_code == 401


def test_closed_boards_are_kept_for_the_retention_period(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    client.post(f"/api/boards/{bid}/close", headers=bearer(fac))
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        assert purge_due(s, retention_days=30, idle_days=14, now=utcnow() + timedelta(days=29)).purged == []
    with db.session() as s:
        assert purge_due(s, retention_days=30, idle_days=14, now=utcnow() + timedelta(days=31)).purged == [bid]


def test_delete_now_leaves_nothing_of_the_board_and_spares_others(client: TestClient) -> None:
    made, other = make_board(client), make_board(client, title="Other family")
    bid, fac = made["board"]["id"], made["facilitator_token"]
    join(client, made)
    client.post(f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "x"}, headers=bearer(fac))
    assert client.delete(f"/api/boards/{bid}", headers=bearer(fac)).status_code == 204
    assert _counts(client, bid) == dict.fromkeys(TABLES, 0)
    assert _counts(client, other["board"]["id"])["board"] == 1
