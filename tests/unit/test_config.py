"""Configuration that would expose open board creation to a network is refused."""

from __future__ import annotations

import pytest

from app.config import Settings


def test_refuses_public_host_with_open_creation() -> None:
    with pytest.raises(RuntimeError, match="CASEMAP_CREATE_KEY"):
        Settings(host="0.0.0.0").check_safe()
    Settings(host="0.0.0.0", create_key="k").check_safe()
    Settings(host="0.0.0.0", allow_open_creation=True).check_safe()
    Settings(host="127.0.0.1").check_safe()
    Settings(host="localhost").check_safe()


def test_allowed_origins_are_read_from_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEMAP_ALLOWED_ORIGINS", "https://a.example/, https://b.example")
    assert Settings().allowed_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("CASEMAP_CREATE_KEY", "")
    assert Settings().create_key is None
