"""Importing a board keeps who attended as it was: each participant keeps their status, so the
copy's downloads and minutes list the same people the original's did, and no old link (a
participant's, the facilitator's, the projector's) opens the copy."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.boards.tokens import hash_token
from tests.conftest import bearer, join, make_board


def _attended(md: str) -> list[str]:
    part = md.split("## Who attended")[1].split("\n## ")[0]
    return [line for line in part.splitlines() if line.startswith("| ") and "| Name |" not in line]


def _record(client: TestClient, bid: str, fac: dict[str, str]) -> tuple[Any, ...]:
    board = client.get(f"/api/boards/{bid}", headers=fac).json()
    md = client.get(f"/api/boards/{bid}/export", params={"format": "md"}, headers=fac).text
    minutes = client.get(f"/api/boards/{bid}/minutes", headers=fac).json()["content"]
    people = [(p["name"], p["agency"], p["role"], p["status"]) for p in board["participants"]]
    return people, _attended(md), minutes["attendance"], minutes["apologies"]


def test_an_imported_board_lists_who_attended_as_the_original_did(client: TestClient, db_url: str) -> None:
    made = make_board(client, admit_mode="manual")
    bid, fac = made["board"]["id"], bearer(made["facilitator_token"])
    tokens = {"facilitator": made["facilitator_token"], "projector": made["viewer_token"]}
    for name, agency in (
        ("Sam Patel", "Police"),
        ("Dr Lee", "Health"),
        ("Kim Ray", "School"),
        ("Wendy Shaw", "Housing"),
    ):
        joined = join(client, made, name, agency)
        tokens[name] = joined["token"]
        if name != "Wendy Shaw":  # she is still in the waiting room when the meeting ends
            path = f"/api/boards/{bid}/participants/{joined['participant']['id']}/admit"
            assert client.post(path, headers=fac).status_code == 200
    note = {"section": "pattern", "text": "Adam checks Maria's phone daily."}
    assert client.post(f"/api/boards/{bid}/notes", json=note, headers=bearer(tokens["Sam Patel"])).status_code == 201
    note = {"section": "impact", "text": "Jay is late to school after call-outs."}
    kim = client.post(f"/api/boards/{bid}/notes", json=note, headers=bearer(tokens["Kim Ray"])).json()
    kim_id = kim["author"]["id"]
    assert client.post(f"/api/boards/{bid}/participants/{kim_id}/remove", headers=fac).status_code == 200
    assert client.post(f"/api/boards/{bid}/close", headers=fac).status_code == 200
    original = _record(client, bid, fac)
    assert ("Dr Lee", "Health", "participant", "admitted") in original[0]  # attended, wrote nothing
    assert "| Kim Ray | School (left the board before the end) |" in original[1]

    exported = client.get(f"/api/boards/{bid}/export", params={"format": "json"}, headers=fac)
    r = client.post("/api/boards/import", content=exported.content, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    copy_id, copy_fac = r.json()["board"]["id"], bearer(r.json()["facilitator_token"])

    copy = _record(client, copy_id, copy_fac)
    assert copy[0] == original[0]  # names, agencies, roles and statuses, in order
    assert copy[1] == original[1]  # "Who attended" in the downloads: nobody "left early", nobody dropped
    assert "| Dr Lee | Health |" in copy[1]
    assert (copy[2], copy[3]) == (original[2], original[3])  # the minutes' attendance and apologies

    # No old link opens the copy, whatever the status it keeps, by header or by cookie.
    for who, token in tokens.items():
        assert client.get(f"/api/boards/{bid}", headers=bearer(token)).status_code in (200, 401, 403), who
        r = client.get(f"/api/boards/{copy_id}", headers=bearer(token))
        assert r.status_code in (401, 403), f"{who}'s old token opens the copy: {r.status_code}"
        r = client.get(f"/b/{copy_id}", headers={"Cookie": f"cm_{copy_id}={token}"}, follow_redirects=False)
        assert r.status_code != 200, f"{who}'s old token opens the copy's page"
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            stored = set(
                conn.execute(text("SELECT token_hash FROM participant WHERE board_id = :b"), {"b": copy_id}).scalars()
            )
    finally:
        engine.dispose()
    assert not stored & {hash_token(t) for t in tokens.values()}
    assert len(stored) == len(copy[0]) + 1  # every record its own hash, plus the new projector
