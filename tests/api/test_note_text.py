"""What a note's text may hold, and that the same words are the same stored text whichever way
they arrive (the API, the WebSocket, the note form)."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer, join, make_board

FORM = {"HX-Request": "true", "Origin": "http://testserver"}


def _notes(client: TestClient, made: dict[str, Any]) -> dict[str, dict[str, Any]]:
    r = client.get(f"/api/boards/{made['board']['id']}", headers=bearer(made["facilitator_token"]))
    return {n["id"]: n for n in r.json()["notes"]}


def _ws_create(client: TestClient, made: dict[str, Any], text: str) -> dict[str, Any]:
    bid, token = made["board"]["id"], made["facilitator_token"]
    with client.websocket_connect(f"/ws/boards/{bid}", headers={"authorization": f"Bearer {token}"}) as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"
        ws.send_text(json.dumps({"op": "note.create", "ref": "crlf", "section": "pattern", "text": text}))
        msg = json.loads(ws.receive_text())
        while msg["type"] not in ("ack", "error"):
            msg = json.loads(ws.receive_text())
    assert msg["type"] == "ack", msg
    return dict(msg["data"]["note"])


def test_line_breaks_are_stored_alike_from_the_api_the_socket_and_the_form(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    sam = bearer(join(client, made, "Sam Reid", "Police")["token"])

    crlf = client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "Line one\r\nLine two"}, headers=sam
    ).json()
    lone_cr = client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "Old Mac\rline"}, headers=sam
    ).json()
    assert crlf["text"] == "Line one\nLine two" and lone_cr["text"] == "Old Mac\nline"
    assert _ws_create(client, made, "Line one\r\nLine two")["text"] == "Line one\nLine two"
    r = client.patch(
        f"/api/boards/{bid}/notes/{lone_cr['id']}", json={"version": 1, "text": "Old Mac\r\rline"}, headers=sam
    )
    assert r.json()["text"] == "Old Mac\n\nline"

    # The facilitator opens Sam's note in the form and saves it untouched: the browser sends the
    # line break back as CRLF. The words are the same, so the record must not say she rewrote them.
    assert client.get(made["facilitator_url"]).status_code == 200
    form = {"version": "1", "text": "Line one\r\nLine two", "section": "pattern", "kind": "observation", "source": ""}
    assert client.post(f"/b/{bid}/notes/{crlf['id']}", data=form, headers=FORM).status_code == 204
    saved = _notes(client, made)[crlf["id"]]
    assert saved["text"] == "Line one\nLine two"
    assert saved["edited_by"] is None and saved["edited_at"] is None
    assert saved["author"]["name"] == "Sam Reid"


def test_a_note_stored_with_crlf_before_the_fix_saved_unchanged_names_no_editor(client: TestClient) -> None:
    from sqlalchemy import text as sql

    made = make_board(client)
    bid = made["board"]["id"]
    sam = bearer(join(client, made, "Sam Reid", "Police")["token"])
    note = client.post(f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "A\nB"}, headers=sam).json()
    engine = client.app.state.db.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:  # as an older release stored what a browser sent
        conn.execute(sql("UPDATE note SET text = :t WHERE id = :id"), {"t": "A\r\nB", "id": note["id"]})

    assert client.get(made["facilitator_url"]).status_code == 200
    form = {"version": "1", "text": "A\r\nB", "section": "pattern", "kind": "observation", "source": ""}
    assert client.post(f"/b/{bid}/notes/{note['id']}", data=form, headers=FORM).status_code == 204
    saved = _notes(client, made)[note["id"]]
    assert saved["edited_by"] is None and saved["edited_at"] is None
    assert saved["text"] == "A\r\nB"  # the stored words are left exactly as they were

    # A real change still names whoever made it.
    form = {**form, "version": str(saved["version"]), "text": "A\r\nB and C"}
    assert client.post(f"/b/{bid}/notes/{note['id']}", data=form, headers=FORM).status_code == 204
    saved = _notes(client, made)[note["id"]]
    assert saved["text"] == "A\nB and C" and saved["edited_by"] == made["board"]["participants"][0]["name"]


def test_control_characters_are_refused_with_a_clear_message_and_nothing_is_stored(client: TestClient) -> None:
    """A vertical tab (pasted from Word), a bell, an escape: no Word document can hold them, so
    they are refused wherever text goes into the record, naming the field and the character."""
    made = make_board(client)
    bid, fac = made["board"]["id"], bearer(made["facilitator_token"])

    r = client.post(f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "He took\x0bher keys"}, headers=fac)
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    assert "`text`" in r.json()["detail"] and "U+000B (vertical tab)" in r.json()["detail"]
    assert _notes(client, made) == {}

    note = client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "col1\tcol2\nline two"}, headers=fac
    )
    assert note.status_code == 201 and note.json()["text"] == "col1\tcol2\nline two"  # tab and newline are text
    nid = note.json()["id"]
    r = client.patch(f"/api/boards/{bid}/notes/{nid}", json={"version": 1, "text": "bell\x07"}, headers=fac)
    assert r.status_code == 422 and "U+0007 (bell)" in r.json()["detail"]
    r = client.patch(f"/api/boards/{bid}/notes/{nid}", json={"version": 1, "source": "police\x1b"}, headers=fac)
    assert r.status_code == 422 and "`source`" in r.json()["detail"]
    assert _notes(client, made)[nid]["text"] == "col1\tcol2\nline two" and _notes(client, made)[nid]["version"] == 1

    # Every other text that ends up in the downloads: the title, the family, who joined.
    r = client.post("/api/boards", json={"title": "CP case\x0c 24/0193"})
    assert r.status_code == 422 and "`title`" in r.json()["detail"] and "form feed" in r.json()["detail"]
    r = client.post("/api/boards", json={"title": "CP case", "family": [{"name": "Ad\x08am", "role": "perpetrator"}]})
    assert r.status_code == 422 and "`family.name`" in r.json()["detail"]
    r = client.post(f"/api/boards/{bid}/join", json={"join_code": made["join_code"], "name": "Sam\x01", "agency": "X"})
    assert r.status_code == 422 and "`name`" in r.json()["detail"] and "U+0001" in r.json()["detail"]

    # The socket and the form say the same.
    with client.websocket_connect(
        f"/ws/boards/{bid}", headers={"authorization": f"Bearer {made['facilitator_token']}"}
    ) as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"
        ws.send_text(json.dumps({"op": "note.create", "ref": "vt", "section": "pattern", "text": "a\x0bb"}))
        msg = json.loads(ws.receive_text())
        while msg["type"] not in ("ack", "error"):
            msg = json.loads(ws.receive_text())
    assert msg["type"] == "error" and msg["data"]["ref"] == "vt" and "U+000B (vertical tab)" in msg["data"]["detail"]
    assert client.get(made["facilitator_url"]).status_code == 200
    form = {"section": "pattern", "text": "pasted\x0bfrom Word", "kind": "observation"}
    r = client.post(f"/b/{bid}/notes", data=form, headers=FORM)
    assert r.status_code == 422 and "vertical tab" in r.text
    assert len(_notes(client, made)) == 1


def test_emptying_the_source_box_in_the_editor_removes_the_source(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    sam = bearer(join(client, made, "Sam Reid", "Police")["token"])
    body = {"section": "pattern", "text": "Adam threatened Maria with a knife", "source": "survivor"}
    note = client.post(f"/api/boards/{bid}/notes", json=body, headers=sam).json()
    assert note["source"] == "survivor"
    assert client.get(made["facilitator_url"]).status_code == 200
    form = {"version": "1", "text": body["text"], "section": "pattern", "kind": "observation", "source": ""}
    assert client.post(f"/b/{bid}/notes/{note['id']}", data=form, headers=FORM).status_code == 204
    assert _notes(client, made)[note["id"]]["source"] is None

    # A form without the box (a move) leaves it alone.
    form = {**form, "version": "2", "source": "police record"}
    assert client.post(f"/b/{bid}/notes/{note['id']}", data=form, headers=FORM).status_code == 204
    moved = client.post(f"/b/{bid}/notes/{note['id']}/move", data={"section": "impact", "version": "3"}, headers=FORM)
    assert moved.status_code == 204
    assert _notes(client, made)[note["id"]]["source"] == "police record"
