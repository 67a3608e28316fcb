"""When the database goes away mid-meeting: clear errors, no hangs, sockets stay open.

A real server on a PostgreSQL database of its own; the database is then dropped with every
connection cut (what a failed database server looks like from the app).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.server import running_server
from tests.services import PG_ADMIN_URL, fresh_postgres
from tests.ws.test_realtime import open_ws, recv, setup_board

pytestmark = pytest.mark.services

TYPED = "Adam followed Maria to the pharmacy twice this week"


def test_a_lost_database_gives_clear_errors_and_keeps_sockets_open(tmp_path: Path) -> None:
    with fresh_postgres() as url, running_server(url, tmp_path) as server:
        made, tokens = setup_board(server, participants=1)
        bid = made["board"]["id"]

        async def scenario() -> None:
            ws = await open_ws(server, bid, tokens[1])
            assert (await recv(ws))["type"] == "hello"

            name = url.rsplit("/", 1)[1]
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

            async with httpx.AsyncClient(base_url=server.url, timeout=15) as http:
                health = await http.get("/healthz")
                assert health.status_code == 503
                assert health.json()["code"] == "database_unavailable"
                r = await http.post(
                    f"/api/boards/{bid}/notes",
                    json={"section": "pattern", "text": TYPED},
                    headers={"Authorization": f"Bearer {tokens[1]}"},
                )
                assert r.status_code == 503, r.text
                assert r.json()["code"] == "database_unavailable"
                assert "nothing was saved" in r.json()["detail"]

            for ref in ("a", "b"):  # the socket answers, and answers again: it stayed open
                await ws.send(json.dumps({"op": "note.create", "ref": ref, "section": "pattern", "text": TYPED}))
                msg = await recv(ws, timeout=15)
                assert msg["type"] == "error", msg
                assert msg["data"]["ref"] == ref and msg["data"]["code"] == "database_unavailable"
            await ws.close()

        asyncio.run(scenario())
        log = server.log()
        assert "ws command hit a database error" in log  # the server says what happened...
        assert TYPED not in log  # ...and never what was typed
