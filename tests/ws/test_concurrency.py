"""Concurrent edits of one note: exactly one wins per version and every screen converges."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.server import Server
from tests.ws.test_realtime import open_ws, recv, setup_board, until


def test_concurrent_edits_one_winner_per_version_and_screens_converge(server: Server) -> None:
    board, tokens = setup_board(server, participants=0)
    bid, fac = board["board"]["id"], tokens[0]
    auth = {"Authorization": f"Bearer {fac}"}

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.url, headers=auth) as http:
            note = (await http.post(f"/api/boards/{bid}/notes", json={"section": "pattern", "text": "v1"})).json()
            watchers = [await open_ws(server, bid, fac) for _ in range(3)]
            for w in watchers:
                await recv(w)
            for version in (1, 2, 3):
                results = await asyncio.gather(
                    *[
                        http.patch(
                            f"/api/boards/{bid}/notes/{note['id']}",
                            json={"version": version, "text": f"round {version} by writer {i}"},
                        )
                        for i in range(6)
                    ]
                )
                codes = sorted(r.status_code for r in results)
                assert codes == [200] + [409] * 5, codes
                losers: list[Any] = [r.json() for r in results if r.status_code == 409]
                winner = next(r.json() for r in results if r.status_code == 200)
                assert all(x["code"] == "version_conflict" and x["current"]["version"] == version + 1 for x in losers)
                assert all(x["current"]["text"] == winner["text"] for x in losers)
            final = (await http.get(f"/api/boards/{bid}")).json()["notes"][0]
            assert final["version"] == 4
            for w in watchers:
                got = await until(w, lambda m: m["type"] == "note.updated" and m["data"]["version"] == 4)
                assert got[-1]["data"]["text"] == final["text"]
                await w.close()

    asyncio.run(scenario())
