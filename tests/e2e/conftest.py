"""Fixtures for the browser tests: one headless Chromium per session, one real server per test.

No pytest-playwright plugin: the fixtures here drive Playwright's sync API directly. Debian's
/usr/bin/chromium is used (Playwright's own browser download does not work in this environment).
When it is missing the tests skip, unless CASEMAP_REQUIRE_BROWSER=1 (as `make test` sets), in which
case they fail.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server import Server, start_server

CHROMIUM = os.environ.get("CASEMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Auto-waiting assertions: long enough for a loaded CI machine, short enough to fail fast.
TIMEOUT_MS = 10_000
RECONNECT_TIMEOUT_MS = 45_000

PROJECTOR = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}
FACILITATOR_SCREEN = {"width": 1440, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("CASEMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CASEMAP_REQUIRE_BROWSER=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per module: Playwright's sync API keeps an event loop running in this thread
    while it is open, which would break the asyncio.run() of the WebSocket tests that follow."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        _unavailable("the playwright package is not installed (pip install -r requirements-dev.lock)")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:
            _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _start(database_url: str, log_dir: Path, port: int | None = None) -> Server:
    # tests/server.py hands the log file to the child and drops its own handle unclosed; the
    # ResourceWarning from that is not ours to fail on (filterwarnings=error).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return start_server(database_url, log_dir, port=port)


@dataclass
class LiveServer:
    """A real uvicorn server on a fixed port and SQLite file, which a test can stop and restart."""

    database_url: str
    log_dir: Path
    current: Server | None = None
    port: int | None = None
    extra: list[Server] = field(default_factory=list)

    def start(self) -> None:
        self.current = _start(self.database_url, self.log_dir, port=self.port)
        self.port = self.current.port

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()

    def restart(self) -> None:
        self.stop()
        self.start()

    def side_server(self) -> Server:
        """Another server on another port, same database (to change data while ours is down)."""
        s = _start(self.database_url, self.log_dir)
        self.extra.append(s)
        return s

    @property
    def url(self) -> str:
        assert self.current is not None
        return self.current.url

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("server-*.log")))


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path)
    server.start()
    try:
        yield server
    finally:
        for s in server.extra:
            s.stop()
        server.stop()


@pytest.fixture
def new_context(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """Make isolated browser contexts (separate cookie jars = separate people); all closed afterwards.

    Every page records uncaught script errors and failed (4xx/5xx) responses in `page.casemap_errors`.
    """
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = LAPTOP) -> Any:
        ctx = browser.new_context(viewport=viewport, base_url=live_server.url, locale="en-GB")
        ctx.set_default_timeout(TIMEOUT_MS)
        contexts.append(ctx)

        def track(page: Any) -> None:
            errors: list[str] = []
            page.casemap_errors = errors
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
            page.on(
                "response",
                lambda r: errors.append(f"HTTP {r.status} {r.request.method} {r.url}") if r.status >= 400 else None,
            )

        ctx.on("page", track)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def token_from_link(link: str) -> str:
    m = re.search(r"[?&]k=([^&]+)", link)
    assert m, f"no secret in {link!r}"
    from urllib.parse import unquote

    return unquote(m.group(1))


def api_add_note(base_url: str, board_id: str, token: str, section: str, text: str) -> dict[str, Any]:
    r = httpx.post(
        f"{base_url}/api/boards/{board_id}/notes",
        json={"section": section, "text": text},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())
