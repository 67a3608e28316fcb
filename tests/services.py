"""PostgreSQL and Redis for the tests: this machine runs both; elsewhere the tests that need
them are skipped with a visible reason, unless CASEMAP_REQUIRE_SERVICES=1 (CI) makes that a
failure."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import redis

PG_ADMIN_URL = os.environ.get("CASEMAP_TEST_POSTGRES", "postgresql://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CASEMAP_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _unavailable(what: str, exc: Exception) -> None:
    message = f"{what} is not reachable ({exc.__class__.__name__}: {exc})"
    if os.environ.get("CASEMAP_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message}; CASEMAP_REQUIRE_SERVICES=1 needs it")
    pytest.skip(f"{message}: skipping the tests that need it")


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty database for one test; dropped afterwards."""
    name = f"casemap_t_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        _unavailable("PostgreSQL", exc)
        raise
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def redis_url() -> str:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        _unavailable("Redis", exc)
    return REDIS_URL
