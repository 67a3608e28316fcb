"""PostgreSQL connections under load: 30 busy boards in one process share about ten
connections (app/db.py: a limit of ten threads doing database work at once), every note is
stored in the order its board sent it, and a connection the server cut while it sat idle in the
pool is replaced before use, so nobody sees an error for it."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.server import running_server
from tests.services import fresh_postgres

pytestmark = pytest.mark.services

BOARDS, NOTES = 30, 8


def _app_connections(admin: psycopg.Connection[Any]) -> int:
    row = admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_type = 'client backend' AND application_name <> 'casemap-test'"
    ).fetchone()
    return int(row[0]) if row else 0


def test_thirty_busy_boards_share_ten_connections_and_an_idle_cut_is_healed(tmp_path: Path) -> None:
    with fresh_postgres() as url, running_server(url, tmp_path) as server:
        plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(plain, autocommit=True, application_name="casemap-test") as admin:
            boards: list[tuple[str, str]] = []
            with httpx.Client(base_url=server.url, timeout=30) as http:
                for i in range(BOARDS):
                    r = http.post("/api/boards", json={"title": f"Board {i}", "family": []})
                    assert r.status_code == 201, r.text
                    boards.append((r.json()["board"]["id"], r.json()["facilitator_token"]))

            most = [0]
            done = threading.Event()

            def watch() -> None:
                with psycopg.connect(plain, autocommit=True, application_name="casemap-test") as probe:
                    while not done.is_set():
                        most[0] = max(most[0], _app_connections(probe))
                        time.sleep(0.005)

            async def board_writes(http: httpx.AsyncClient, bid: str, token: str) -> None:
                for n in range(NOTES):
                    r = await http.post(
                        f"/api/boards/{bid}/notes",
                        json={"section": "pattern", "text": f"note {n} on {bid}"},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    assert r.status_code == 201, r.text

            async def load() -> None:
                limits = httpx.Limits(max_connections=BOARDS + 5)
                async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as http:
                    await asyncio.gather(*(board_writes(http, bid, token) for bid, token in boards))

            watcher = threading.Thread(target=watch)
            watcher.start()
            try:
                asyncio.run(load())
            finally:
                done.set()
                watcher.join()
            assert 1 <= most[0] <= 10, f"{most[0]} connections for {BOARDS} busy boards"

            with httpx.Client(base_url=server.url, timeout=30) as http:
                for bid, token in boards:
                    notes = http.get(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {token}"}).json()["notes"]
                    assert [n["text"] for n in notes] == [f"note {n} on {bid}" for n in range(NOTES)]

                # Every pooled connection is cut while idle (a database restart, a proxy's timeout).
                time.sleep(1.5)
                cut = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name <> 'casemap-test'"
                ).fetchone()
                assert cut is not None and cut[0] >= 1
                bid, token = boards[0]
                auth = {"Authorization": f"Bearer {token}"}
                r = http.post(
                    f"/api/boards/{bid}/notes", json={"section": "impact", "text": "after the cut"}, headers=auth
                )
                assert r.status_code == 201, r.text
                texts = [n["text"] for n in http.get(f"/api/boards/{bid}", headers=auth).json()["notes"]]
                assert "after the cut" in texts
        assert "Traceback" not in server.log()
