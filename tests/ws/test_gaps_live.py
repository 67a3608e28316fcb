"""Gaps follow the notes: a note is saved and shown first, then the board's gap checks run
(debounced per board) and `gaps.updated` arrives after the note, never before it. After a
burst the last `gaps.updated` matches every note, on one process or two."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection

from tests.server import Server, running_server
from tests.services import fresh_postgres, redis_url
from tests.ws.test_realtime import command, open_ws, recv, setup_board, until


async def quiet(ws: ClientConnection, gap: float = 2.0) -> list[dict[str, Any]]:
    """Everything that arrives until nothing has for `gap` seconds (longer than the debounce)."""
    got: list[dict[str, Any]] = []
    while True:
        try:
            got.append(await recv(ws, gap))
        except TimeoutError:
            return got


async def board_gaps(server: Server, bid: str, token: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.get(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {token}"})
    return list(r.json()["gaps"])


def as_api(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An event's gaps with the fields of the API's board (the socket also says `confidential`)."""
    return [{k: v for k, v in g.items() if k != "confidential"} for g in gaps]


def test_gaps_arrive_after_the_note_and_match_the_board(server: Server) -> None:
    board, tokens = setup_board(server, participants=1)
    bid, fac = board["board"]["id"], tokens[0]

    async def scenario() -> None:
        watcher = await open_ws(server, bid, fac)
        writer = await open_ws(server, bid, tokens[1])
        await recv(watcher)
        await recv(writer)
        ack = await command(writer, "note.create", "a", section="impact", text="Jay wets the bed since the police came")
        assert ack["type"] == "ack"
        # Read before the refresh ran: the board already answers with gaps as of this note.
        right_away = await board_gaps(server, bid, fac)
        assert "no_pattern" in {g["key"] for g in right_away}
        got = await until(watcher, lambda m: m["type"] == "gaps.updated")
        created = next(m for m in got if m["type"] == "note.created")
        assert got[-1]["seq"] > created["seq"]
        assert as_api(got[-1]["data"]["gaps"]) == right_away == await board_gaps(server, bid, fac)
        # A burst: the last gaps.updated reflects every note, including the last one.
        for i in range(6):
            await command(writer, "note.create", f"b{i}", section="impact", text=f"Jay scared at night {i}")
        await command(writer, "note.create", "last", section="pattern", text="P checks M's phone and takes her card")
        updates = [m for m in await quiet(watcher) if m["type"] == "gaps.updated"]
        assert updates, "no gaps.updated after the burst"
        final = await board_gaps(server, bid, fac)
        assert "no_pattern" not in {g["key"] for g in final}
        assert as_api(updates[-1]["data"]["gaps"]) == final
        await watcher.close()
        await writer.close()

    asyncio.run(scenario())


def test_a_plan_note_flips_the_gap_to_being_found_out_for_the_room_and_the_projector(server: Server) -> None:
    board, tokens = setup_board(server, participants=1)
    bid, fac = board["board"]["id"], tokens[0]
    with httpx.Client(base_url=server.url) as http:
        r = http.post(f"/api/boards/{bid}/show-gaps", json={"show": True}, headers={"Authorization": f"Bearer {fac}"})
        r.raise_for_status()
    ask = "Police to ask Polish police about his offending history"

    def no_history(msg: dict[str, Any]) -> dict[str, Any] | None:
        if msg["type"] != "gaps.updated":
            return None
        return next((g for g in msg["data"]["gaps"] if g["key"] == "no_history"), None)

    async def scenario() -> None:
        watcher = await open_ws(server, bid, fac)
        projector = await open_ws(server, bid, board["viewer_token"])
        writer = await open_ws(server, bid, tokens[1])
        for ws in (watcher, projector, writer):
            await recv(ws)
        for ref, section, text in [
            ("1", "pattern", "P punched M on 2/3 and takes her bank card"),
            ("2", "pattern", "P shouts at Jay and calls him stupid"),
            ("3", "impact", "Jay (6) told his teacher 'daddy hurts mummy'"),
        ]:
            assert (await command(writer, "note.create", ref, section=section, text=text))["type"] == "ack"
        await until(watcher, lambda m: (g := no_history(m)) is not None and g["status"] == "open")
        gap = next(g for g in await board_gaps(server, bid, fac) if g["key"] == "no_history")
        assert (gap["status"], gap["severity"], gap["action"]) == ("open", "warning", None)

        ack = await command(writer, "note.create", "plan", section="practice", text=ask, kind="action", owner="Police")
        nid = ack["data"]["note"]["id"]
        for ws in (watcher, projector):
            got = await until(ws, lambda m: (g := no_history(m)) is not None and g["status"] == "finding_out")
            flipped = no_history(got[-1])
            assert flipped is not None
            assert (flipped["severity"], flipped["owned_by"], flipped["owner_note_id"]) == ("info", "Police", nid)
            assert flipped["action"] == ask
        assert as_api(got[-1]["data"]["gaps"]) == await board_gaps(server, bid, fac)

        # the answer recorded: the gap goes
        await command(
            writer,
            "note.create",
            "answer",
            section="pattern",
            text="Polish police: P convicted of assaulting his ex-wife, 2016",
        )
        got = await until(watcher, lambda m: m["type"] == "gaps.updated" and no_history(m) is None)
        assert "no_history" not in {g["key"] for g in await board_gaps(server, bid, fac)}
        for ws in (watcher, projector, writer):
            await ws.close()

    asyncio.run(scenario())


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    url = redis_url()
    with (
        fresh_postgres() as db,
        running_server(db, tmp_path, env={"CASEMAP_REDIS_URL": url}) as a,
        running_server(db, tmp_path, env={"CASEMAP_REDIS_URL": url}) as b,
    ):
        yield a, b


@pytest.mark.services
def test_gaps_after_writes_on_two_processes_reflect_every_note(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    board, tokens = setup_board(a, participants=2)
    bid, fac = board["board"]["id"], tokens[0]

    async def scenario() -> None:
        on_a, on_b = await open_ws(a, bid, tokens[1]), await open_ws(b, bid, tokens[2])
        watch_a, watch_b = await open_ws(a, bid, fac), await open_ws(b, bid, fac)
        for c in (on_a, on_b, watch_a, watch_b):
            await recv(c)
        texts = ["Jay wets the bed", "P hits M when drunk", "M hides the kids upstairs", "P took her bank card"]
        for i, text in enumerate(texts):
            ws = (on_a, on_b)[i % 2]
            section = ("impact", "pattern")[i % 2]
            assert (await command(ws, "note.create", f"n{i}", section=section, text=text))["type"] == "ack"
        final = await board_gaps(a, bid, fac)
        assert final == await board_gaps(b, bid, fac)
        for watcher in (watch_a, watch_b):
            updates = [m for m in await quiet(watcher) if m["type"] == "gaps.updated"]
            assert updates and as_api(updates[-1]["data"]["gaps"]) == final
        for c in (on_a, on_b, watch_a, watch_b):
            await c.close()

    asyncio.run(scenario())
