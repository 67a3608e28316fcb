"""A gap an action will find out, in the downloads: listed apart as "Being found out" with the
action's words, carried through a JSON export and import, and redacted with its note."""

from __future__ import annotations

import io
import json
from typing import Any

from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.conftest import bearer, make_board

ASK = "Police to ask Polish police about his offending history"
HISTORY_Q = "What do we know about his history, here or abroad?"


def _board(client: TestClient, *, confidential: bool = False) -> tuple[str, str]:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    for section, text, extra in [
        ("pattern", "Adam punched Maria on 2/3 and takes her bank card", {}),
        ("pattern", "Adam shouts at Jay and calls him stupid", {}),
        ("impact", "Jay (6) told his teacher 'daddy hurts mummy'", {}),
        ("practice", ASK, {"kind": "action", "owner": "Police", "confidential": confidential}),
    ]:
        r = client.post(
            f"/api/boards/{bid}/notes", json={"section": section, "text": text, **extra}, headers=bearer(fac)
        )
        assert r.status_code == 201, r.text
    return bid, fac


def _export(client: TestClient, bid: str, fac: str, fmt: str, redact: bool = False) -> Any:
    params = {"format": fmt, **({"redact": "true"} if redact else {})}
    r = client.get(f"/api/boards/{bid}/export", params=params, headers=bearer(fac))
    assert r.status_code == 200, r.text
    return r


def test_markdown_word_and_pdf_list_it_as_being_found_out_not_as_an_open_question(client: TestClient) -> None:
    bid, fac = _board(client)
    md = _export(client, bid, fac, "md").text
    open_part, _, found_part = md.partition("### Being found out")
    assert HISTORY_Q not in open_part.split("## Questions still to answer")[1]
    assert HISTORY_Q in found_part and f"Being found out: {ASK}" in found_part
    docx = Document(io.BytesIO(_export(client, bid, fac, "docx").content))
    paras = [p.text for p in docx.paragraphs]
    at = paras.index("Being found out")
    assert any(HISTORY_Q in p and ASK in p for p in paras[at:])
    assert not any(HISTORY_Q in p for p in paras[paras.index("Questions still to answer") : at])
    pdf = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(_export(client, bid, fac, "pdf").content)).pages
    )
    assert "Being found out" in pdf and "Police to ask Polish police" in pdf


def test_json_round_trip_keeps_it_and_points_at_the_imported_action(client: TestClient) -> None:
    bid, fac = _board(client)
    doc = _export(client, bid, fac, "json").json()
    gap = next(g for g in doc["board"]["gaps"] if g["key"] == "no_history")
    action_id = next(n["id"] for n in doc["board"]["notes"] if n["text"] == ASK)
    assert (gap["status"], gap["owner_note_id"], gap["action"]) == ("finding_out", action_id, ASK)
    r = client.post("/api/boards/import", content=json.dumps(doc), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    copy = r.json()
    new_action = next(n["id"] for n in copy["board"]["notes"] if n["text"] == ASK)
    assert new_action != action_id
    gap = next(g for g in copy["board"]["gaps"] if g["key"] == "no_history")
    assert (gap["status"], gap["owner_note_id"], gap["action"]) == ("finding_out", new_action, ASK)


def test_an_export_from_before_gaps_read_the_plan_still_imports(client: TestClient) -> None:
    bid, fac = _board(client)
    doc = _export(client, bid, fac, "json").json()
    old = ("status", "owner_note_id", "action")
    doc["board"]["gaps"] = [{k: v for k, v in g.items() if k not in old} for g in doc["board"]["gaps"]]
    for ev in doc["events"]:
        if ev["type"] == "gaps.updated":
            ev["data"]["gaps"] = [{k: v for k, v in g.items() if k not in old} for g in ev["data"]["gaps"]]
    r = client.post("/api/boards/import", content=json.dumps(doc), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    # the checks run again on the imported notes: the plan's action is read as before
    gap = next(g for g in r.json()["board"]["gaps"] if g["key"] == "no_history")
    assert gap["status"] == "finding_out"


def test_a_bad_status_in_an_import_is_refused_with_a_clear_error(client: TestClient) -> None:
    bid, fac = _board(client)
    doc = _export(client, bid, fac, "json").json()
    doc["board"]["gaps"][0]["status"] = "solved"
    r = client.post("/api/boards/import", content=json.dumps(doc), headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "status" in r.text


def test_a_redacted_copy_keeps_who_is_finding_out_but_not_a_confidential_actions_words(client: TestClient) -> None:
    bid, fac = _board(client, confidential=True)
    for fmt in ("md", "json"):
        body = _export(client, bid, fac, fmt, redact=True).text
        assert "Polish police" not in body
    md = _export(client, bid, fac, "md", redact=True).text
    assert "Being found out by Police" in md
