"""Crash safety: SIGKILL the server in the middle of a burst of writes, restart it on the same
database, and check that every note whose ack reached a client is there, intact, with the
event log consistent."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from tests.server import Server, start_server
from tests.ws.test_realtime import setup_board

pytestmark = pytest.mark.crash

KILL_AFTER = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9, 1.2]


async def writer(server: Server, bid: str, token: str, name: str, acked: dict[str, str]) -> None:
    try:
        ws: ClientConnection = await connect(
            f"{server.ws_url}/ws/boards/{bid}", additional_headers={"Authorization": f"Bearer {token}"}
        )
        await ws.recv()
        for i in range(10_000):
            text = f"{name} note {i}"
            await ws.send(
                json.dumps(
                    {"op": "note.create", "ref": str(i), "client_id": f"{name}-{i}", "section": "pattern", "text": text}
                )
            )
            while True:
                msg = json.loads(await ws.recv())
                if msg["type"] == "ack" and msg["data"]["ref"] == str(i):
                    acked[text] = msg["data"]["note"]["id"]
                    break
    except (WebSocketException, OSError, EOFError):
        return


async def burst_then_kill(server: Server, bid: str, tokens: list[str], delay: float) -> dict[str, str]:
    acked: dict[str, str] = {}
    tasks = [asyncio.create_task(writer(server, bid, t, f"w{n}", acked)) for n, t in enumerate(tokens)]
    await asyncio.sleep(delay)
    server.stop(signal.SIGKILL)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=15)
    return acked


async def replay_all(server: Server, bid: str, token: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ws = await connect(
        f"{server.ws_url}/ws/boards/{bid}?since=0", additional_headers={"Authorization": f"Bearer {token}"}
    )
    hello = json.loads(await ws.recv())
    events = []
    while not events or events[-1]["seq"] < hello["seq"]:
        events.append(json.loads(await asyncio.wait_for(ws.recv(), 5)))
    await ws.close()
    return hello, events


@pytest.mark.parametrize("delay", KILL_AFTER)
def test_acknowledged_notes_survive_sigkill(tmp_path: Path, delay: float) -> None:
    db_url = f"sqlite:///{tmp_path / 'crash.db'}"
    server = start_server(db_url, tmp_path)
    board, tokens = setup_board(server, participants=3)
    bid, fac = board["board"]["id"], tokens[0]
    acked = asyncio.run(burst_then_kill(server, bid, tokens[1:], delay))
    server.stop()
    assert server.proc.returncode == -signal.SIGKILL
    restarted = start_server(db_url, tmp_path)
    try:
        with httpx.Client(base_url=restarted.url, headers={"Authorization": f"Bearer {fac}"}) as http:
            notes = http.get(f"/api/boards/{bid}").json()["notes"]
        by_text = {n["text"]: n for n in notes}
        missing = [t for t in acked if t not in by_text]
        assert not missing, f"acknowledged but lost after SIGKILL at {delay}s: {missing[:5]}"
        assert all(by_text[t]["id"] == nid for t, nid in acked.items())
        assert len(notes) == len(by_text)  # no duplicates
        hello, events = asyncio.run(replay_all(restarted, bid, fac))
        seqs = [e["seq"] for e in events]
        assert seqs == list(range(1, hello["seq"] + 1))  # the log has no holes
        created = {e["data"]["id"] for e in events if e["type"] == "note.created"}
        assert created == {n["id"] for n in notes}
    finally:
        restarted.stop()
