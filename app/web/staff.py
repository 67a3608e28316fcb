"""Signed-in staff in requests: the session cookie, acting on a board as its signed-in
facilitator, and the gates on creating, reopening and deleting boards.

Everything here is inert unless a provider is configured (settings.oidc.enabled)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from starlette.requests import HTTPConnection

from app.auth import facilitators, sessions
from app.auth.oidc import Registry
from app.auth.tables import StaffAccount, StaffSession
from app.boards.visibility import Actor
from app.config import Settings, get_settings
from app.db import Database, run_read, run_write
from app.errors import Forbidden, Unauthenticated
from app.models import Participant
from app.web.access import check_create_key
from app.web.deps import origin_allowed, write

SESSION_COOKIE = "cm_staff"
# Binds a sign-in to the browser that started it. SameSite=Lax: the provider's answer arrives as
# a cross-site navigation, which SameSite=Strict cookies do not accompany.
LOGIN_COOKIE = "cm_login"
LOGIN_COOKIE_PATH = "/auth/"


def registry(conn: HTTPConnection, settings: Settings) -> Registry:
    """The app's providers (their discovery documents and keys are cached for its lifetime)."""
    configs = settings.oidc.all_providers()
    current: Registry | None = getattr(conn.app.state, "oidc", None)
    if current is None or [p.config for p in current] != configs:
        current = Registry(configs)
        conn.app.state.oidc = current
    return current


def _db(conn: HTTPConnection) -> Database:
    db: Database = conn.app.state.db
    return db


def set_session_cookie(request: Request, response: Response, secret: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=settings.oidc.session_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies or request.url.scheme == "https",
    )


def check_origin(conn: HTTPConnection, settings: Settings) -> None:
    """A state-changing request that relies on the session cookie must come from our pages
    (the rule of the board cookies, app/web/deps.py). A plain form of ours is posted with
    `Origin: null` (Referrer-Policy: no-referrer does that), so a browser's own Sec-Fetch-Site:
    same-origin, which no other site can make it send, vouches for those."""
    if SESSION_COOKIE not in conn.cookies:
        return  # nothing rides on the cookie: a bearer client, or nobody
    if conn.scope["type"] != "http" or conn.scope.get("method", "GET") in ("GET", "HEAD"):
        return
    origin = conn.headers.get("origin")
    if origin is not None and origin != "null" and origin_allowed(conn, settings):
        return
    if origin in (None, "null") and conn.headers.get("sec-fetch-site") == "same-origin":
        return
    raise Forbidden("This request did not come from Casemap's own pages.", code="bad_origin")


async def current_staff(conn: HTTPConnection, settings: Settings | None = None) -> StaffAccount | None:
    """The signed-in person, or None (no provider configured, no cookie, session over)."""
    settings = settings or get_settings()
    if not settings.oidc.enabled:
        return None
    secret = conn.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    db = _db(conn)

    def find() -> tuple[StaffSession, StaffAccount, bool] | None:
        with db.session(read_only=True) as s:
            return sessions.find_session(s, secret, idle_minutes=settings.oidc.session_idle_minutes)

    found = await run_read(db, find)
    if found is None:
        return None
    session, account, due = found
    if due:

        def touch() -> None:
            with db.session() as s:
                sessions.touch_session(s, session.id_hash)

        await run_write(db, touch)
    account_out: StaffAccount = account
    return account_out


async def session_actor(conn: HTTPConnection, board_id: str, settings: Settings) -> Actor | None:
    """A signed-in facilitator of this board acts as their own facilitator participant."""
    if SESSION_COOKIE not in conn.cookies:
        return None
    check_origin(conn, settings)
    account = await current_staff(conn, settings)
    if account is None or not account.is_facilitator:
        return None
    db = _db(conn)

    def find() -> tuple[bool, Participant | None]:
        with db.session(read_only=True) as s:
            return facilitators.acting_participant(s, board_id, account)

    linked, p = await run_read(db, find)
    if not linked:
        return None
    if p is None:
        p = await write(db, conn.app.state.hub, board_id, lambda s: facilitators.take_up(s, board_id, account))
        if p is None:
            return None
    return Actor(p.id, p.board_id, p.role, p.status, p.name, p.agency, p.identity)


async def signed_in_facilitator(conn: HTTPConnection, settings: Settings) -> StaffAccount:
    account = await current_staff(conn, settings)
    if account is None:
        raise Unauthenticated(
            "Sign in with your organisation's account first: Casemap here is for signed-in staff.",
            code="sign_in_required",
        )
    if not account.is_facilitator:
        raise Forbidden(
            "Your account may join meetings but not run them. Ask your IT team for the facilitator role.",
            code="facilitator_required",
        )
    return account


async def creation_gate(request: Request, settings: Settings, create_key: str | None) -> StaffAccount | None:
    """Who may create (or import) a board: with a provider, a signed-in facilitator; without one,
    as before (anyone, or holders of the create key)."""
    if not settings.oidc.enabled:
        check_create_key(settings, create_key, request)
        return None
    check_origin(request, settings)
    return await signed_in_facilitator(request, settings)


async def require_board_facilitator(conn: HTTPConnection, board_id: str) -> None:
    """Reopening and deleting a board (and reviewing it) need, with a provider configured, one of
    the board's signed-in facilitators: a link or token alone is not enough."""
    settings = get_settings()
    if not settings.oidc.enabled:
        return
    check_origin(conn, settings)
    account = await signed_in_facilitator(conn, settings)
    db = _db(conn)

    def linked() -> bool:
        with db.session(read_only=True) as s:
            return facilitators.link_for(s, board_id, account.id) is not None

    if not await run_read(db, linked):
        raise Forbidden("Only the board's signed-in facilitators can do this.", code="not_your_board")


async def staff_context(request: Request, settings: Settings) -> dict[str, Any]:
    """What a page needs to offer signing in, or to say who is signed in."""
    account = await current_staff(request, settings)
    return {
        "staff": account,
        "sign_in": [{"key": p.key, "label": p.label} for p in settings.oidc.all_providers()],
        "can_create": account is not None and account.is_facilitator,
    }
