"""A review meeting remembers who rewrote a note at the earlier meeting: the carried note and the
carried action keep `edited_by`/`edited_at`, the review panel and every download say "Edited
by", and the record survives a second review and an export and import."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.followup.helpers import Meeting, close, meeting, note, ok, review, start_review

REWRITTEN = "Adam took Maria's phone and passport."
UNTOUCHED = "Adam calls her mother to check where she is."
ACTION = "Police to check Adam's bail conditions."


def _edit(client: TestClient, m: Meeting, made: dict[str, Any], text: str) -> dict[str, Any]:
    body = {"version": made["version"], "text": text}
    return dict(ok(client.patch(f"/api/boards/{m.board_id}/notes/{made['id']}", json=body, headers=m.fac), 200))


def _text(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    if fmt == "docx":
        return " ".join(" ".join(p.text for p in Document(io.BytesIO(body)).paragraphs).split())
    return body.decode()


def test_a_review_keeps_who_rewrote_each_carried_note_and_action(client: TestClient) -> None:
    m = meeting(client)
    sam = m.people["Sam Reid"]
    first = note(client, m, sam, "phone", "pattern", "Adam checks Maria's phone daily.")
    rewritten = _edit(client, m, first, REWRITTEN)
    assert rewritten["edited_by"] == "Facilitator" and rewritten["author"]["name"] == "Sam Reid"
    note(client, m, sam, "mother", "pattern", UNTOUCHED)
    action = note(client, m, sam, "bail", "practice", "Police to check bail.", kind="action", owner="Police")
    action = _edit(client, m, action, ACTION)
    close(client, m)

    r = start_review(client, m)
    carried = {n["text"]: n for n in review(client, r)["earlier_notes"]}
    assert carried[REWRITTEN]["author_name"] == "Sam Reid"
    assert (carried[REWRITTEN]["edited_by"], carried[REWRITTEN]["edited_at"]) == ("Facilitator", rewritten["edited_at"])
    assert carried[UNTOUCHED]["edited_by"] is None and carried[UNTOUCHED]["edited_at"] is None
    (carried_action,) = review(client, r)["actions"]
    assert carried_action["text"] == ACTION
    assert (carried_action["edited_by"], carried_action["edited_at"]) == ("Facilitator", action["edited_at"])

    # The review panel shows it under the earlier note, as the board shows it under a note.
    fac_token = r.fac["Authorization"].split()[1]
    page = client.get(f"/b/{r.board_id}/review", headers={"Cookie": f"cm_{r.board_id}={fac_token}"}).text
    assert page.count('class="editor">Facilitator</span>') == 2  # the rewritten note and the action's note

    # Every download of the review names the author and who rewrote the words.
    close(client, r)
    for fmt in ("md", "docx", "pdf"):
        got = _text(fmt, client.get(f"/api/boards/{r.board_id}/export", params={"format": fmt}, headers=r.fac).content)
        tail = got.split("the earlier map, as carried forward")[1]
        assert "Written by Sam Reid · Edited by Facilitator" in tail, fmt
        assert tail.count("Edited by") == 2, fmt

    # A second review carries the record on, and a JSON export imports with it.
    second = start_review(client, r)
    again = {n["text"]: n for n in review(client, second)["earlier_notes"]}
    assert (again[REWRITTEN]["edited_by"], again[REWRITTEN]["edited_at"]) == ("Facilitator", rewritten["edited_at"])
    assert review(client, second)["actions"][0]["edited_by"] == "Facilitator"
    exported = client.get(f"/api/boards/{r.board_id}/export", params={"format": "json"}, headers=r.fac)
    made = ok(
        client.post("/api/boards/import", content=exported.content, headers={"Content-Type": "application/json"}), 201
    )
    copy = Meeting(made["board"]["id"], "", {"Authorization": f"Bearer {made['facilitator_token']}"}, {})
    imported = {n["text"]: n for n in review(client, copy)["earlier_notes"]}
    assert (imported[REWRITTEN]["edited_by"], imported[REWRITTEN]["edited_at"]) == (
        "Facilitator",
        rewritten["edited_at"],
    )
    assert review(client, copy)["actions"][0]["edited_by"] == "Facilitator"
