"""A gap raised only by a confidential note tells what the note disclosed without quoting it
("How does his behaviour cause, worsen or exploit the drug use?"). It stays with the facilitator:
not on the projector, not in the drafted minutes, not in a redacted download."""

from __future__ import annotations

from typing import Any

from tests.followup.helpers import Meeting, close, meeting, note, ok

SECRET = "Maria disclosed to her GP that she has been using heroin since October; she asked that this is not shared"


def _board(client: Any) -> Meeting:
    m = meeting(client)
    sam = m.people["Sam Reid"]
    note(client, m, sam, "p1", "pattern", "Adam checks Maria's phone every night and takes her bank card.")
    note(client, m, sam, "p2", "pattern", "Adam threw a phone at Jay in March.")
    note(client, m, m.people["Kim Lee"], "i1", "impact", "Jay (6) is missing school after call-outs.")
    note(client, m, sam, "secret", "factors", SECRET, confidential=True)
    return m


def _about_drugs(messages: list[str]) -> list[str]:
    return [msg for msg in messages if "drug" in msg or "heroin" in msg]


def test_the_facilitator_sees_the_gap_and_the_projector_does_not(client: Any) -> None:
    m = _board(client)
    ok(client.post(f"/api/boards/{m.board_id}/show-gaps", json={"show": True}, headers=m.fac), 200)
    fac_gaps = ok(client.get(f"/api/boards/{m.board_id}", headers=m.fac), 200)["gaps"]
    assert _about_drugs([g["message"] for g in fac_gaps])  # the room's facilitator still gets the question
    seen = ok(client.get(f"/api/boards/{m.board_id}", headers=m.viewer), 200)
    assert all(n["text"] != SECRET for n in seen["notes"])
    assert seen["gaps"], "the projector still shows the gaps the other notes raise"
    assert not _about_drugs([g["message"] for g in seen["gaps"]])


def test_the_minutes_do_not_ask_about_what_was_disclosed_in_confidence(client: Any) -> None:
    m = _board(client)
    close(client, m)
    minutes = ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)
    assert minutes["content"]["withheld"] == 1
    assert not _about_drugs([q["text"] for q in minutes["content"]["questions"]])


def test_a_redacted_download_does_not_name_it(client: Any) -> None:
    m = _board(client)
    close(client, m)
    r = client.get(f"/api/boards/{m.board_id}/export?format=md&redact=true", headers=m.fac)
    assert r.status_code == 200, r.text[:300]
    assert "heroin" not in r.text and "drug use" not in r.text
    full = client.get(f"/api/boards/{m.board_id}/export?format=md", headers=m.fac)
    assert "drug use" in full.text  # the facilitator's own full copy keeps the question
