"""The JSON API of the live board, including its error cases."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer, join, make_board


def _note(client: TestClient, board: dict[str, Any], token: str, **body: Any) -> Any:
    return client.post(
        f"/api/boards/{board['board']['id']}/notes", json={"section": "pattern", **body}, headers=bearer(token)
    )


def test_create_board_returns_links_and_family(client: TestClient) -> None:
    made = make_board(client)
    board = made["board"]
    assert board["status"] == "open" and board["seq"] == 0 and board["focus"] is None
    assert [s["key"] for s in board["sections"]] == ["pattern", "impact", "factors", "practice"]
    assert board["sections"][0]["title"].startswith("Perpetrator's pattern of coercive control")
    assert [(p["name"], p["role"], p["age"]) for p in board["family"]] == [
        ("Adam", "perpetrator", None),
        ("Maria", "survivor", None),
        ("Jay", "child", 6),
    ]
    assert board["notes"] == [] and board["gaps"] == []
    assert len(made["join_code"]) == 6
    assert made["join_url"].startswith("http://testserver/join/") and made["join_code"] in made["join_url"]
    assert made["facilitator_url"].startswith(f"http://testserver/b/{board['id']}/enter?k=")
    assert made["facilitator_token"] != made["viewer_token"]


def test_the_facilitator_may_give_her_name_and_role_when_creating(client: TestClient) -> None:
    def facilitators(board: dict[str, Any]) -> list[tuple[str, str]]:
        return [(p["name"], p["agency"]) for p in board["participants"] if p["role"] == "facilitator"]

    r = client.post(
        "/api/boards",
        json={"title": "Named", "facilitator_name": " Sam Reid ", "facilitator_role": "S&T facilitator, CSW"},
    )
    assert r.status_code == 201, r.text
    assert facilitators(r.json()["board"]) == [("Sam Reid", "S&T facilitator, CSW")]
    r = client.post("/api/boards", json={"title": "Unnamed"})  # the contract's call, unchanged
    assert r.status_code == 201 and facilitators(r.json()["board"]) == [("Facilitator", "Facilitator")]
    r = client.post("/api/boards", json={"title": "Too long", "facilitator_name": "x" * 81})
    assert r.status_code == 422 and "facilitator_name" in r.json()["detail"]


def test_links_open_the_board_and_present_views(client: TestClient) -> None:
    made = make_board(client)
    r = client.get(made["facilitator_url"], follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/b/{made['board']['id']}"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "Lock the board" in page.text
    r = client.get(made["present_url"], follow_redirects=False)
    assert r.headers["location"] == f"/b/{made['board']['id']}/present"
    present = client.get(r.headers["location"])
    assert present.status_code == 200 and made["join_code"] in present.text and "<svg" in present.text
    assert "Lock the board" not in present.text and "Add a note" not in present.text


def test_create_board_rejects_bad_input_without_creating(client: TestClient) -> None:
    for body, words in [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "family": [{"name": "A", "role": "uncle"}]}, "role"),
        ({"title": "ok", "family": [{"name": "A", "role": "child", "age": -1}]}, "age"),
    ]:
        r = client.post("/api/boards", json=body)
        assert r.status_code == 422 and r.json()["code"] == "invalid" and words in r.json()["detail"]


def test_create_key_is_required_when_configured(client: TestClient, monkeypatch: Any) -> None:
    from app.config import get_settings

    monkeypatch.setenv("CASEMAP_CREATE_KEY", "s3cret-key")
    get_settings.cache_clear()
    r = client.post("/api/boards", json={"title": "x"})
    assert r.status_code == 403 and r.json()["code"] == "create_key_required"
    r = client.post("/api/boards", json={"title": "x"}, headers={"X-Create-Key": "s3cret-key"})
    assert r.status_code == 201


def test_join_admits_at_once_by_default_and_wrong_code_is_refused(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    r = client.post(f"/api/boards/{bid}/join", json={"join_code": "ZZZZZZ", "name": "Sam", "agency": "Police"})
    assert r.status_code == 403 and r.json()["code"] == "bad_join_code"
    # Lower case and spaces as people type them still work.
    code = made["join_code"].lower()
    r = client.post(
        f"/api/boards/{bid}/join", json={"join_code": f" {code[:3]} {code[3:]}", "name": "Sam", "agency": "Police"}
    )
    assert r.status_code == 201
    assert r.json()["participant"]["status"] == "admitted" and r.json()["participant"]["role"] == "participant"
    board = client.get(f"/api/boards/{bid}", headers=bearer(made["facilitator_token"])).json()
    assert [p["name"] for p in board["participants"]] == ["Facilitator", "Sam"]


def test_waiting_room_when_admitting_by_hand(client: TestClient) -> None:
    made = make_board(client, admit_mode="manual")
    bid, fac = made["board"]["id"], made["facilitator_token"]
    joined = join(client, made)
    assert joined["participant"]["status"] == "waiting"
    r = client.get(f"/api/boards/{bid}", headers=bearer(joined["token"]))
    assert r.status_code == 403 and r.json()["code"] == "waiting"
    r = client.post(f"/api/boards/{bid}/participants/{joined['participant']['id']}/admit", headers=bearer(fac))
    assert r.status_code == 200 and r.json()["status"] == "admitted"
    assert client.get(f"/api/boards/{bid}", headers=bearer(joined["token"])).status_code == 200


def test_removed_participant_loses_access(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    joined = join(client, made)
    r = client.post(f"/api/boards/{bid}/participants/{joined['participant']['id']}/remove", headers=bearer(fac))
    assert r.status_code == 200 and r.json()["status"] == "removed"
    r = _note(client, made, joined["token"], text="P checks her phone")
    assert r.status_code == 401


def test_note_lifecycle_and_versions(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    sam = join(client, made)
    r = _note(
        client, made, sam["token"], text="  P takes M's bank card every payday  ", kind="observation", source="survivor"
    )
    assert r.status_code == 201
    note = r.json()
    assert note["text"] == "P takes M's bank card every payday" and note["version"] == 1
    assert note["agency"] == "Police" and note["author"]["name"] == "Sam" and note["source"] == "survivor"
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "section": "factors"}, headers=bearer(sam["token"])
    )
    assert r.status_code == 200 and r.json()["section"] == "factors" and r.json()["version"] == 2
    stale = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "text": "other"}, headers=bearer(sam["token"])
    )
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    assert stale.json()["current"]["version"] == 2 and stale.json()["current"]["text"] == note["text"]
    r = client.delete(f"/api/boards/{bid}/notes/{note['id']}", headers=bearer(sam["token"]))
    assert r.status_code == 204
    board = client.get(f"/api/boards/{bid}", headers=bearer(sam["token"])).json()
    assert board["notes"] == []


def test_action_note_carries_owner_and_due(client: TestClient) -> None:
    made = make_board(client)
    r = _note(
        client,
        made,
        made["facilitator_token"],
        section="practice",
        kind="action",
        text="Ask Police in Poland about his offending history",
        owner="SW",
        due="2026-12-05",
    )
    assert r.status_code == 201
    assert (r.json()["kind"], r.json()["owner"], r.json()["due"]) == ("action", "SW", "2026-12-05")
    bad = _note(client, made, made["facilitator_token"], section="practice", kind="action", text="x", due="soon")
    assert bad.status_code == 422 and "due" in bad.json()["detail"]


def test_repeated_client_id_never_duplicates(client: TestClient) -> None:
    made = make_board(client)
    first = _note(client, made, made["facilitator_token"], text="P smashed her phone", client_id="c-1")
    again = _note(client, made, made["facilitator_token"], text="P smashed her phone", client_id="c-1")
    assert first.status_code == 201 and again.status_code == 200 and again.json()["id"] == first.json()["id"]
    board = client.get(f"/api/boards/{made['board']['id']}", headers=bearer(made["facilitator_token"])).json()
    assert len(board["notes"]) == 1


def test_only_author_or_facilitator_changes_a_note(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    sam, kim = join(client, made), join(client, made, "Kim", "School")
    note = _note(client, made, sam["token"], text="J late to school x3 this week").json()
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "text": "changed"}, headers=bearer(kim["token"])
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert client.delete(f"/api/boards/{bid}/notes/{note['id']}", headers=bearer(kim["token"])).status_code == 403
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}",
        json={"version": 1, "text": "J late x3 (after call-outs)"},
        headers=bearer(made["facilitator_token"]),
    )
    assert r.status_code == 200 and r.json()["text"] == "J late x3 (after call-outs)"


def test_text_limits_give_clear_errors_and_change_nothing(client: TestClient) -> None:
    made = make_board(client)
    for text, code, words in [
        ("", "invalid", "empty"),
        ("   ", "invalid", "empty"),
        ("x" * 1001, "text_too_long", "at most 1000"),
    ]:
        r = _note(client, made, made["facilitator_token"], text=text)
        assert r.status_code == 422 and r.json()["code"] == code and words in r.json()["detail"]
    r = _note(client, made, made["facilitator_token"], text="ok", section="elsewhere")
    assert r.status_code == 422 and "section" in r.json()["detail"]
    board = client.get(f"/api/boards/{made['board']['id']}", headers=bearer(made["facilitator_token"])).json()
    assert board["notes"] == [] and board["seq"] == 0


def test_participant_cannot_run_the_board(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    sam = join(client, made)
    for path, body in [("lock", None), ("unlock", None), ("close", None), ("focus", {"section": "impact"})]:
        r = client.post(f"/api/boards/{bid}/{path}", json=body, headers=bearer(sam["token"]))
        assert r.status_code == 403 and r.json()["code"] == "forbidden", path
    r = client.post(f"/api/boards/{bid}/participants/{sam['participant']['id']}/remove", headers=bearer(sam["token"]))
    assert r.status_code == 403


def test_lock_unlock_focus_and_close(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    sam = join(client, made)
    r = client.post(f"/api/boards/{bid}/focus", json={"section": "impact"}, headers=bearer(fac))
    assert r.status_code == 200 and r.json()["focus"] == "impact"
    assert client.post(f"/api/boards/{bid}/lock", headers=bearer(fac)).json()["status"] == "locked"
    r = _note(client, made, sam["token"], text="P follows her to work")
    assert r.status_code == 409 and r.json()["code"] == "board_locked"
    assert _note(client, made, fac, text="Facilitator may still write").status_code == 201
    assert client.post(f"/api/boards/{bid}/unlock", headers=bearer(fac)).json()["status"] == "open"
    assert _note(client, made, sam["token"], text="P follows her to work").status_code == 201
    closed = client.post(f"/api/boards/{bid}/close", headers=bearer(fac))
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    for token in (sam["token"], fac):
        r = _note(client, made, token, text="after close")
        assert r.status_code == 409 and r.json()["code"] == "board_closed"
    r = client.post(f"/api/boards/{bid}/join", json={"join_code": made["join_code"], "name": "Late", "agency": "GP"})
    assert r.status_code == 409 and r.json()["code"] == "board_closed"


def test_tokens_do_not_cross_boards(client: TestClient) -> None:
    one, two = make_board(client), make_board(client, title="Another family")
    r = client.get(f"/api/boards/{two['board']['id']}", headers=bearer(one["facilitator_token"]))
    assert r.status_code == 403
    r = _note(client, two, one["facilitator_token"], text="leak?")
    assert r.status_code == 403
    assert client.get(f"/api/boards/{one['board']['id']}").status_code == 401
    assert client.get(f"/api/boards/{one['board']['id']}", headers=bearer("nonsense")).status_code == 401


def test_viewer_sees_no_confidential_text_and_cannot_write(client: TestClient) -> None:
    made = make_board(client)
    fac, view = made["facilitator_token"], made["viewer_token"]
    _note(client, made, fac, text="Refuge address: 12 Elm Road", confidential=True)
    board = client.get(f"/api/boards/{made['board']['id']}", headers=bearer(view)).json()
    assert len(board["notes"]) == 1 and board["notes"][0]["confidential"] is True
    assert "Elm Road" not in str(board)
    r = _note(client, made, view, text="from the projector")
    assert r.status_code == 403


def test_delete_board_removes_everything(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    sam = join(client, made)
    _note(client, made, sam["token"], text="P locks M in the flat")
    assert client.delete(f"/api/boards/{bid}", headers=bearer(fac)).status_code == 204
    assert client.get(f"/api/boards/{bid}", headers=bearer(fac)).status_code == 401
    from sqlalchemy import text

    engine = client.app.state.db.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        for table in ("board", "person", "participant", "note", "event"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_errors_have_the_contract_shape(client: TestClient) -> None:
    r = client.get("/api/boards/nope")
    assert r.status_code == 401 and set(r.json()) == {"detail", "code"}
    r = client.post("/api/boards", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_health_and_security_headers(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.json() == {"status": "ok"}
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["referrer-policy"] == "no-referrer"
