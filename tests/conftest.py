"""Shared fixtures. API tests run the app in-process (TestClient, real SQLite file);
WebSocket and browser tests run a real uvicorn server (tests/server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.server import Server, running_server
from tests.services import fresh_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every API and WebSocket test runs on both databases."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'casemap.db'}"
    else:
        with fresh_postgres() as url:
            yield url


@pytest.fixture
def client(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CASEMAP_DATABASE_URL", db_url)
    get_settings.cache_clear()
    from app.main import create_app

    with TestClient(create_app(), base_url="http://testserver") as c:
        yield c
    get_settings.cache_clear()


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[Server]:
    with running_server(db_url, tmp_path) as s:
        yield s


def make_board(client: Any, **extra: Any) -> dict[str, Any]:
    body = {
        "title": "CP case discussion 24/0193",
        "family": [
            {"name": "Adam", "role": "perpetrator"},
            {"name": "Maria", "role": "survivor"},
            {"name": "Jay", "role": "child", "age": 6},
        ],
        **extra,
    }
    r = client.post("/api/boards", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def join(client: Any, board: dict[str, Any], name: str = "Sam", agency: str = "Police") -> dict[str, Any]:
    r = client.post(
        f"/api/boards/{board['board']['id']}/join",
        json={"join_code": board["join_code"], "name": name, "agency": agency},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
