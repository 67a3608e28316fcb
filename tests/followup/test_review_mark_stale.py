"""Two people mark the same carried action from the review page: a mark made from a page that
showed the action before someone else's mark is refused (409, as in the API), so the first
agency's evidence stays on the record; her page then shows the mark as it stands, and saving
again replaces it deliberately."""

from __future__ import annotations

from typing import Any

import lxml.html

from tests.conftest import bearer
from tests.followup.helpers import close, meeting, note, ok, review, start_review

FORM = {"HX-Request": "true", "Origin": "http://testserver"}
SAMS = "missed 4 of 6 sessions, breached"


def _join(client: Any, r: Any, name: str, agency: str) -> dict[str, str]:
    body = {"join_code": r.join_code, "name": name, "agency": agency}
    return bearer(ok(client.post(f"/api/boards/{r.board_id}/join", json=body), 201)["token"])


def _mark_form(client: Any, r: Any, who: dict[str, str], action_id: str) -> dict[str, str]:
    """The hidden fields of the mark form as this person's review panel shows it."""
    panel = client.get(f"/b/{r.board_id}/review", headers={**who, "HX-Request": "true"})
    assert panel.status_code == 200, panel.text[:200]
    [form] = lxml.html.fromstring(panel.text).xpath(f"//form[@hx-post='/b/{r.board_id}/review/actions/{action_id}']")
    return {el.get("name"): el.get("value") for el in form.xpath(".//input[@type='hidden']")}


def _version_sent_back(html: str, action_id: str) -> dict[str, str]:
    [el] = lxml.html.fragment_fromstring(html, create_parent="div").xpath(f"//input[@id='mark-v-{action_id}']")
    assert el.get("hx-swap-oob") == "true"
    return {"version": el.get("value")}


def test_a_stale_mark_from_the_review_page_is_refused_and_the_newer_one_kept(client: Any) -> None:
    m = meeting(client)
    text = "Adam to attend the Caledonian programme weekly"
    note(client, m, m.people["Sam Reid"], "a", "practice", text, kind="action", owner="CJSW")
    close(client, m)
    r = start_review(client, m)
    action = review(client, r)["actions"][0]
    url = f"/b/{r.board_id}/review/actions/{action['id']}"
    sam = _join(client, r, "Sam Reid", "CJSW")
    kim = _join(client, r, "Kim Lee", "School")
    kims = _mark_form(client, r, kim, action["id"])
    assert kims == {"version": "1"}
    # Sam (CJSW) records the programme's report, and then corrects it from the same page.
    sams = _mark_form(client, r, sam, action["id"])
    first = client.post(url, data={**sams, "status": "in_progress", "evidence": "2 of 6"}, headers={**FORM, **sam})
    assert first.status_code == 200, first.text
    sams = _version_sent_back(first.text, action["id"])
    again = client.post(url, data={**sams, "status": "not_done", "evidence": SAMS}, headers={**FORM, **sam})
    assert again.status_code == 200, again.text
    # Kim's page still shows the action as open; her mark from it is refused, Sam's kept.
    stale = client.post(url, data={**kims, "status": "in_progress", "evidence": "he says he is going"},
                        headers={**FORM, **kim})  # fmt: skip
    assert stale.status_code == 409
    assert "Someone marked this action while you were editing it" in stale.text
    now = next(a for a in review(client, r)["actions"] if a["id"] == action["id"])
    assert (now["status"], now["evidence"], now["updated_by"]) == ("not_done", SAMS, "Sam Reid")
    # Her page now shows Sam's mark; saving again replaces it, knowingly.
    assert SAMS in stale.text
    kims = _version_sent_back(stale.text, action["id"])
    assert kims == {"version": str(now["version"])}
    mine = client.post(url, data={**kims, "status": "in_progress", "evidence": "he went on Tuesday"},
                       headers={**FORM, **kim})  # fmt: skip
    assert mine.status_code == 200, mine.text
    now = next(a for a in review(client, r)["actions"] if a["id"] == action["id"])
    assert (now["evidence"], now["updated_by"]) == ("he went on Tuesday", "Kim Lee")
