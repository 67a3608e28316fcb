"""A note's record through the API and the note form: who last rewrote it (`edited_by`,
`edited_at`), and its tags to a child of this board, which are checked before anything is stored."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer, join, make_board


def _notes(client: TestClient, made: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.get(f"/api/boards/{made['board']['id']}", headers=bearer(made["facilitator_token"]))
    return list(r.json()["notes"])


def test_edited_by_names_who_last_rewrote_the_text(client: TestClient) -> None:
    made = make_board(client)
    bid, fac = made["board"]["id"], bearer(made["facilitator_token"])
    sam = bearer(join(client, made, "Sam Reid", "Police")["token"])
    note = client.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "He shouted."}, headers=sam
    ).json()
    assert note["edited_by"] is None and note["edited_at"] is None

    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "text": "He shouted at Jay."}, headers=fac
    )
    assert r.status_code == 200, r.text
    assert r.json()["edited_by"] == "Facilitator" and r.json()["edited_at"] == r.json()["updated_at"]
    assert r.json()["author"] == {"id": note["author"]["id"], "name": "Sam Reid"}
    stamp = r.json()["edited_at"]

    # Moving or re-kinding a note is not rewriting it: the record still names the facilitator.
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 2, "kind": "gap", "section": "impact"}, headers=sam
    )
    assert (r.json()["edited_by"], r.json()["edited_at"]) == ("Facilitator", stamp)

    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 3, "text": "He shouted at Jay twice."}, headers=sam
    )
    assert r.json()["edited_by"] == "Sam Reid"
    assert _notes(client, made)[0]["edited_by"] == "Sam Reid"


def test_a_child_of_another_board_is_refused_and_nothing_is_stored(client: TestClient) -> None:
    made, other = make_board(client), make_board(client)
    bid, fac = made["board"]["id"], bearer(made["facilitator_token"])
    jay = next(p["id"] for p in made["board"]["family"] if p["name"] == "Jay")
    stranger = next(p["id"] for p in other["board"]["family"] if p["name"] == "Jay")

    r = client.post(
        f"/api/boards/{bid}/notes",
        json={"section": "impact", "text": "Sleeps badly.", "about": [stranger]},
        headers=fac,
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_person"
    assert "family" in r.json()["detail"]
    assert _notes(client, made) == []

    note = client.post(
        f"/api/boards/{bid}/notes", json={"section": "impact", "text": "Sleeps badly.", "about": [jay]}, headers=fac
    ).json()
    r = client.patch(
        f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "about": [jay, stranger]}, headers=fac
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_person"
    (stored,) = _notes(client, made)
    assert stored["about"] == [jay] and stored["version"] == 1

    # The note form: the same check, the same clear refusal.
    assert client.get(made["facilitator_url"]).status_code == 200
    form = {"section": "impact", "text": "Wets the bed.", "kind": "observation", "tags": "1", f"about_{stranger}": "on"}
    r = client.post(f"/b/{bid}/notes", data=form, headers={"HX-Request": "true", "Origin": "http://testserver"})
    assert r.status_code == 422 and "family" in r.text
    form = {"section": "impact", "text": "Wets the bed.", "kind": "observation", "tags": "1", f"about_{jay}": "on",
            "pathway_child_wellbeing": "on"}  # fmt: skip
    assert (
        client.post(
            f"/b/{bid}/notes", data=form, headers={"HX-Request": "true", "Origin": "http://testserver"}
        ).status_code
        == 204
    )
    added = next(n for n in _notes(client, made) if n["text"] == "Wets the bed.")
    assert added["about"] == [jay] and added["pathways"] == ["child_wellbeing"]
