"""Fixtures: one real OpenID provider per module, Casemap in-process with sign-in configured."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.oidc.harness import Provider, casemap_env, running_provider

ORIGIN = "http://testserver"


@pytest.fixture(scope="module")
def op(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with running_provider(tmp_path_factory.mktemp("op"), [ORIGIN]) as provider:
        yield provider


@pytest.fixture
def make_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., TestClient]]:
    """Casemap with sign-in through `op`: make(db_url, op, **extra CASEMAP_OIDC_* settings)."""
    opened: list[TestClient] = []

    def make(db_url: str, provider: Provider, **extra: str) -> TestClient:
        monkeypatch.setenv("CASEMAP_DATABASE_URL", db_url)
        for key, value in casemap_env(provider, **extra).items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        from app.main import create_app

        client = TestClient(create_app(), base_url=ORIGIN)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)
    get_settings.cache_clear()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'casemap.db'}"


def posted(client: TestClient, path: str, **kwargs: Any) -> Any:
    """A POST as Casemap's own pages send it (with our Origin)."""
    headers = {"Origin": ORIGIN, **kwargs.pop("headers", {})}
    return client.post(path, headers=headers, follow_redirects=False, **kwargs)
