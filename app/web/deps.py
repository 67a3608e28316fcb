"""Request dependencies: the database, the hub, settings and who is asking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.requests import HTTPConnection

from app.boards import service
from app.boards.visibility import Actor
from app.config import Settings, get_settings
from app.db import Database, run_read, run_write
from app.errors import DomainError, Forbidden
from app.realtime.envelope import BoardEvent
from app.realtime.hub import Hub
from app.web.ratelimit import RateLimits

T = TypeVar("T")

MEMBER_COOKIE = "cm_{}"
VIEWER_COOKIE = "cmv_{}"


def get_db(conn: HTTPConnection) -> Database:
    db: Database = conn.app.state.db
    return db


def get_hub(conn: HTTPConnection) -> Hub:
    hub: Hub = conn.app.state.hub
    return hub


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
HubDep = Annotated[Hub, Depends(get_hub)]


def bearer_token(conn: HTTPConnection) -> str | None:
    auth = conn.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def own_origin(conn: HTTPConnection) -> str:
    scheme = conn.url.scheme.replace("ws", "http", 1)
    return f"{scheme}://{conn.headers.get('host', conn.url.netloc)}"


def origin_allowed(conn: HTTPConnection, settings: Settings) -> bool:
    """Browsers always send Origin on cross-site requests and WebSocket handshakes; other
    clients may send none. A present Origin must be ours or explicitly allowed."""
    origin = conn.headers.get("origin")
    if origin is None:
        return True
    origin = origin.rstrip("/")
    allowed = {own_origin(conn), *settings.allowed_origins}
    if settings.public_url:
        parts = urlsplit(settings.public_url)
        allowed.add(f"{parts.scheme}://{parts.netloc}")
    return origin in allowed


def request_token(conn: HTTPConnection, board_id: str, settings: Settings, *, viewer: bool = False) -> str | None:
    """Bearer token for API clients; otherwise the board's cookie (browsers), in which case a
    state-changing request must come from our own origin."""
    token = bearer_token(conn)
    if token:
        return token
    token = conn.cookies.get((VIEWER_COOKIE if viewer else MEMBER_COOKIE).format(board_id))
    if token and conn.scope["type"] == "http" and conn.scope.get("method", "GET") not in ("GET", "HEAD"):
        if "origin" not in conn.headers or not origin_allowed(conn, settings):
            raise Forbidden("This request did not come from Casemap's own pages.", code="bad_origin")
    return token


async def authenticate(
    conn: HTTPConnection,
    db: Database,
    board_id: str,
    settings: Settings,
    *,
    viewer: bool = False,
    allow_waiting: bool = False,
) -> Actor:
    if settings.oidc.enabled and not viewer and bearer_token(conn) is None:
        # A signed-in facilitator of this board needs no link (app/auth); a bearer token wins.
        from app.web.staff import session_actor  # here: app.web.staff imports this module

        staff = await session_actor(conn, board_id, settings)
        if staff is not None:
            return staff
    token = request_token(conn, board_id, settings, viewer=viewer)

    def unit() -> Actor:
        with db.session(read_only=True) as s:
            return service.authenticate(s, board_id, token, allow_waiting=allow_waiting)

    return await run_read(db, unit)


async def projector_actor(conn: HTTPConnection, db: Database, board_id: str, settings: Settings) -> Actor:
    """Who may watch the projector view: a viewer token (the projector link), or the facilitator
    opening it from her own browser. A participant's token is never enough, whichever way it comes."""
    try:
        actor = await authenticate(conn, db, board_id, settings, viewer=True)
        if actor.role == "viewer":
            return actor
    except DomainError:
        pass
    member = await authenticate(conn, db, board_id, settings)
    if not member.is_facilitator:
        raise Forbidden("Only the facilitator can open the projector view.")
    return Actor(member.participant_id, board_id, "viewer", "admitted", member.name, member.agency)


async def current_actor(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> Actor:
    return await authenticate(request, db, board_id, settings)


ActorDep = Annotated[Actor, Depends(current_actor)]


def client_address(conn: HTTPConnection) -> str:
    return conn.client.host if conn.client else "unknown"


async def limit(conn: HTTPConnection, rule: str, *keys: str) -> None:
    limits: RateLimits = conn.app.state.limits
    await limits.hit(rule, *keys)


async def note_writer(request: Request, actor: ActorDep) -> Actor:
    """A participant changing notes: counted per participant and per address."""
    limits: RateLimits = request.app.state.limits
    await limits.hit_many([("note", actor.participant_id), ("note_address", client_address(request))])
    return actor


WriterDep = Annotated[Actor, Depends(note_writer)]


async def write(db: Database, hub: Hub, board_id: str, fn: Callable[[Session], tuple[T, list[BoardEvent]]]) -> T:
    """Run one unit of work in a worker thread, commit, then publish its events in order."""

    async def work() -> tuple[T, list[BoardEvent]]:
        def unit() -> tuple[T, list[BoardEvent]]:
            with db.session() as s:
                return fn(s)

        return await run_write(db, unit)

    result: T = await hub.write_and_publish(board_id, work)
    return result


async def read(db: Database, fn: Callable[[Session], T]) -> T:
    """Run one unit in a worker thread (it may write and commit: board creation does)."""

    def unit() -> T:
        with db.session() as s:
            return fn(s)

    return await run_read(db, unit)


async def read_only(db: Database, fn: Callable[[Session], T]) -> T:
    """Run one unit that never writes: on SQLite it reads a snapshot without the write lock."""

    def unit() -> T:
        with db.session(read_only=True) as s:
            return fn(s)

    return await run_read(db, unit)


def base_url(request: Request, settings: Settings) -> str:
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")
