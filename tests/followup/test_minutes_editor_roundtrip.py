"""The minutes editor as a browser posts it: saving it untouched gives back the same minutes (an
open question typed over two lines came back as two questions that no longer knew their note,
credited to the facilitator), and an agreed action is minuted whole, not cut unmarked."""

from __future__ import annotations

from typing import Any

import lxml.html

from tests.followup.helpers import Meeting, close, meeting, note, ok

FORM = {"HX-Request": "true", "Origin": "http://testserver"}
ACTION = (
    "Police to apply for a DVPO against Adam by Friday and tell Maria before he is served. "
    "If the DVPO is refused, SW to convene a strategy meeting within 48 hours. "
    "CJSW to tell the Caledonian programme of any breach on the same day, and not to discuss it with Adam first."
)


def _browser_post(client: Any, m: Meeting) -> None:
    """Open the editor as the facilitator and press Save, sending what a browser would."""
    token = m.fac["Authorization"].split()[1]
    assert client.get(f"/b/{m.board_id}/enter?k={token}").status_code in (200, 303)
    page = client.get(f"/b/{m.board_id}/minutes")
    assert page.status_code == 200, page.text[:300]
    form = lxml.html.fromstring(page.text).xpath("//form[contains(@class,'minutes-form')]")[0]
    data: dict[str, list[str]] = {}
    for el in form.xpath(".//input|.//textarea|.//select"):
        name = el.get("name")
        if not name or el.get("type") in ("submit", "button"):
            continue
        if el.tag == "textarea":  # browsers send a text box's breaks as CRLF
            value = (el.text or "").replace("\r\n", "\n").replace("\n", "\r\n")
        else:  # an <input> holds one line
            value = (el.get("value") or "").replace("\n", "").replace("\r", "")
        data.setdefault(name, []).append(value)
    data["action"] = ["save"]
    r = client.post(f"/b/{m.board_id}/minutes", data=data, headers=FORM)
    assert r.status_code == 204, r.text[:300]


def _meeting(client: Any) -> tuple[Meeting, Any]:
    m = meeting(client)
    sam = m.people["Sam Reid"]
    note(client, m, sam, "p", "pattern", "Adam punched Maria and took her bank card.")
    q = note(client, m, sam, "q", "pattern", "Is Maria's sister in Leeds still a safe place?\nIDVA to ask.", kind="gap")
    note(client, m, sam, "a", "practice", ACTION, kind="action", owner="Police", due="2027-01-08")
    close(client, m)
    return m, q


def test_saving_the_editor_untouched_changes_nothing_and_actions_are_whole(client: Any) -> None:
    m, _ = _meeting(client)
    before = ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)["content"]
    assert [a["text"] for a in before["actions"]] == [ACTION]
    assert any(q["text"].startswith("Is Maria's sister in Leeds still a safe place? IDVA") for q in before["questions"])
    _browser_post(client, m)
    after = ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)["content"]
    assert after == before
    md = client.get(f"/api/boards/{m.board_id}/minutes/export?format=md", headers=m.fac).text
    assert "not to discuss it with Adam first" in md


def test_a_question_kept_through_the_editor_leaves_when_its_note_is_made_confidential(client: Any) -> None:
    m, q = _meeting(client)
    ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)
    _browser_post(client, m)
    ok(client.post(f"/api/boards/{m.board_id}/reopen", headers=m.fac), 200)
    notes = ok(client.get(f"/api/boards/{m.board_id}", headers=m.fac), 200)["notes"]
    cur = next(n for n in notes if n["id"] == q["id"])
    body = {"version": cur["version"], "confidential": True}
    ok(client.patch(f"/api/boards/{m.board_id}/notes/{q['id']}", json=body, headers=m.fac), 200)
    close(client, m)
    minutes = ok(client.get(f"/api/boards/{m.board_id}/minutes", headers=m.fac), 200)
    assert "sister in Leeds" not in str(minutes["content"])
    md = client.get(f"/api/boards/{m.board_id}/minutes/export?format=md", headers=m.fac).text
    assert "sister in Leeds" not in md
