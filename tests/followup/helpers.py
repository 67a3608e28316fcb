"""A small meeting through the public API, closed, for the after-the-meeting tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer

FAMILY = [
    {"name": "Adam", "role": "perpetrator"},
    {"name": "Maria", "role": "survivor", "age": 31},
    {"name": "Jay", "role": "child", "age": 6},
]


@dataclass
class Meeting:
    board_id: str
    join_code: str
    fac: dict[str, str]
    viewer: dict[str, str]
    people: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> headers
    pids: dict[str, str] = field(default_factory=dict)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)  # label -> note


def ok(r: Any, *codes: int) -> Any:
    assert r.status_code in codes, (r.status_code, r.text[:400])
    return r.json() if r.content else None


def meeting(client: TestClient, title: str = "CP case discussion 24/0193") -> Meeting:
    made = ok(client.post("/api/boards", json={"title": title, "family": FAMILY}), 201)
    m = Meeting(made["board"]["id"], made["join_code"], bearer(made["facilitator_token"]), bearer(made["viewer_token"]))
    for name, agency in (("Sam Reid", "Police"), ("Kim Lee", "School")):
        joined = ok(
            client.post(
                f"/api/boards/{m.board_id}/join", json={"join_code": m.join_code, "name": name, "agency": agency}
            ),
            201,
        )
        m.people[name] = bearer(joined["token"])
        m.pids[name] = joined["participant"]["id"]
    return m


def note(client: TestClient, m: Meeting, who: dict[str, str], label: str, section: str, text: str, **extra: Any) -> Any:
    made = ok(
        client.post(f"/api/boards/{m.board_id}/notes", json={"section": section, "text": text, **extra}, headers=who),
        201,
    )
    m.notes[label] = made
    return made


def close(client: TestClient, m: Meeting) -> None:
    ok(client.post(f"/api/boards/{m.board_id}/close", headers=m.fac), 200)


def start_review(client: TestClient, m: Meeting) -> Meeting:
    made = ok(client.post(f"/api/boards/{m.board_id}/review", headers=m.fac), 201)
    return Meeting(
        made["board"]["id"], made["join_code"], bearer(made["facilitator_token"]), bearer(made["viewer_token"])
    )


def review(client: TestClient, m: Meeting, who: dict[str, str] | None = None) -> Any:
    return ok(client.get(f"/api/boards/{m.board_id}/review", headers=who or m.fac), 200)
