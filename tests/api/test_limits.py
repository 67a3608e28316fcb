"""Rate limits and size limits: a clear 429 with Retry-After, or a clear 4xx, and nothing changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.conftest import bearer, join, make_board


def _client(db_url: str, monkeypatch: pytest.MonkeyPatch, **env: str) -> Iterator[TestClient]:
    monkeypatch.setenv("CASEMAP_DATABASE_URL", db_url)
    for key, value in env.items():
        monkeypatch.setenv(f"CASEMAP_{key}", value)
    get_settings.cache_clear()
    from app.main import create_app

    with TestClient(create_app()) as c:
        yield c
    get_settings.cache_clear()


@pytest.fixture
def tight(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from _client(
        db_url, monkeypatch, RATE_NOTE_CHANGES="3/minute", RATE_JOIN_FAILURES="3/hour", RATE_ANALYSE="2/minute"
    )


@pytest.fixture
def small(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from _client(db_url, monkeypatch, MAX_PARTICIPANTS_PER_BOARD="2", MAX_NOTES_PER_BOARD="2")


def test_note_changes_are_limited_per_participant(tight: TestClient) -> None:
    made = make_board(tight)
    bid = made["board"]["id"]
    sam, kim = join(tight, made), join(tight, made, "Kim", "School")
    for i in range(3):
        r = tight.post(
            f"/api/boards/{bid}/notes", json={"section": "pattern", "text": f"n{i}"}, headers=bearer(sam["token"])
        )
        assert r.status_code == 201
    r = tight.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "one too many"}, headers=bearer(sam["token"])
    )
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    assert int(r.headers["retry-after"]) >= 1 and "at most 3 per minute" in r.json()["detail"]
    # Someone else at the table is not held back by Sam's burst.
    r = tight.post(
        f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "kim's"}, headers=bearer(kim["token"])
    )
    assert r.status_code == 201
    texts = [n["text"] for n in tight.get(f"/api/boards/{bid}", headers=bearer(sam["token"])).json()["notes"]]
    assert "one too many" not in texts


def test_join_codes_cannot_be_found_by_trying(tight: TestClient) -> None:
    made = make_board(tight)
    bid = made["board"]["id"]
    for code in ("AAAAAA", "BBBBBB", "CCCCCC"):
        r = tight.post(f"/api/boards/{bid}/join", json={"join_code": code, "name": "X", "agency": "Y"})
        assert r.status_code == 403
    r = tight.post(f"/api/boards/{bid}/join", json={"join_code": made["join_code"], "name": "X", "agency": "Y"})
    assert r.status_code == 429 and "retry-after" in r.headers  # even the right code, once blocked
    r = tight.get("/join?code=DDDDDD", follow_redirects=False)
    assert r.status_code == 429


def test_analysis_is_limited_per_address(tight: TestClient) -> None:
    for _ in range(2):
        assert tight.post("/api/analyse", json={"text": "mum not engaging"}).status_code == 200
    r = tight.post("/api/analyse", json={"text": "mum not engaging"})
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"


def test_board_size_limits_are_clear(small: TestClient) -> None:
    tight = small
    made = make_board(tight)
    bid = made["board"]["id"]
    join(tight, made)
    join(tight, made, "Kim", "School")  # two people joined; the facilitator and projector don't count
    r = tight.post(f"/api/boards/{bid}/join", json={"join_code": made["join_code"], "name": "Late", "agency": "GP"})
    assert r.status_code == 409 and r.json()["code"] == "board_full"
    fac = made["facilitator_token"]
    codes = [
        tight.post(
            f"/api/boards/{bid}/notes",
            json={"section": "factors", "text": f"n{i}", "client_id": f"c{i}"},
            headers=bearer(fac),
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 409]
    r = tight.post(f"/api/boards/{bid}/notes", json={"section": "factors", "text": "n3"}, headers=bearer(fac))
    assert r.json()["code"] == "board_full" and "2 notes" in r.json()["detail"]
