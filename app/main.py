"""Application factory: `uvicorn app.main:app`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.boards.gap_refresh import GapRefresher
from app.boards.repository import reset_connections
from app.boards.retention import purge_due
from app.config import Settings, get_settings
from app.db import Database, run_db, run_read
from app.errors import DomainError
from app.migrate import upgrade_to_head
from app.practice import wording
from app.realtime.frames import RawSendMiddleware
from app.realtime.hub import Backend, Hub, MemoryBackend
from app.runtime import settle_garbage_collector
from app.web import api, auth_routes, exports, followup, followup_pages, html, my_meetings, pages, ws
from app.web.ratelimit import RateLimits
from app.web.templating import STATIC_DIR
from app.web.validation import describe_errors

log = logging.getLogger("casemap")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _migrate(settings: Settings) -> None:
    upgrade_to_head(settings.database_url)


def _make_backend(settings: Settings) -> Backend:
    if settings.redis_url:
        from app.realtime.redis_backend import RedisBackend  # redis is loaded only when configured

        return RedisBackend(settings.redis_url)
    return MemoryBackend()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    settings.check_safe()
    if settings.apply_migrations:
        await run_db(_migrate, settings)
    db = Database(settings.database_url)
    if not settings.redis_url:
        # One process: nobody can be online from before this start.
        def reset() -> None:
            with db.session() as s:
                reset_connections(s)
                s.commit()

        await run_read(db, reset)
    hub = Hub(_make_backend(settings))
    await hub.start()
    gaps = GapRefresher(db, hub, settings.gaps_delay_ms / 1000)
    hub.after_write.append(gaps.after_write)
    app.state.db, app.state.hub, app.state.gaps = db, hub, gaps
    app.state.limits = RateLimits(settings)
    await gaps.sweep()
    # The wording model's weights are read before the first note, and before the collector
    # freezes what start-up made (they live as long as the process).
    await asyncio.to_thread(wording.warm_up)
    settle_garbage_collector()
    purger = asyncio.create_task(_purge_forever(db, settings))
    try:
        yield
    finally:
        purger.cancel()
        await gaps.stop()
        await hub.stop()
        await app.state.limits.close()
        await db.aclose()


async def _purge_forever(db: Database, settings: Settings) -> None:
    def once() -> None:
        with db.session() as s:
            report = purge_due(s, retention_days=settings.retention_days, idle_days=settings.idle_days)
        if report.closed or report.purged:
            log.info("retention: closed %d idle board(s), purged %d", len(report.closed), len(report.purged))

    while True:
        try:
            await run_read(db, once)
        except Exception:
            log.exception("retention run failed; will try again")
        await asyncio.sleep(settings.purge_minutes * 60)


def _error(status: int, detail: str, code: str, extra: dict[str, Any] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code, **(extra or {})}, status_code=status)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def create_app() -> FastAPI:
    app = FastAPI(
        title="Casemap",
        version="1.0.0",
        summary="A live board for multi-agency meetings mapping a perpetrator's pattern of behaviour.",
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.health_router)
    app.include_router(exports.router)
    if get_settings().oidc.enabled:
        # Staff sign-in (app/auth): its routes exist only when a provider is configured. Before
        # api.router, whose /api/boards/{id}/{action} would take /api/boards/{id}/facilitators.
        app.include_router(auth_routes.router)
        app.include_router(my_meetings.api)
        app.include_router(my_meetings.router)
    app.include_router(followup.router)  # before api.router: its /boards/{id}/{action} would take ours
    app.include_router(api.router)
    app.include_router(ws.router)
    app.include_router(followup_pages.router)
    app.include_router(pages.router)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        headers = {"Retry-After": str(exc.extra["retry_after"])} if "retry_after" in exc.extra else {}
        if request.headers.get("hx-request") or _wants_html(request):
            response: Response = html.error_response(request, exc.status, exc.detail)
        else:
            response = _error(exc.status, exc.detail, exc.code, exc.extra)
        response.headers.update(headers)
        return response

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> Response:
        # The class only: the message of a driver error can quote what was typed.
        log.error("database error on %s: %s", getattr(request.scope.get("route"), "path", "?"), type(exc.orig).__name__)
        detail = "The database is not answering, so nothing was saved. Please try again in a moment."
        if request.headers.get("hx-request") or _wants_html(request):
            return html.error_response(request, 503, detail)
        return _error(503, detail, "database_unavailable")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = describe_errors(exc.errors())
        if request.headers.get("hx-request") or _wants_html(request):
            return html.error_response(request, 422, detail)
        return _error(422, detail, "invalid")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated", 403: "forbidden"}
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404:
            detail = "There is nothing at this address."
        if _wants_html(request):
            return html.error_response(request, exc.status_code, detail)
        return _error(exc.status_code, detail, codes.get(exc.status_code, "http_error"))

    @app.middleware("http")
    async def headers_and_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        if "\x00" in request.url.path or b"%00" in request.scope.get("query_string", b""):
            response: Response = _error(422, "Addresses may not contain NUL characters.", "invalid")
        else:
            response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith(("/api", "/b/", "/join")):
            response.headers.setdefault("Cache-Control", "no-store")
        # Route templates only: no query strings (they can carry secrets), no bodies.
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        log.info("%s %s %s %.1fms", request.method, path, response.status_code, (time.perf_counter() - started) * 1000)
        return response

    # Outermost: the live fan-out writes prepared frames to the server's own socket (app/realtime/frames.py).
    app.add_middleware(RawSendMiddleware)
    return app


app = create_app()
