"""Edited draft minutes brought back from a JSON export say they are out of date only when the
board had changed since they were drafted, as the original said when it was exported."""

from __future__ import annotations

from typing import Any

from tests.conftest import bearer
from tests.followup.helpers import Meeting, close, meeting, note, ok

STALE = "The board has changed since these minutes were drafted"


def edited_minutes(client: Any, m: Meeting) -> Any:
    mins = ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)
    body = {**mins["content"], "version": mins["version"], "next_review": "2027-02-01"}
    return ok(client.put(f"/api/boards/{m.board_id}/minutes", json=body, headers=m.fac), 200)


def imported(client: Any, doc: dict[str, Any]) -> tuple[str, dict[str, str]]:
    made = ok(client.post("/api/boards/import", json=doc), 201)
    return made["board"]["id"], bearer(made["facilitator_token"])


def test_imported_edited_minutes_are_up_to_date_unless_the_board_had_changed(client: Any) -> None:
    m = meeting(client)
    note(client, m, m.people["Sam Reid"], "a", "pattern", "Adam punched Maria and took her bank card.")
    close(client, m)
    saved = edited_minutes(client, m)
    assert saved["stale"] is False
    doc = client.get(f"/api/boards/{m.board_id}/export?format=json", headers=m.fac).json()
    bid, fac = imported(client, doc)
    again = ok(client.get(f"/api/boards/{bid}/minutes", headers=fac), 200)
    assert (again["stale"], again["edited"], again["content"]["next_review"]) == (False, True, "2027-02-01")
    assert STALE not in client.get(f"/b/{bid}/minutes", headers=fac).text
    assert doc["minutes"]["stale"] is False
    # A file from before `stale` was exported: its minutes were up to date as far as anyone knows.
    del doc["minutes"]["stale"]
    bid, fac = imported(client, doc)
    assert ok(client.get(f"/api/boards/{bid}/minutes", headers=fac), 200)["stale"] is False
    # Minutes the board had changed under when exported still say so on the copy.
    ok(client.post(f"/api/boards/{m.board_id}/reopen", headers=m.fac), 200)
    note(client, m, m.people["Kim Lee"], "b", "impact", "Jay (6) wets the bed after call-outs.")
    close(client, m)
    assert ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)["stale"] is True
    doc = client.get(f"/api/boards/{m.board_id}/export?format=json", headers=m.fac).json()
    assert doc["minutes"]["stale"] is True
    bid, fac = imported(client, doc)
    assert ok(client.get(f"/api/boards/{bid}/minutes", headers=fac), 200)["stale"] is True
    assert STALE in client.get(f"/b/{bid}/minutes", headers=fac).text
