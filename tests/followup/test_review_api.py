"""Review meetings through the JSON API: a closed board becomes the start of a chain of
reviews that carry the family, the earlier map and the open actions, and record the change
panel. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.followup.helpers import close, meeting, note, ok, review, start_review

PUNCH = "Adam punched Maria in the face in March; Jay saw it from the stairs."
CARD = "Adam takes Maria's bank card on payday."
ADDRESS = "Maria and Jay are staying at 12 Birch Close until the refuge place opens."
PROGRAMME = "Adam to attend the Caledonian programme and stop checking Maria's phone."
RECORD = "SW to ask police in Poland about his record."


def closed_meeting(client: TestClient) -> Any:
    m = meeting(client)
    police = m.people["Sam Reid"]
    note(client, m, police, "punch", "pattern", PUNCH, source="police record")
    note(client, m, police, "card", "pattern", CARD)
    note(client, m, police, "address", "impact", ADDRESS, confidential=True)
    note(client, m, m.fac, "programme", "practice", PROGRAMME, kind="action", owner="CJSW", due="2026-11-30")
    note(client, m, m.fac, "record", "practice", RECORD, kind="action", owner="SW", due="2099-01-15")
    close(client, m)
    return m


def test_a_review_starts_only_from_a_closed_board_and_only_once(client: TestClient) -> None:
    m = meeting(client)
    refused = client.post(f"/api/boards/{m.board_id}/review", headers=m.fac)
    assert refused.status_code == 409 and refused.json()["code"] == "board_not_closed"
    close(client, m)
    assert client.post(f"/api/boards/{m.board_id}/review", headers=m.people["Sam Reid"]).status_code == 403
    assert client.post(f"/api/boards/{m.board_id}/review", headers=m.viewer).status_code == 403
    r = start_review(client, m)
    again = client.post(f"/api/boards/{m.board_id}/review", headers=m.fac)
    assert again.status_code == 409
    assert (again.json()["code"], again.json()["review_id"]) == ("review_exists", r.board_id)
    assert review(client, m)["next"]["id"] == r.board_id


def test_the_review_carries_family_map_and_actions_and_its_own_notes_are_new(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    board = ok(client.get(f"/api/boards/{r.board_id}", headers=r.fac), 200)
    assert board["title"] == "CP case discussion 24/0193 – review 1"
    assert board["status"] == "open" and board["notes"] == []
    assert [(p["name"], p["role"], p["age"]) for p in board["family"]] == [
        ("Adam", "perpetrator", None),
        ("Maria", "survivor", 31),
        ("Jay", "child", 6),
    ]
    view = review(client, r)
    assert view["is_review"] and view["number"] == 1
    assert view["previous"]["id"] == m.board_id and view["previous"]["available"]
    earlier = {n["text"]: n for n in view["earlier_notes"]}
    assert set(earlier) == {PUNCH, CARD, ADDRESS, PROGRAMME, RECORD}
    assert earlier[ADDRESS]["confidential"] and earlier[PUNCH]["source"] == "police record"
    assert earlier[PUNCH]["agency"] == "Police"
    created = ok(client.get(f"/api/boards/{m.board_id}", headers=m.fac), 200)["created_at"]
    assert {n["meeting_date"] for n in view["earlier_notes"]} == {created}
    actions = {a["text"]: a for a in view["actions"]}
    assert set(actions) == {PROGRAMME, RECORD}
    assert (actions[PROGRAMME]["owner"], actions[PROGRAMME]["due"], actions[PROGRAMME]["status"]) == (
        "CJSW",
        "2026-11-30",
        "open",
    )
    assert actions[PROGRAMME]["overdue"] and not actions[RECORD]["overdue"]
    assert view["changes"]["overdue"] == [actions[PROGRAMME]["id"]]
    # The earlier board is untouched and still closed.
    old = ok(client.get(f"/api/boards/{m.board_id}", headers=m.fac), 200)
    assert old["status"] == "closed" and len(old["notes"]) == 5


def test_people_rejoin_by_the_new_code_and_old_links_stay_closed(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    assert r.join_code != m.join_code
    police = m.people["Sam Reid"]
    assert client.get(f"/api/boards/{r.board_id}", headers=police).status_code == 403  # a token of the old board
    old_code = client.post(
        f"/api/boards/{r.board_id}/join", json={"join_code": m.join_code, "name": "Sam Reid", "agency": "Police"}
    )
    assert old_code.status_code == 403 and old_code.json()["code"] == "bad_join_code"
    old_board = client.post(
        f"/api/boards/{m.board_id}/join", json={"join_code": m.join_code, "name": "Sam Reid", "agency": "Police"}
    )
    assert old_board.status_code == 409 and old_board.json()["code"] == "board_closed"
    joined = ok(
        client.post(
            f"/api/boards/{r.board_id}/join", json={"join_code": r.join_code, "name": "Sam Reid", "agency": "Police"}
        ),
        201,
    )
    assert review(client, r, bearer(joined["token"]))["earlier_notes"]


def test_actions_are_marked_with_evidence_by_the_room(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    sam = bearer(
        ok(
            client.post(
                f"/api/boards/{r.board_id}/join", json={"join_code": r.join_code, "name": "Sam", "agency": "Police"}
            ),
            201,
        )["token"]
    )
    action = next(a for a in review(client, r)["actions"] if a["text"] == PROGRAMME)
    url = f"/api/boards/{r.board_id}/review/actions/{action['id']}"
    marked = ok(
        client.post(url, json={"status": "in_progress", "evidence": "3 of 26 sessions", "version": 1}, headers=sam), 200
    )
    assert (marked["status"], marked["evidence"], marked["updated_by"], marked["version"]) == (
        "in_progress",
        "3 of 26 sessions",
        "Sam",
        2,
    )
    stale = client.post(url, json={"status": "done", "version": 1}, headers=r.fac)
    assert stale.status_code == 409 and stale.json()["current"]["status"] == "in_progress"
    for body in ({"status": "finished"}, {"status": "done", "evidence": "x" * 501}, {"status": "done", "extra": 1}):
        assert client.post(url, json=body, headers=r.fac).status_code == 422
    assert client.post(url, json={"status": "done"}, headers=r.viewer).status_code == 403
    unknown = client.post(f"/api/boards/{r.board_id}/review/actions/nosuch", json={"status": "done"}, headers=r.fac)
    assert unknown.status_code == 404
    view = review(client, r)
    assert next(a for a in view["actions"] if a["id"] == action["id"])["status"] == "in_progress"
    assert view["changes"]["marked"] == {"done": 0, "in_progress": 1, "not_done": 0}
    close(client, r)
    closed = client.post(url, json={"status": "done"}, headers=r.fac)
    assert closed.status_code == 409 and closed.json()["code"] == "board_closed"


def test_the_change_panel_holds_evidence_by_agency_and_the_rating_the_room_agrees(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    sam, kim = (
        bearer(
            ok(
                client.post(
                    f"/api/boards/{r.board_id}/join", json={"join_code": r.join_code, "name": name, "agency": agency}
                ),
                201,
            )["token"]
        )
        for name, agency in (("Sam", "Perpetrator programme"), ("Kim", "School"))
    )
    base = f"/api/boards/{r.board_id}/review"
    ev = ok(
        client.post(f"{base}/evidence", json={"question": "naming", "text": "Admits the punch only"}, headers=sam), 201
    )
    assert ev["agency"] == "Perpetrator programme" and ev["author"]["name"] == "Sam"
    secret = ok(
        client.post(
            f"{base}/evidence",
            json={"question": "changes", "text": "M says he still reads her texts", "confidential": True},
            headers=kim,
        ),
        201,
    )
    assert client.post(f"{base}/evidence", json={"question": "naming", "text": " "}, headers=sam).status_code == 422
    assert client.post(f"{base}/evidence", json={"question": "mood", "text": "x"}, headers=sam).status_code == 422
    # Only the author or the facilitator removes evidence.
    assert client.delete(f"{base}/evidence/{ev['id']}", headers=kim).status_code == 403
    # Only the facilitator records the room's rating.
    assert client.post(f"{base}/ratings/naming", json={"rating": "partly"}, headers=sam).status_code == 403
    assert client.post(f"{base}/ratings/naming", json={"rating": "mostly"}, headers=r.fac).status_code == 422
    assert client.post(f"{base}/ratings/mood", json={"rating": "partly"}, headers=r.fac).status_code == 404
    rated = ok(client.post(f"{base}/ratings/naming", json={"rating": "partly"}, headers=r.fac), 200)
    assert (rated["rating"], rated["rating_label"], rated["set_by"]) == ("partly", "Partly", "Facilitator")
    change = {c["key"]: c for c in review(client, r)["change"]}
    assert change["naming"]["rating"] == "partly"
    assert [e["text"] for e in change["naming"]["evidence"]] == ["Admits the punch only"]
    assert [e["text"] for e in change["changes"]["evidence"]] == ["M says he still reads her texts"]
    # The projector never receives confidential evidence, nor the earlier map's confidential notes.
    seen = review(client, r, r.viewer)
    assert "reads her texts" not in str(seen) and "Birch Close" not in str(seen)
    assert "Admits the punch only" in str(seen)
    ok(client.delete(f"{base}/evidence/{secret['id']}", headers=r.fac), 204)
    assert review(client, r)["change"][2]["evidence"] == []


def test_review_events_carry_no_text_so_every_screen_may_receive_them(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    base = f"/api/boards/{r.board_id}/review"
    ok(
        client.post(
            f"{base}/evidence",
            json={"question": "naming", "text": "SECRETEVIDENCE", "confidential": True},
            headers=r.fac,
        ),
        201,
    )
    action = review(client, r)["actions"][0]
    ok(
        client.post(f"{base}/actions/{action['id']}", json={"status": "done", "evidence": "SECRETMARK"}, headers=r.fac),
        200,
    )
    ok(client.post(f"{base}/ratings/claiming", json={"rating": "not_yet"}, headers=r.fac), 200)
    export = ok(client.get(f"/api/boards/{r.board_id}/export", params={"format": "json"}, headers=r.fac), 200)
    events = [e for e in export["events"] if e["type"] == "review.updated"]
    assert [e["data"]["what"] for e in events] == ["evidence", "action", "rating"]
    assert "SECRET" not in str(events) and "SECRET" not in str(export["audit"])


def test_a_review_of_a_review_keeps_the_chain_and_its_change_history(client: TestClient) -> None:
    m = closed_meeting(client)
    r1 = start_review(client, m)
    base = f"/api/boards/{r1.board_id}/review"
    actions = {a["text"]: a for a in review(client, r1)["actions"]}
    ok(
        client.post(
            f"{base}/actions/{actions[RECORD]['id']}",
            json={"status": "done", "evidence": "reply 2 Dec"},
            headers=r1.fac,
        ),
        200,
    )
    ok(
        client.post(
            f"{base}/actions/{actions[PROGRAMME]['id']}",
            json={"status": "in_progress", "evidence": "3 of 26"},
            headers=r1.fac,
        ),
        200,
    )
    ok(
        client.post(f"{base}/evidence", json={"question": "naming", "text": "Admits the punch only"}, headers=r1.fac),
        201,
    )
    ok(client.post(f"{base}/ratings/naming", json={"rating": "not_yet"}, headers=r1.fac), 200)
    new_note = "Adam threatened to take Jay to Poland."
    note(client, r1, r1.fac, "threat", "pattern", new_note)
    note(client, r1, r1.fac, "goal", "practice", "Adam to stop threatening to take Jay.", kind="action", owner="CJSW")
    close(client, r1)
    r2 = start_review(client, r1)
    view = review(client, r2)
    assert view["number"] == 2 and view["previous"]["id"] == r1.board_id
    board = ok(client.get(f"/api/boards/{r2.board_id}", headers=r2.fac), 200)
    assert board["title"] == "CP case discussion 24/0193 – review 2"
    # Both earlier meetings' notes, each dated by its own meeting, oldest first.
    texts = [n["text"] for n in view["earlier_notes"]]
    assert texts.index(PUNCH) < texts.index(new_note)
    assert len({n["meeting_date"] for n in view["earlier_notes"]}) == 2
    # Done actions leave the chain; the rest come with how they stood last time.
    carried = {a["text"]: a for a in view["actions"]}
    assert set(carried) == {PROGRAMME, "Adam to stop threatening to take Jay."}
    assert (carried[PROGRAMME]["previous_status"], carried[PROGRAMME]["previous_evidence"]) == (
        "in_progress",
        "3 of 26",
    )
    assert carried[PROGRAMME]["status"] == "open"
    # The change history: review 1's ratings and evidence.
    (h,) = view["history"]
    assert h["number"] == 1 and h["ratings"]["naming"]["rating"] == "not_yet"
    assert [e["text"] for e in h["evidence"]] == ["Admits the punch only"]
    assert next(c for c in view["change"] if c["key"] == "naming")["previous_rating"] == "not_yet"
    ok(client.post(f"/api/boards/{r2.board_id}/review/ratings/naming", json={"rating": "partly"}, headers=r2.fac), 200)
    assert review(client, r2)["change"][0]["trend"] == "up"


def test_the_earlier_map_counts_for_the_gap_checks(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    note(client, r, r.fac, "jay", "impact", "Jay (6) is sleeping better since the summer.")
    gaps = {g["key"] for g in ok(client.get(f"/api/boards/{r.board_id}", headers=r.fac), 200)["gaps"]}
    assert "no_pattern" not in gaps  # his pattern is on the earlier map


def test_a_first_meeting_has_no_review_side(client: TestClient) -> None:
    m = meeting(client)
    view = review(client, m)
    assert view["is_review"] is False and view["earlier_notes"] == [] and view["next"] is None
    action = client.post(
        f"/api/boards/{m.board_id}/review/evidence", json={"question": "naming", "text": "x"}, headers=m.fac
    )
    assert action.status_code == 409 and action.json()["code"] == "not_a_review"


def test_the_review_panel_page_shows_the_earlier_map_to_members_only(client: TestClient) -> None:
    m = closed_meeting(client)
    r = start_review(client, m)
    fac_token = r.fac["Authorization"].split()[1]
    page = client.get(f"/b/{r.board_id}/review", headers={"Cookie": f"cm_{r.board_id}={fac_token}"})
    assert page.status_code == 200
    assert "Review meeting 1" in page.text and "Adam takes Maria&#39;s bank card" in page.text
    assert 'id="earlier-pattern"' in page.text and "Actions from last time" in page.text
    live = client.get(f"/b/{r.board_id}/review?part=live", headers={"Cookie": f"cm_{r.board_id}={fac_token}"})
    assert 'hx-swap-oob="true"' in live.text and "earlier-pattern" not in live.text
    first = client.get(
        f"/b/{m.board_id}/review", headers={"Cookie": f"cm_{m.board_id}={m.fac['Authorization'].split()[1]}"}
    )
    assert first.status_code == 204
    assert client.get(f"/b/{r.board_id}/review", headers=r.viewer).status_code == 403
    assert client.get(f"/b/{r.board_id}/review").status_code == 401
