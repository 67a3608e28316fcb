"""Practice checks through the API: flags on notes, their resolution, gaps and plan actions."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer, join, make_board


def _post(client: TestClient, made: dict[str, Any], token: str, section: str, text: str, **extra: Any) -> Any:
    r = client.post(
        f"/api/boards/{made['board']['id']}/notes",
        json={"section": section, "text": text, **extra},
        headers=bearer(token),
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_analyse_flags_blaming_wording_with_reason_and_pivot(client: TestClient) -> None:
    r = client.post("/api/analyse", json={"text": "M has let him back again", "section": "impact"})
    assert r.status_code == 200
    flags = r.json()["flags"]
    assert flags and flags[0]["category"] == "survivor_choices" and flags[0]["status"] == "open"
    assert "let him back" in flags[0]["message"] and len(flags[0]["pivot"]) == 3
    r = client.post("/api/analyse", json={"text": "M let P in after he threatened to break the door down"})
    assert r.json()["flags"] == []
    assert client.post("/api/analyse", json={"text": "x", "section": "nowhere"}).status_code == 422


def test_flags_are_seen_by_author_and_facilitator_only(client: TestClient) -> None:
    made = make_board(client)
    bid = made["board"]["id"]
    sam, kim = join(client, made), join(client, made, "Kim", "School")
    note = _post(client, made, sam["token"], "impact", "Mum not coping, kids unkempt")
    assert note["flags"] and note["flags"][0]["category"] == "failure_to_protect"

    def flags_seen(token: str) -> list[Any]:
        board = client.get(f"/api/boards/{bid}", headers=bearer(token)).json()
        return list(next(n["flags"] for n in board["notes"] if n["id"] == note["id"]))

    assert flags_seen(made["facilitator_token"]) and flags_seen(sam["token"])
    assert flags_seen(kim["token"]) == [] and flags_seen(made["viewer_token"]) == []


def test_facilitator_resolves_a_flag_as_pivoted_or_kept_with_a_reason(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    sam = join(client, made)
    note = _post(client, made, sam["token"], "factors", "Mum's drinking is the main risk")
    cat = note["flags"][0]["category"]
    url = f"/api/boards/{bid}/notes/{note['id']}/flags/{cat}"
    assert client.post(url, json={"status": "pivoted"}, headers=bearer(sam["token"])).status_code == 403
    r = client.post(url, json={"status": "kept"}, headers=bearer(fac))
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    r = client.post(url, json={"status": "kept", "reason": "Her own words at the visit"}, headers=bearer(fac))
    assert r.status_code == 200
    flag = r.json()["flags"][0]
    assert flag["status"] == "kept" and flag["reason"] == "Her own words at the visit"
    assert flag["resolved_by"] == "Facilitator" and flag["resolved_at"]
    r = client.post(
        f"/api/boards/{bid}/notes/{note['id']}/flags/mutualising", json={"status": "pivoted"}, headers=bearer(fac)
    )
    assert r.status_code == 404 and r.json()["code"] == "no_such_flag"


def test_rewording_clears_the_flag(client: TestClient) -> None:
    made = make_board(client)
    note = _post(client, made, made["facilitator_token"], "pattern", "Volatile relationship, both as bad as each other")
    assert note["flags"]
    r = client.patch(
        f"/api/boards/{made['board']['id']}/notes/{note['id']}",
        json={"version": 1, "text": "P screams at M and blocks the door; M is frightened of him"},
        headers=bearer(made["facilitator_token"]),
    )
    assert r.status_code == 200 and r.json()["flags"] == []


def test_a_kept_flag_stays_kept_for_the_same_words_and_opens_again_for_new_ones(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], bearer(made["facilitator_token"])
    sam = bearer(join(client, made, "Sam Reid", "Police")["token"])
    note = client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "just a shove, no marks"}, headers=sam
    ).json()
    cat = note["flags"][0]["category"]
    r = client.post(
        f"/api/boards/{bid}/notes/{note['id']}/flags/{cat}",
        json={"status": "kept", "reason": "Sam is reading out the 999 call log"},
        headers=fac,
    )
    assert r.status_code == 200 and r.json()["flags"][0]["status"] == "kept"

    # Moved, and edited elsewhere: the same words, the room's decision stands.
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}",
        json={"version": r.json()["version"], "section": "impact", "text": "just a shove, no marks (999 log)"},
        headers=sam,
    )
    assert r.status_code == 200, r.text
    flag = r.json()["flags"][0]
    assert (flag["category"], flag["status"], flag["reason"]) == (cat, "kept", "Sam is reading out the 999 call log")

    # New words of the same kind were never reviewed: the flag is open again, with no reason or name.
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}",
        json={"version": r.json()["version"], "text": "Adam is a good dad apart from the DV, one-off incident"},
        headers=sam,
    )
    assert r.status_code == 200, r.text
    flag = next(f for f in r.json()["flags"] if f["category"] == cat)
    assert flag["status"] == "open" and flag.get("reason") is None and flag.get("resolved_by") is None


def test_gaps_appear_as_questions_and_close_when_covered(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    _post(client, made, fac, "impact", "Jay (6) wets the bed since the police came")

    def gaps() -> dict[str, dict[str, Any]]:
        return {g["key"]: g for g in client.get(f"/api/boards/{bid}", headers=bearer(fac)).json()["gaps"]}

    assert "no_pattern" in gaps() and gaps()["no_pattern"]["message"].endswith("?")
    _post(client, made, fac, "pattern", "P checks M's phone and takes her bank card")
    assert "no_pattern" not in gaps()


def test_a_gap_becomes_an_owned_action_in_one_step(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    _post(client, made, fac, "pattern", "P punched M twice, police called x3")
    _post(client, made, fac, "impact", "Jay (6) scared at night, hides under the bed")
    board = client.get(f"/api/boards/{bid}", headers=bearer(fac)).json()
    history = next(g for g in board["gaps"] if g["key"] == "no_history")
    r = client.post(
        f"/api/boards/{bid}/gaps/{history['id']}/action",
        json={"owner": "SW", "text": "SW to ask Police in Poland about his offending history"},
        headers=bearer(fac),
    )
    assert r.status_code == 201
    note = r.json()
    assert (note["section"], note["kind"], note["owner"]) == ("practice", "action", "SW")
    after = {g["key"]: g for g in client.get(f"/api/boards/{bid}", headers=bearer(fac)).json()["gaps"]}
    # still there until the answer is recorded, but as being found out by that action
    assert after["no_history"]["owned_by"] == "SW" and after["no_history"]["status"] == "finding_out"
    assert after["no_history"]["owner_note_id"] == note["id"] and after["no_history"]["severity"] == "info"
    r = client.post(f"/api/boards/{bid}/gaps/nope-123/action", json={"owner": "SW"}, headers=bearer(fac))
    assert r.status_code == 404


def test_projector_gets_gaps_only_when_the_facilitator_shows_them(client: TestClient) -> None:
    made = make_board(client)
    bid, fac, view = made["board"]["id"], made["facilitator_token"], made["viewer_token"]
    _post(client, made, fac, "impact", "Jay (6) wets the bed since the police came")
    assert client.get(f"/api/boards/{bid}", headers=bearer(view)).json()["gaps"] == []
    r = client.post(f"/api/boards/{bid}/show-gaps", json={"show": True}, headers=bearer(fac))
    assert r.status_code == 200 and r.json()["show_gaps"] is True
    assert client.get(f"/api/boards/{bid}", headers=bearer(view)).json()["gaps"]


def test_a_confidential_action_says_who_is_finding_out_but_not_its_words(client: TestClient) -> None:
    made = make_board(client)
    bid, fac, view = made["board"]["id"], made["facilitator_token"], made["viewer_token"]
    client.post(f"/api/boards/{bid}/show-gaps", json={"show": True}, headers=bearer(fac))
    _post(client, made, fac, "pattern", "P punched M twice, police called x3")
    _post(client, made, fac, "impact", "Jay (6) scared at night, hides under the bed")
    secret = "IDVA to ask M's refuge worker in Leeds about his history with his ex"
    _post(client, made, fac, "practice", secret, kind="action", owner="IDVA", confidential=True)
    for token in (fac, view):
        board = client.get(f"/api/boards/{bid}", headers=bearer(token))
        gap = next(g for g in board.json()["gaps"] if g["key"] == "no_history")
        assert (gap["status"], gap["owned_by"], gap["action"], gap["owner_note_id"]) == (
            "finding_out",
            "IDVA",
            None,
            None,
        )
        assert "Leeds" not in str(board.json()["gaps"])
    assert "Leeds" not in client.get(f"/api/boards/{bid}", headers=bearer(view)).text


def test_a_new_note_is_read_with_the_boards_family_names(client: TestClient) -> None:
    # Professionals type names, not "mum": on this board Maria is the survivor and Adam the
    # perpetrator, so "Maria is not engaging" is flagged as "mum is not engaging" would be, and
    # the same words about Adam are not. Both write paths: a plain note, and one tagged to a child.
    made = make_board(client)
    sam = join(client, made)
    jay = next(p["id"] for p in made["board"]["family"] if p["name"] == "Jay")
    for extra in ({}, {"about": [jay]}):
        note = _post(client, made, sam["token"], "impact", "Maria is not engaging with services", **extra)
        assert [f["category"] for f in note["flags"]] == ["not_engaging"], extra
        # The trigger quotes the note as typed (her name), never the board's shorthand.
        assert note["flags"][0]["trigger"] in "Maria is not engaging with services", extra
        note = _post(client, made, sam["token"], "practice", "Adam is not engaging with the DVPP", **extra)
        assert note["flags"] == [], extra


def test_an_action_on_a_confidential_question_stays_confidential(client: TestClient) -> None:
    # "Police to find out: Does she still stay at the refuge on 12 Elm Road?" quotes the question;
    # the question is confidential, so the action the facilitator makes from it must be too, or
    # the refuge's address reaches the projector and every redacted copy.
    made = make_board(client)
    bid, fac, view = made["board"]["id"], made["facilitator_token"], made["viewer_token"]
    client.post(f"/api/boards/{bid}/show-gaps", json={"show": True}, headers=bearer(fac))
    _post(
        client,
        made,
        fac,
        "practice",
        "Does she still stay at the refuge on 12 Elm Road?",
        kind="gap",
        confidential=True,
    )
    gap = next(
        g for g in client.get(f"/api/boards/{bid}", headers=bearer(fac)).json()["gaps"] if g["key"] == "open_question"
    )
    r = client.post(f"/api/boards/{bid}/gaps/{gap['id']}/action", json={"owner": "Police"}, headers=bearer(fac))
    assert r.status_code == 201, r.text
    assert r.json()["confidential"] is True and "Elm Road" in r.json()["text"]
    assert "Elm Road" not in client.get(f"/api/boards/{bid}", headers=bearer(view)).text
    client.post(f"/api/boards/{bid}/close", headers=bearer(fac))
    for fmt in ("md", "json"):
        copy = client.get(f"/api/boards/{bid}/export?format={fmt}&redact=true", headers=bearer(fac))
        assert copy.status_code == 200 and "Elm Road" not in copy.text, fmt


def test_a_question_at_the_length_limit_still_becomes_an_action(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], made["facilitator_token"]
    client.post(f"/api/boards/{bid}/show-gaps", json={"show": True}, headers=bearer(fac))
    question = "Who collects the children from school on the days he is at home " + "and why? " * 104
    question = question[:1000]
    _post(client, made, fac, "practice", question, kind="gap")
    gap = next(
        g for g in client.get(f"/api/boards/{bid}", headers=bearer(fac)).json()["gaps"] if g["key"] == "open_question"
    )
    r = client.post(f"/api/boards/{bid}/gaps/{gap['id']}/action", json={"owner": "School"}, headers=bearer(fac))
    assert r.status_code == 201, r.text
    text = r.json()["text"]
    assert len(text) <= 1000 and text.startswith("School to find out: Who collects the children") and text.endswith("…")
