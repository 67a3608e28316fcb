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
