"""Two server processes over one PostgreSQL and one Redis: one order of events for everyone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.server import Server, running_server
from tests.services import fresh_postgres, redis_url
from tests.ws.test_realtime import command, open_ws, recv, setup_board, until

pytestmark = pytest.mark.services


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    url = redis_url()
    with (
        fresh_postgres() as db,
        running_server(db, tmp_path, env={"CASEMAP_REDIS_URL": url}) as a,
        running_server(db, tmp_path, env={"CASEMAP_REDIS_URL": url}) as b,
    ):
        yield a, b


def seqs_and_types(msgs: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(m["seq"], m["type"]) for m in msgs if m["type"] not in ("ack", "error", "hello")]


def test_clients_on_two_processes_see_one_order(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    board, tokens = setup_board(a, participants=3)
    bid = board["board"]["id"]

    async def scenario() -> None:
        on_a = [await open_ws(a, bid, tokens[0]), await open_ws(a, bid, tokens[1])]
        on_b = [await open_ws(b, bid, tokens[2]), await open_ws(b, bid, tokens[3])]
        for c in on_a + on_b:
            await recv(c)
        writers = [(on_a[1], "a"), (on_b[0], "b")]
        seen: dict[int, list[dict[str, Any]]] = {id(c): [] for c in on_a + on_b}
        last = 0
        for i in range(6):  # alternate the process that takes each write
            ws, name = writers[i % 2]
            ack = await command(ws, "note.create", f"r{i}", seen[id(ws)], section="pattern", text=f"{name} note {i}")
            assert ack["type"] == "ack"
            last = max(last, ack["seq"])
        streams = []
        for c in on_a + on_b:
            got = seen[id(c)]
            if not any(m["seq"] >= last and m["type"] == "note.created" for m in got):
                got = got + await until(c, lambda m: m["type"] == "note.created" and m["seq"] >= last)
            streams.append([x for x in seqs_and_types(got) if x[1] == "note.created"])
        assert all(s == streams[0] for s in streams), streams
        assert len(streams[0]) == 6
        for c in on_a + on_b:
            await c.close()

    asyncio.run(scenario())


def test_reconnecting_to_the_other_process_with_since_misses_nothing(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    board, tokens = setup_board(a, participants=2)
    bid = board["board"]["id"]

    async def scenario() -> None:
        writer = await open_ws(a, bid, tokens[1])
        reader = await open_ws(a, bid, tokens[2])
        await recv(writer)
        hello = await recv(reader)
        await reader.close()
        for i in range(4):
            await command(writer, "note.create", f"w{i}", section="impact", text=f"while away {i}")
        back = await open_ws(b, bid, tokens[2], since=hello["seq"])
        hello_b = await recv(back)
        replay = [await recv(back)]
        while replay[-1]["seq"] < hello_b["seq"]:
            replay.append(await recv(back))
        texts = [m["data"]["text"] for m in replay if m["type"] == "note.created"]
        assert texts == [f"while away {i}" for i in range(4)]
        # ...and it stays live on B for writes made on A.
        await command(writer, "note.create", "live", section="impact", text="after reconnect")
        got = await until(back, lambda m: m["type"] == "note.created")
        assert got[-1]["data"]["text"] == "after reconnect"
        await writer.close()
        await back.close()

    asyncio.run(scenario())


def test_redis_connection_dropped_and_back_loses_nothing(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    board, tokens = setup_board(a, participants=2)
    bid = board["board"]["id"]

    async def scenario() -> None:
        writer = await open_ws(a, bid, tokens[1])
        reader = await open_ws(b, bid, tokens[2])
        await recv(writer)
        await recv(reader)
        r = redis.Redis.from_url(redis_url())
        killed = r.client_kill_filter(_type="pubsub")
        r.close()
        assert killed >= 2  # both processes' subscriber connections were cut by the server
        for i in range(3):
            await command(writer, "note.create", f"x{i}", section="factors", text=f"during outage {i}")
        got = await until(
            reader, lambda m: m["type"] == "note.created" and m["data"]["text"] == "during outage 2", timeout=20
        )
        texts = [m["data"]["text"] for m in got if m["type"] == "note.created"]
        assert texts == [f"during outage {i}" for i in range(3)]
        await writer.close()
        await reader.close()

    asyncio.run(scenario())


def test_json_wire_is_the_same_on_both_processes(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    board, tokens = setup_board(a, participants=1)
    bid = board["board"]["id"]

    async def scenario() -> None:
        x, y = await open_ws(a, bid, tokens[0]), await open_ws(b, bid, tokens[0])
        await recv(x)
        await recv(y)
        own: list[dict[str, Any]] = []
        await command(x, "note.create", "j", own, section="pattern", text="P tracks M's phone")
        mx = own[0] if own else (await until(x, lambda m: m["type"] == "note.created"))[-1]
        my = (await until(y, lambda m: m["type"] == "note.created"))[-1]
        assert json.dumps(mx, sort_keys=True) == json.dumps(my, sort_keys=True)
        await x.close()
        await y.close()

    asyncio.run(scenario())


def test_concurrent_edits_through_both_processes_have_one_winner(two_servers: tuple[Server, Server]) -> None:
    import httpx

    a, b = two_servers
    board, tokens = setup_board(a, participants=0)
    bid = board["board"]["id"]
    auth = {"Authorization": f"Bearer {tokens[0]}"}

    async def scenario() -> None:
        async with httpx.AsyncClient(headers=auth) as http:
            note = (
                await http.post(f"{a.url}/api/boards/{bid}/notes", json={"section": "pattern", "text": "v1"})
            ).json()
            for version in (1, 2, 3, 4):
                results = await asyncio.gather(
                    *[
                        http.patch(
                            f"{(a, b)[i % 2].url}/api/boards/{bid}/notes/{note['id']}",
                            json={"version": version, "text": f"v{version + 1} from writer {i}"},
                        )
                        for i in range(8)
                    ]
                )
                assert sorted(r.status_code for r in results) == [200] + [409] * 7
            final = (await http.get(f"{b.url}/api/boards/{bid}")).json()["notes"][0]
            assert final["version"] == 5

    asyncio.run(scenario())
