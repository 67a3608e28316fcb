"""Minutes drafted at close: every line traces to the board, the facilitator edits and
finalises them, and they are part of every download and of export/import."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from app.config import get_settings
from tests.followup.helpers import Meeting, close, meeting, note, ok

SECRET = "Maria's new address is 9 Rowan Court (MINSECRET)."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Meeting]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('minutes') / 'casemap.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEMAP_DATABASE_URL", url)
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app(), base_url="http://testserver") as client:
            yield client, build(client)
    get_settings.cache_clear()


def build(client: TestClient, title: str = "CP case discussion 24/0193") -> Meeting:
    m = meeting(client, title)
    police, school = m.people["Sam Reid"], m.people["Kim Lee"]
    note(client, m, police, "punch", "pattern", "Adam punched Maria in the face on 3 October; Jay saw it.")
    note(client, m, police, "card", "pattern", "Adam takes Maria's bank card on payday.")
    note(client, m, police, "phone", "pattern", "Adam checks Maria's phone every night and reads her messages.")
    note(client, m, school, "jay", "impact", "Jay (6) arrives late and hungry after call-outs. " * 6)  # a long note
    note(client, m, school, "blame", "impact", "Mum failed to protect the kids on the night.")
    note(client, m, police, "drink", "factors", "Adam buys Maria drink, then reports her drinking to SW.")
    note(client, m, m.fac, "decision", "practice", "Agreed: the case proceeds to an initial CP conference.")
    note(client, m, m.fac, "goal", "practice", "Adam to attend the Caledonian programme.", kind="action",
         owner="CJSW", due="2027-01-10")  # fmt: skip
    note(
        client,
        m,
        m.fac,
        "record",
        "practice",
        "SW to ask police in Poland about his record.",
        kind="action",
        owner="SW",
    )
    note(client, m, m.fac, "gp", "practice", "Who is Jay's GP?", kind="gap")
    note(client, m, school, "secret", "impact", SECRET, confidential=True)
    flagged = m.notes["blame"]
    board = ok(client.get(f"/api/boards/{m.board_id}", headers=m.fac), 200)
    category = next(n for n in board["notes"] if n["id"] == flagged["id"])["flags"][0]["category"]
    kept = {"status": "kept", "reason": "her teacher's words, challenged in the room"}
    ok(client.post(f"/api/boards/{m.board_id}/notes/{flagged['id']}/flags/{category}", json=kept, headers=m.fac), 200)
    close(client, m)
    return m


def minutes(client: TestClient, m: Meeting) -> Any:
    return ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_line_of_the_draft_traces_to_the_board(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    got = minutes(client, m)
    assert (got["status"], got["edited"], got["stale"]) == ("draft", False, False)
    c = got["content"]
    board = ok(client.get(f"/api/boards/{m.board_id}", headers=m.fac), 200)
    notes = {n["id"]: n for n in board["notes"]}
    # Key points: the note's own words (cut at a boundary when long), from that section.
    for section in c["sections"]:
        for point in section["points"]:
            source = notes[point["ref"]]
            assert source["section"] == section["key"]
            assert flat(source["text"]).startswith(point["text"].removesuffix("…"))
    pattern = [p["ref"] for p in c["sections"][0]["points"]]
    assert set(pattern) == {m.notes[k]["id"] for k in ("punch", "card", "phone")}
    long = next(p for p in c["sections"][1]["points"] if p["ref"] == m.notes["jay"]["id"])
    assert len(long["text"]) <= 220 and long["text"].endswith(". …")  # a whole sentence, marked as cut
    assert [d["ref"] for d in c["decisions"]] == [m.notes["decision"]["id"]]
    # Actions with owners and dates, exactly the action notes.
    assert [(a["text"], a["owner"], a["due"], a["ref"]) for a in c["actions"]] == [
        ("Adam to attend the Caledonian programme.", "CJSW", "2027-01-10", m.notes["goal"]["id"]),
        ("SW to ask police in Poland about his record.", "SW", None, m.notes["record"]["id"]),
    ]
    # Open questions are the board's gaps; flags say how the room handled them.
    messages = {g["message"] for g in board["gaps"]}
    assert c["questions"] and all(any(q["text"].startswith(msg) for msg in messages) for q in c["questions"])
    assert "Who is Jay's GP?" in [q["text"] for q in c["questions"]]
    assert [(f["ref"], f["outcome"]) for f in c["flags"]] == [
        (m.notes["blame"]["id"], "Kept: her teacher's words, challenged in the room")
    ]
    # Attendance and agencies are the people on the board; the chair is the facilitator.
    assert [(p["name"], p["agency"]) for p in c["attendance"]] == [("Sam Reid", "Police"), ("Kim Lee", "School")]
    assert c["agencies"] == ["Police", "School"] and c["chair"] == "Facilitator"
    # Nothing confidential is minuted, and the minutes say so.
    assert "MINSECRET" not in json.dumps(c) and c["withheld"] == 1
    assert c["next_review"] is None and c["apologies"] == []


def test_the_facilitator_edits_then_finalises_and_only_she_may(site: tuple[TestClient, Meeting]) -> None:
    client, _ = site
    m = build(client, "Edit meeting")
    got = minutes(client, m)
    url = f"/api/boards/{m.board_id}/minutes"
    for who in (m.people["Sam Reid"], m.viewer):
        assert client.get(url, headers=who).status_code == 403
        assert client.put(url, json={**got["content"], "version": got["version"]}, headers=who).status_code == 403
    content = {
        **got["content"],
        "chair": "Jo Reid (SW team manager)",
        "apologies": [{"name": "Dr Patel", "agency": "GP"}],
        "next_review": "2027-02-14",
    }
    saved = ok(client.put(url, json={**content, "version": got["version"]}, headers=m.fac), 200)
    assert saved["edited"] and saved["version"] == got["version"] + 1
    stale = client.put(url, json={**content, "version": got["version"]}, headers=m.fac)
    assert stale.status_code == 409 and stale.json()["current"]["version"] == saved["version"]
    bad = client.put(url, json={**content, "date": "soon", "version": saved["version"]}, headers=m.fac)
    assert bad.status_code == 422
    final = ok(client.post(f"{url}/final", headers=m.fac), 200)
    assert final["status"] == "final" and final["finalised_by"] == "Facilitator"
    refused = client.put(url, json={**content, "version": final["version"]}, headers=m.fac)
    assert refused.status_code == 409 and refused.json()["code"] == "minutes_final"
    assert client.post(f"{url}/publish", headers=m.fac).status_code == 404
    back = ok(client.post(f"{url}/draft", headers=m.fac), 200)
    assert back["status"] == "draft" and back["content"]["chair"] == "Jo Reid (SW team manager)"
    actions = [row["action"] for row in ok(client.get(f"/api/boards/{m.board_id}/audit", headers=m.fac), 200)]
    assert actions[-4:] == ["minutes.drafted", "minutes.saved", "minutes.final", "minutes.draft"]


def test_minutes_wait_for_the_close_and_follow_a_reopened_board(site: tuple[TestClient, Meeting]) -> None:
    client, _ = site
    m = meeting(client, "Reopened meeting")
    note(client, m, m.fac, "a", "pattern", "Adam smashed the TV.")
    r = client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac)
    assert r.status_code == 409 and r.json()["code"] == "board_not_closed"
    close(client, m)
    assert minutes(client, m)["content"]["sections"][0]["points"][0]["text"] == "Adam smashed the TV."
    ok(client.post(f"/api/boards/{m.board_id}/reopen", headers=m.fac), 200)
    note(client, m, m.fac, "b", "pattern", "Adam threatened to burn the house down.")
    close(client, m)
    points = [p["text"] for p in minutes(client, m)["content"]["sections"][0]["points"]]
    assert "Adam threatened to burn the house down." in points  # an unedited draft follows the board
    got = minutes(client, m)
    edit = {**got["content"], "chair": "Jo", "version": got["version"]}
    ok(client.put(f"/api/boards/{m.board_id}/minutes", json=edit, headers=m.fac), 200)
    ok(client.post(f"/api/boards/{m.board_id}/reopen", headers=m.fac), 200)
    note(client, m, m.fac, "c", "pattern", "Adam followed Maria to work.")
    close(client, m)
    kept = minutes(client, m)
    assert kept["stale"] and kept["content"]["chair"] == "Jo"  # edits are never lost silently
    again = ok(client.post(f"/api/boards/{m.board_id}/minutes/redraft", headers=m.fac), 200)
    assert not again["edited"] and "Adam followed Maria to work." in json.dumps(again["content"])


def test_a_note_marked_confidential_after_the_minutes_were_edited_leaves_them(site: tuple[TestClient, Meeting]) -> None:
    # Edited minutes are kept as written; a note marked confidential afterwards (her new
    # address) must still never appear in them, on screen or in any download.
    client, _ = site
    m = meeting(client, "Confidential later")
    note(client, m, m.fac, "a", "pattern", "Adam smashed the TV.")
    note(client, m, m.fac, "where", "impact", "Maria now stays at 4 Alder Way (LATERSECRET).")
    close(client, m)
    got = minutes(client, m)
    assert "LATERSECRET" in json.dumps(got["content"])
    edit = {**got["content"], "chair": "Jo", "version": got["version"]}
    ok(client.put(f"/api/boards/{m.board_id}/minutes", json=edit, headers=m.fac), 200)
    ok(client.post(f"/api/boards/{m.board_id}/reopen", headers=m.fac), 200)
    where = m.notes["where"]
    mark = {"version": where["version"], "confidential": True}
    ok(client.patch(f"/api/boards/{m.board_id}/notes/{where['id']}", json=mark, headers=m.fac), 200)
    close(client, m)
    kept = minutes(client, m)
    assert kept["stale"] and kept["content"]["chair"] == "Jo"
    assert "LATERSECRET" not in json.dumps(kept["content"]) and "Adam smashed the TV." in json.dumps(kept["content"])
    for fmt in ("pdf", "docx", "md"):
        r = client.get(f"/api/boards/{m.board_id}/minutes/export", params={"format": fmt}, headers=m.fac)
        assert r.status_code == 200
        text = text_of(fmt, r.content)
        assert "LATERSECRET" not in text and "Adam smashed the TV." in text, fmt


def text_of(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        return flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages))
    if fmt == "docx":
        doc = Document(io.BytesIO(body))
        return flat(
            " ".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
        )
    return body.decode()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md"])
def test_the_minutes_download_matches_the_board(site: tuple[TestClient, Meeting], fmt: str) -> None:
    client, m = site
    got = minutes(client, m)
    r = client.get(f"/api/boards/{m.board_id}/minutes/export", params={"format": fmt}, headers=m.fac)
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    text = text_of(fmt, r.content)
    for expected in (
        "Sam Reid (Police)",
        "Adam punched Maria in the face on 3 October; Jay saw it.",
        "Adam to attend the Caledonian programme.",
        "CJSW",
        "Agreed: the case proceeds to an initial CP conference.",
        "Who is Jay",
        "her teacher",
        "Wording flags and how they were handled",
        "1 confidential note is not minuted.",
    ):
        assert expected in text.replace("\\", ""), f"{fmt}: {expected!r} missing"
    assert "MINSECRET" not in text and "9 Rowan Court" not in text
    assert got["status"] == "draft" and ("DRAFT" in text)
    assert (
        client.get(f"/api/boards/{m.board_id}/minutes/export", params={"format": "rtf"}, headers=m.fac).status_code
        == 422
    )


def test_minutes_survive_export_and_import_pointing_at_the_copy(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    first = minutes(client, m)
    doc = ok(client.get(f"/api/boards/{m.board_id}/export", params={"format": "json"}, headers=m.fac), 200)
    assert doc["minutes"]["content"] == first["content"]
    made = ok(
        client.post("/api/boards/import", content=json.dumps(doc), headers={"Content-Type": "application/json"}), 201
    )
    fac = {"Authorization": f"Bearer {made['facilitator_token']}"}
    copy = ok(client.get(f"/api/boards/{made['board']['id']}/minutes", headers=fac), 200)
    assert copy["status"] == first["status"] and copy["content"]["chair"] == first["content"]["chair"]
    notes = {n["id"]: n for n in ok(client.get(f"/api/boards/{made['board']['id']}", headers=fac), 200)["notes"]}
    points = [p for s in copy["content"]["sections"] for p in s["points"]]
    assert points and all(p["ref"] in notes for p in points)
    assert [p["text"] for p in points] == [p["text"] for s in first["content"]["sections"] for p in s["points"]]


def test_the_editor_page_keeps_the_trace_of_lines_left_as_they_were(site: tuple[TestClient, Meeting]) -> None:
    client, _ = site
    m = build(client, "Page meeting")
    cookie = {"Cookie": f"cm_{m.board_id}={m.fac['Authorization'].split()[1]}", "Origin": "http://testserver"}
    page = client.get(f"/b/{m.board_id}/minutes", headers=cookie)
    assert page.status_code == 200 and "Save and mark final" in page.text
    got = minutes(client, m)
    c = got["content"]
    pattern = "\n".join(p["text"] for p in c["sections"][0]["points"]) + "\nThe room added this line."
    form = {
        "version": str(got["version"]), "action": "save", "title": c["title"], "chair": "Jo Reid", "date": c["date"],
        "attendance": "Sam Reid – Police\nKim Lee – School", "apologies": "Dr Patel – GP", "agencies": "Police\nSchool",
        "points_pattern": pattern, "points_impact": "", "points_factors": "", "points_practice": "",
        "decisions": "", "questions": "", "flags": "", "next_review": "2027-02-14",
        "action_text": ["Adam to attend the Caledonian programme.", ""], "action_owner": ["CJSW", ""],
        "action_due": ["2027-01-10", ""], "action_ref": [m.notes["goal"]["id"], ""],
    }  # fmt: skip
    r = client.post(f"/b/{m.board_id}/minutes", data=form, headers=cookie)
    assert r.status_code == 204 and r.headers["hx-redirect"] == f"/b/{m.board_id}/minutes"
    saved = minutes(client, m)["content"]
    refs = [p["ref"] for p in saved["sections"][0]["points"]]
    assert refs[:-1] == [p["ref"] for p in c["sections"][0]["points"]] and refs[-1] is None
    assert saved["apologies"] == [{"name": "Dr Patel", "agency": "GP"}] and saved["next_review"] == "2027-02-14"
    assert saved["actions"] == [
        {"text": "Adam to attend the Caledonian programme.", "owner": "CJSW", "due": "2027-01-10",
         "ref": m.notes["goal"]["id"], "status": ""}
    ]  # fmt: skip
    bad = client.post(f"/b/{m.board_id}/minutes", data=form, headers=cookie)  # the version it was opened at
    assert bad.status_code == 409
