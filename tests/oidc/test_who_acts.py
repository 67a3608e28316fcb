"""Who the case record names when signed-in staff carry a board on: the colleague who starts
its review or brings it back from an archive acts as herself, not as whoever ran it first."""

from __future__ import annotations

from typing import Any

from tests.oidc.conftest import posted
from tests.oidc.harness import sign_in
from tests.oidc.test_sign_in import make_board

NOTE = {"section": "pattern", "text": "Adam broke the door on 3 Dec."}


def facilitators_of(client: Any, board_id: str) -> list[tuple[str, str]]:
    board = client.get(f"/api/boards/{board_id}").json()
    return sorted((p["name"], p["agency"]) for p in board["participants"] if p["role"] == "facilitator")


def note_created(client: Any, board_id: str) -> list[dict[str, Any]]:
    return [a for a in client.get(f"/api/boards/{board_id}/audit").json() if a["action"] == "note.created"]


def test_a_co_facilitator_who_starts_the_review_is_its_facilitator_under_her_own_name(
    op: Any, make_client: Any, sqlite_url: str
) -> None:
    fay = make_client(sqlite_url, op)
    sign_in(fay, "fay")
    bid = make_board(fay)["board"]["id"]
    r = posted(fay, f"/api/boards/{bid}/facilitators", json={"invite": "cole.brennan@northshire.example"})
    assert r.status_code in (200, 201), r.text
    cole = make_client(sqlite_url, op)
    sign_in(cole, "cole")
    assert cole.get(f"/b/{bid}").status_code == 200
    assert posted(fay, f"/api/boards/{bid}/close").status_code == 200
    r = posted(cole, f"/api/boards/{bid}/review")
    assert r.status_code == 201, r.text
    rid = r.json()["board"]["id"]
    # The review's facilitator is Cole, who started it: his note and the audit trail say so.
    r = posted(cole, f"/api/boards/{rid}/notes", json=NOTE)
    assert r.status_code == 201, r.text
    assert r.json()["author"]["name"] == "Cole Brennan"
    started = [a for a in cole.get(f"/api/boards/{rid}/audit").json() if a["action"] == "review.started"]
    assert [(a["actor_name"], a["actor_identity"]) for a in started] == [
        ("Cole Brennan", "cole.brennan@northshire.example (oidc)")
    ]
    [made] = note_created(cole, rid)
    assert (made["actor_name"], made["actor_identity"]) == ("Cole Brennan", "cole.brennan@northshire.example (oidc)")
    # Fay, who ran the meeting, takes up her own place on the review when she first opens it.
    assert fay.get(f"/b/{rid}").status_code == 200
    assert facilitators_of(cole, rid) == [("Cole Brennan", "Northshire Council"), ("Fay Okafor", "Northshire Council")]


def test_the_creator_who_starts_her_own_review_has_one_place_on_it_named_by_her_identity(
    op: Any, make_client: Any, sqlite_url: str
) -> None:
    fay = make_client(sqlite_url, op)
    sign_in(fay, "fay")
    bid = make_board(fay)["board"]["id"]
    assert posted(fay, f"/api/boards/{bid}/close").status_code == 200
    r = posted(fay, f"/api/boards/{bid}/review")
    assert r.status_code == 201, r.text
    rid = r.json()["board"]["id"]
    assert fay.get(f"/b/{rid}").status_code == 200  # opening it again: no second record
    assert posted(fay, f"/api/boards/{rid}/notes", json=NOTE).status_code == 201
    assert facilitators_of(fay, rid) == [("Fay Okafor", "Northshire Council")]
    [made] = note_created(fay, rid)
    assert made["actor_identity"] == "fay.okafor@northshire.example (oidc)"


def test_a_colleague_who_imports_an_archived_board_acts_on_it_as_herself(
    op: Any, make_client: Any, sqlite_url: str
) -> None:
    fay = make_client(sqlite_url, op)
    sign_in(fay, "fay")
    made = make_board(fay)
    bid = made["board"]["id"]
    assert posted(fay, f"/api/boards/{bid}/notes", json={**NOTE, "text": "Adam took Maria's keys"}).status_code == 201
    bearer = {"Authorization": f"Bearer {made['facilitator_token']}"}
    doc = fay.get(f"/api/boards/{bid}/export?format=json", headers=bearer).json()
    # Cole, another facilitator at the council, restores the archived board and carries on with it.
    cole = make_client(sqlite_url, op)
    sign_in(cole, "cole")
    r = posted(cole, "/api/boards/import", json=doc)
    assert r.status_code == 201, r.text
    nid = r.json()["board"]["id"]
    assert nid in {m["id"] for m in cole.get("/api/me/meetings").json()}
    r = posted(cole, f"/api/boards/{nid}/notes", json=NOTE)
    assert r.status_code == 201, r.text
    assert r.json()["author"]["name"] == "Cole Brennan"
    last = note_created(cole, nid)[-1]
    assert (last["actor_name"], last["actor_identity"]) == ("Cole Brennan", "cole.brennan@northshire.example (oidc)")
    imported = [a for a in cole.get(f"/api/boards/{nid}/audit").json() if a["action"] == "board.imported"]
    assert [(a["actor_name"], a["actor_identity"]) for a in imported] == [
        ("Cole Brennan", "cole.brennan@northshire.example (oidc)")
    ]
    # Fay stays on the record as who wrote the earlier note; her record is not Cole's.
    board = cole.get(f"/api/boards/{nid}").json()
    fays = [n["author"] for n in board["notes"] if n["text"] == "Adam took Maria's keys"]
    coles = [n["author"] for n in board["notes"] if n["text"] == NOTE["text"]]
    assert [a["name"] for a in fays] == ["Fay Okafor"] and fays[0]["id"] != coles[0]["id"]
    assert facilitators_of(cole, nid) == [("Cole Brennan", "Northshire Council"), ("Fay Okafor", "Northshire Council")]


def test_the_json_archive_keeps_who_did_what_by_identity_and_a_redacted_copy_leaves_it_out(
    op: Any, make_client: Any, sqlite_url: str
) -> None:
    fay = make_client(sqlite_url, op)
    sign_in(fay, "fay")
    made = make_board(fay)
    bid = made["board"]["id"]
    bearer = {"Authorization": f"Bearer {made['facilitator_token']}"}
    assert posted(fay, f"/api/boards/{bid}/notes", json=NOTE).status_code == 201
    r = posted(fay, f"/api/boards/{bid}/facilitators", json={"invite": "cole.brennan@northshire.example"})
    assert r.status_code in (200, 201), r.text
    fays = "fay.okafor@northshire.example (oidc)"
    doc = fay.get(f"/api/boards/{bid}/export?format=json", headers=bearer).json()
    [made_note] = [a for a in doc["audit"] if a["action"] == "note.created"]
    assert (made_note["actor_name"], made_note["actor_identity"]) == ("Fay Okafor", fays)
    assert [(p["name"], p["identity"]) for p in doc["board"]["participants"]] == [("Fay Okafor", fays)]
    # A redacted copy may go beyond the core group: no staff e-mail addresses in it.
    redacted = fay.get(f"/api/boards/{bid}/export?format=json&redact=true", headers=bearer)
    assert "northshire.example" not in redacted.text and "Fay Okafor" in redacted.text
    # Brought back (by Fay herself), the copy says the same: she gets her own record back.
    r = posted(fay, "/api/boards/import", json=doc)
    assert r.status_code == 201, r.text
    nid = r.json()["board"]["id"]
    [kept] = note_created(fay, nid)
    assert (kept["actor_name"], kept["actor_identity"]) == ("Fay Okafor", fays)
    assert facilitators_of(fay, nid) == [("Fay Okafor", "Northshire Council")]
    copy = fay.get(f"/api/boards/{nid}/export?format=json").json()
    assert [(p["name"], p["identity"]) for p in copy["board"]["participants"]] == [("Fay Okafor", fays)]
    # A file from before identities were exported still imports.
    for p in doc["board"]["participants"]:
        del p["identity"]
    for row in doc["audit"]:
        del row["actor_identity"]
    assert posted(fay, "/api/boards/import", json=doc).status_code == 201
