"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis).

Runs against a real uvicorn server (SQLite file) with real tokens: every `/api/boards/{board_id}`
call goes to a live board with the facilitator's token (the widest rights reach the deepest code),
and `note_id` names a real note. Checks: never a 5xx, and every answer matches the documented
response schema. Bounded and derandomized: a fixed, reproducible set of examples per operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.server import Server, running_server
from tests.services import fresh_postgres

RELAXED_LIMITS = {
    "CASEMAP_RATE_NOTE_CHANGES": "100000/minute",
    "CASEMAP_RATE_NOTE_CHANGES_ADDRESS": "100000/minute",
    "CASEMAP_RATE_JOINS": "100000/minute",
    "CASEMAP_RATE_JOIN_FAILURES": "100000/hour",
    "CASEMAP_RATE_ANALYSE": "100000/minute",
    "CASEMAP_RATE_BOARD_CREATION": "100000/hour",
}
MAX_EXAMPLES = 25


def _openapi() -> dict[str, Any]:
    from app.main import create_app

    return create_app().openapi()


# DELETE /api/boards/{board_id} would take the fuzz's own board away: it is tried once, at the end,
# on a throwaway board (test_delete_board_on_a_throwaway_board).
schema = schemathesis.openapi.from_dict(_openapi()).exclude(method="DELETE", path="/api/boards/{board_id}")

EXAMPLES: list[str] = []


class Fixture:
    def __init__(self, server: Server) -> None:
        self.server = server
        with httpx.Client(base_url=server.url, timeout=10) as http:
            made = http.post(
                "/api/boards",
                json={"title": "Fuzz board", "family": [{"name": "Jay", "role": "child", "age": 6}]},
            ).json()
            self.board_id = made["board"]["id"]
            self.fac = made["facilitator_token"]
            joined = http.post(
                f"/api/boards/{self.board_id}/join",
                json={"join_code": made["join_code"], "name": "Sam", "agency": "School"},
            ).json()
            self.participant_id = joined["participant"]["id"]
            note = http.post(
                f"/api/boards/{self.board_id}/notes",
                json={"section": "impact", "text": "Mum failed to protect the kids"},
                headers={"Authorization": f"Bearer {joined['token']}"},
            ).json()
            self.note_id = note["id"]
            self.category = note["flags"][0]["category"] if note["flags"] else "failure_to_protect"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    tmp: Path = tmp_path_factory.mktemp("fuzz_http")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp / 'fuzz.db'}"
        else:
            url = stack.enter_context(fresh_postgres())
        server = stack.enter_context(running_server(url, tmp, env=RELAXED_LIMITS))
        yield Fixture(server)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_matches_its_schema(case: Any, fuzz: Fixture) -> None:
    params = case.path_parameters or {}
    if "board_id" in params:
        params["board_id"] = fuzz.board_id
    if "note_id" in params:
        params["note_id"] = fuzz.note_id
    if "pid" in params:
        params["pid"] = fuzz.participant_id
    headers = {"Authorization": f"Bearer {fuzz.fac}"}
    response = case.call(base_url=fuzz.server.url, headers=headers, timeout=10)
    EXAMPLES.append(f"{case.operation.label} {response.status_code}")
    if response.status_code >= 500:
        pytest.fail(f"{response.status_code} on {fuzz.server.database_url.split(':')[0]}: {case.as_curl_command()}")
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance], headers=headers)


def test_zz_fuzz_ran_and_server_is_healthy(fuzz: Fixture) -> None:
    """Runs after the fuzz (file order): the server is alive and the examples were really sent."""
    assert httpx.get(f"{fuzz.server.url}/healthz", timeout=5).json() == {"status": "ok"}
    assert "Traceback" not in fuzz.server.log(), fuzz.server.log()[-3000:]
    operations = {e.rsplit(" ", 1)[0] for e in EXAMPLES}
    statuses = sorted({e.rsplit(" ", 1)[1] for e in EXAMPLES})
    print(f"http fuzz: {len(EXAMPLES)} examples over {len(operations)} operations, statuses {statuses}")
    if EXAMPLES:  # empty only when this test is selected alone
        assert len(operations) >= 15


def test_delete_board_on_a_throwaway_board(fuzz: Fixture) -> None:
    with httpx.Client(base_url=fuzz.server.url, timeout=10) as http:
        made = http.post("/api/boards", json={"title": "Throwaway"}).json()
        bid, token = made["board"]["id"], made["facilitator_token"]
        assert (
            http.delete(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {made['viewer_token']}"}).status_code
            == 403
        )
        assert http.delete(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {token}"}).status_code == 204
        assert http.get(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {token}"}).status_code == 401


NUL_CASES = [
    ("POST", "/api/boards", {"title": "Case\u0000 24/0193"}),
    ("POST", "/api/boards/{bid}/join", {"join_code": "{code}", "name": "Sam\u0000", "agency": "School"}),
    ("POST", "/api/boards/{bid}/notes", {"section": "pattern", "text": "He took\u0000 her keys"}),
    ("POST", "/api/analyse", {"text": "x\u0000y"}),
]


@pytest.mark.parametrize(("method", "path", "body"), NUL_CASES, ids=[p for _, p, _ in NUL_CASES])
def test_nul_characters_are_refused_not_a_server_error(
    client: Any, method: str, path: str, body: dict[str, Any]
) -> None:
    """On PostgreSQL a NUL (U+0000) in any stored text raises psycopg.DataError -> 500 (SQLite
    stores it). The contract: bad input is a 4xx with detail and code, on every database."""
    made = client.post("/api/boards", json={"title": "NUL test"}).json()
    bid, fac = made["board"]["id"], made["facilitator_token"]
    body = {k: v.replace("{code}", made["join_code"]) if isinstance(v, str) else v for k, v in body.items()}
    r = client.request(method, path.format(bid=bid), json=body, headers={"Authorization": f"Bearer {fac}"})
    assert r.status_code < 500, f"{r.status_code}: {r.text[:200]}"
    if r.status_code >= 400:
        assert r.json()["code"] and r.json()["detail"]
