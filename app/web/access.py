"""Who may join and create boards: the join limits and the organisation's create key."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request

from app.config import Settings
from app.errors import DomainError, Forbidden
from app.web.deps import client_address, limit

T = TypeVar("T")


def _served_on_network(request: Request) -> bool:
    server = request.scope.get("server")
    if not server:
        return False
    try:
        return not ipaddress.ip_address(server[0]).is_loopback
    except ValueError:
        return False  # a name, as in the test client


async def guarded_join(request: Request, attempt: Callable[[], Awaitable[T]]) -> T:
    """Joins are limited per address; wrong codes are counted apart, so that codes cannot be
    found by trying while a room of people behind one address can still join."""
    address = client_address(request)
    await request.app.state.limits.test("join_failure", address)
    await limit(request, "join", address)
    try:
        return await attempt()
    except DomainError as exc:
        if exc.code == "bad_join_code":
            await limit(request, "join_failure", address)
        raise


def check_create_key(settings: Settings, key: str | None, request: Request | None = None) -> None:
    expected = settings.create_key
    if expected is None:
        if request is not None and not settings.allow_open_creation and _served_on_network(request):
            # Started on a public address without CASEMAP_HOST saying so: stay closed.
            raise Forbidden(
                "Board creation is open to anyone on this network. Ask your IT team to set "
                "CASEMAP_CREATE_KEY (or CASEMAP_ALLOW_OPEN_CREATION=1 if that is intended).",
                code="create_key_required",
            )
        return
    if key is None or not hmac.compare_digest(key.encode(), expected.get_secret_value().encode()):
        raise Forbidden("Creating a board needs the organisation's create key.", code="create_key_required")
