"""A bare WebSocket relay: the floor Casemap's live board is compared against.

It stores nothing and checks nothing. Every ``note.create`` command it receives is turned
into the same shapes Casemap sends (an ``ack`` to the sender, a ``note.created`` event to
every client on the same path), so the load generator runs the same code against both.
Run as ``python -m bench.relay --port 8765``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import signal
import uuid
from datetime import UTC, datetime
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed


class Channel:
    """The clients on one path and the path's event counter (not the events)."""

    def __init__(self) -> None:
        self.clients: set[ServerConnection] = set()
        self.seq = itertools.count(1)
        self.last = 0

    def next_seq(self) -> int:
        self.last = next(self.seq)
        return self.last


channels: dict[str, Channel] = {}


def _error(ref: Any, seq: int, detail: str, code: str) -> str:
    data = {"ref": ref, "detail": detail, "code": code}
    return json.dumps({"seq": seq, "type": "error", "data": data})


def _note(cmd: dict[str, Any]) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "id": uuid.uuid4().hex,
        "section": cmd.get("section"),
        "text": cmd.get("text"),
        "client_id": cmd.get("client_id"),
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "flags": [],
    }


async def handler(ws: ServerConnection) -> None:
    path = ws.request.path if ws.request is not None else "/"
    channel = channels.setdefault(path, Channel())
    channel.clients.add(ws)
    try:
        hello = {"participant": None, "board_status": "open"}
        await ws.send(json.dumps({"seq": channel.last, "type": "hello", "data": hello}))
        async for raw in ws:
            try:
                cmd = json.loads(raw)
            except ValueError:
                await ws.send(_error(None, channel.last, "Send JSON.", "malformed"))
                continue
            if not isinstance(cmd, dict) or cmd.get("op") != "note.create":
                await ws.send(_error(None, channel.last, "Unknown op.", "unknown_op"))
                continue
            note = _note(cmd)
            seq = channel.next_seq()
            ack = {"seq": seq, "type": "ack", "data": {"ref": cmd.get("ref"), "note": note}}
            await ws.send(json.dumps(ack))
            broadcast(channel.clients, json.dumps({"seq": seq, "type": "note.created", "data": note}))
    except ConnectionClosed:
        pass
    finally:
        channel.clients.discard(ws)
        if not channel.clients:
            channels.pop(path, None)


async def main(host: str, port: int, compression: str | None = "deflate") -> None:
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with serve(handler, host, port, max_size=1 << 20, compression=compression):
        print(f"relay listening on ws://{host}:{port}", flush=True)
        await stop


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--no-compression", action="store_true", help="decline permessage-deflate (as Casemap is shipped)"
    )
    args = parser.parse_args()
    compression = None if args.no_compression else "deflate"
    try:
        import uvloop  # same event loop uvicorn[standard] gives Casemap: a fair floor

        uvloop.run(main(args.host, args.port, compression))
    except ImportError:
        asyncio.run(main(args.host, args.port, compression))


if __name__ == "__main__":
    run()
