"""A board stored before control characters were refused (a vertical tab pasted from Word in a
note, the title) still downloads as Word: the map, the minutes, the referral summary and its
review meeting's record, with the characters left out and every word kept."""

from __future__ import annotations

import io
import json

from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import JSON, bindparam, create_engine, text

from tests.followup.helpers import close, meeting, note, ok, start_review

STORED = "Adam punched Maria.\x0b He took her keys\x07 and her passport."
SHOWN = "Adam punched Maria. He took her keys and her passport."


def _store_as_before(db_url: str, board_id: str, note_id: str) -> None:
    """What the API accepted until now, written where it lives."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE note SET text = :t WHERE id = :id"), {"t": STORED, "id": note_id})
            conn.execute(
                text("UPDATE board SET title = :t WHERE id = :id"), {"t": "CP case\x0b 24/0193", "id": board_id}
            )
    finally:
        engine.dispose()


def _store_minutes_as_before(db_url: str, board_id: str) -> None:
    """Minutes the facilitator edited and saved with a vertical tab, before it was refused."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            content = conn.execute(text("SELECT content FROM minutes WHERE board_id = :b"), {"b": board_id}).scalar()
            content = json.loads(content) if isinstance(content, str) else content
            content["decisions"] = [{"text": "Agreed:\x0b an initial CP conference.", "ref": None}]
            update = text("UPDATE minutes SET content = :c, edited = :e WHERE board_id = :b").bindparams(
                bindparam("c", type_=JSON)
            )
            conn.execute(update, {"c": content, "e": True, "b": board_id})
    finally:
        engine.dispose()


def _docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells + [doc.core_properties.title or ""])


def test_an_old_board_with_control_characters_still_exports_to_word(client: TestClient, db_url: str) -> None:
    m = meeting(client)
    made = note(client, m, m.people["Sam Reid"], "punch", "pattern", "Adam punched Maria.")
    _store_as_before(db_url, m.board_id, made["id"])
    close(client, m)

    r = client.get(f"/api/boards/{m.board_id}/export", params={"format": "docx"}, headers=m.fac)
    assert r.status_code == 200, r.text[:300]
    got = _docx_text(r.content)
    assert SHOWN in got and "CP case 24/0193" in got and "\x0b" not in got and "\x07" not in got
    for fmt in ("md", "pdf", "json"):  # the other downloads never minded; they still work
        assert client.get(f"/api/boards/{m.board_id}/export", params={"format": fmt}, headers=m.fac).status_code == 200

    r = client.get(f"/api/boards/{m.board_id}/minutes/export", params={"format": "docx"}, headers=m.fac)
    assert r.status_code == 200, r.text[:300]
    assert SHOWN in _docx_text(r.content)  # drafted from the note, without the characters
    _store_minutes_as_before(db_url, m.board_id)
    r = client.get(f"/api/boards/{m.board_id}/minutes/export", params={"format": "docx"}, headers=m.fac)
    assert r.status_code == 200, r.text[:300]
    assert "Agreed: an initial CP conference." in _docx_text(r.content)

    # Its JSON export still imports (the notes as stored, the minutes without the characters),
    # and the copy exports to Word too.
    exported = client.get(f"/api/boards/{m.board_id}/export", params={"format": "json"}, headers=m.fac)
    made = ok(
        client.post("/api/boards/import", content=exported.content, headers={"Content-Type": "application/json"}), 201
    )
    copy = {"Authorization": f"Bearer {made['facilitator_token']}"}
    kept = ok(client.get(f"/api/boards/{made['board']['id']}/minutes", headers=copy), 200)
    assert kept["content"]["decisions"][0]["text"] == "Agreed: an initial CP conference."
    r = client.get(f"/api/boards/{made['board']['id']}/export", params={"format": "docx"}, headers=copy)
    assert r.status_code == 200 and SHOWN in _docx_text(r.content)

    r = client.post(f"/api/boards/{m.board_id}/referral", json={"format": "docx"}, headers=m.fac)
    assert r.status_code == 200, r.text[:300]
    assert "\x0b" not in _docx_text(r.content)

    review = start_review(client, m)
    close(client, review)
    r = client.get(f"/api/boards/{review.board_id}/export", params={"format": "docx"}, headers=review.fac)
    assert r.status_code == 200, r.text[:300]
    assert SHOWN in _docx_text(r.content)  # the earlier map, as carried forward
    ok(client.get(f"/api/boards/{review.board_id}/review", headers=review.fac), 200)
