"""What the load generator talks to: Casemap (boards made over HTTP) or the bare relay."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

AGENCIES = ["SW", "Police", "HV", "School", "IDVA", "GP", "CAMHS", "DA", "MH", "Nursery"]


class SetupError(RuntimeError):
    """A setup call failed; the message carries the status and the server's answer."""


@dataclass
class Board:
    id: str
    tokens: list[str]  # client 0 is the facilitator
    senders: list[int] | None = None  # clients that may create notes (None: all of them)
    facilitator_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Target(Protocol):
    name: str

    def ws_url(self, board_id: str, client: int = 0) -> str: ...

    async def make_board(self, clients: int, label: str) -> Board: ...


class RelayTarget:
    name = "relay"

    def __init__(self, port: int) -> None:
        self.port = port

    def ws_url(self, board_id: str, client: int = 0) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/boards/{board_id}"

    async def make_board(self, clients: int, label: str) -> Board:
        slug = label.replace(" ", "-")
        return Board(id=f"{slug}-{uuid.uuid4().hex[:8]}", tokens=[""] * clients)


async def call(
    http: httpx.AsyncClient,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: dict[str, Any] | None = None,
    ok: tuple[int, ...] = (200, 201),
    retries: int = 8,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """One JSON call; waits out 429/503 (Retry-After) a bounded number of times."""
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    for attempt in range(retries + 1):
        r = await http.request(method, path, json=body, headers=headers)
        if r.status_code in ok:
            return r
        if r.status_code in (429, 503) and attempt < retries:
            try:
                wait = float(r.headers.get("Retry-After", "1"))
            except ValueError:
                wait = 1.0
            await asyncio.sleep(min(max(wait, 0.1), 10.0))
            continue
        break
    raise SetupError(f"{method} {path} -> HTTP {r.status_code}: {r.text[:300]}")


class CasemapTarget:
    """One or several Casemap processes sharing one database. With several, client ``i`` of
    every board connects to process ``i % len(ports)``: half of each board on each of two."""

    def __init__(
        self,
        ports: int | list[int],
        http: httpx.AsyncClient,
        create_key: str | None = None,
        with_viewer: bool = False,
        name: str = "casemap",
    ) -> None:
        self.ports = [ports] if isinstance(ports, int) else list(ports)
        self.http = http
        self.with_viewer = with_viewer
        self.name = name
        self.create_headers = {"X-Create-Key": create_key} if create_key else {}

    def ws_url(self, board_id: str, client: int = 0) -> str:
        port = self.ports[client % len(self.ports)]
        return f"ws://127.0.0.1:{port}/ws/boards/{board_id}"

    async def make_board(self, clients: int, label: str) -> Board:
        r = await call(
            self.http,
            "POST",
            "/api/boards",
            body={"title": f"Bench board {label}"},
            headers=self.create_headers,
        )
        created = r.json()
        board_id = str(created["board"]["id"])
        facilitator = str(created["facilitator_token"])
        join_code = str(created["join_code"])

        async def join(i: int) -> str:
            body = {"join_code": join_code, "name": f"Bench {i}", "agency": AGENCIES[i % 10]}
            jr = await call(self.http, "POST", f"/api/boards/{board_id}/join", body=body)
            joined = jr.json()
            participant = joined.get("participant") or {}
            if participant.get("status") == "waiting":
                await call(
                    self.http,
                    "POST",
                    f"/api/boards/{board_id}/participants/{participant['id']}/admit",
                    token=facilitator,
                )
            return str(joined["token"])

        # Default: the facilitator + N-1 participants who joined (every client a person who may
        # write). With with_viewer, client 1 is the projector (read-only, sees notes without
        # flags); either way N is the number of sockets on the board.
        tokens = [facilitator]
        senders = [0]
        viewer = created.get("viewer_token")
        if self.with_viewer and viewer and clients > 2:
            tokens.append(str(viewer))
        # Sequential per board: boards are built concurrently, and this keeps the join order
        # (and so the participant list) deterministic.
        while len(tokens) < clients:
            senders.append(len(tokens))
            tokens.append(await join(len(tokens)))
        return Board(
            id=board_id,
            tokens=tokens,
            senders=senders,
            facilitator_url=created.get("facilitator_url"),
            extra={"viewer_token": created.get("viewer_token"), "post_note": self.post_note},
        )

    async def post_note(self, board_id: str, token: str, body: dict[str, Any]) -> int:
        r = await self.http.post(
            f"/api/boards/{board_id}/notes", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        return r.status_code
