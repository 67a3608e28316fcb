"""The server reads the wording model's weights while it starts, so the first note of the first
meeting after a deploy does not wait ~0.2 s for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.practice.wording.model import load_model


def test_the_wording_model_is_ready_before_the_first_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'casemap.db'}")
    get_settings.cache_clear()
    load_model.cache_clear()
    from app.main import create_app

    try:
        with TestClient(create_app(), base_url="http://testserver") as client:
            assert client.get("/healthz").status_code == 200
            assert load_model.cache_info().currsize == 1  # read at start, not on the first note
    finally:
        get_settings.cache_clear()
