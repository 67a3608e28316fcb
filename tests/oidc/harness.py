"""Starting the real OpenID provider (provider.mjs, panva's certified oidc-provider) on a free
port with its own test clients and users, and signing in through it as a browser would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from tests.server import free_port

HERE = Path(__file__).resolve().parent
CLIENT_ID = "casemap"
CLIENT_SECRET = "casemap-test-client-secret-0123456789-abcdef"
FACILITATORS_GROUP = "casemap-facilitators"
PASSWORD = "correct horse battery staple"

USERS: list[dict[str, Any]] = [
    {
        "sub": "sub-fay",
        "username": "fay",
        "name": "Fay Okafor",
        "email": "fay.okafor@northshire.example",
        "email_verified": True,
        "groups": [FACILITATORS_GROUP, "children-services"],
        "organisation": "Northshire Council",
    },
    {
        "sub": "sub-cole",
        "username": "cole",
        "name": "Cole Brennan",
        "email": "cole.brennan@northshire.example",
        "email_verified": True,
        "groups": [FACILITATORS_GROUP],
        "organisation": "Northshire Council",
    },
    {
        "sub": "sub-dee",
        "username": "dee",
        "name": "Dee Marsh",
        "email": "dee.marsh@northshire.example",
        "email_verified": True,
        "groups": [FACILITATORS_GROUP],
        "organisation": "Northshire Council",
    },
    {
        # Staff without the facilitator group: may join meetings, may not run them.
        "sub": "sub-pat",
        "username": "pat",
        "name": "Pat Singh",
        "email": "pat.singh@northshire-police.example",
        "email_verified": True,
        "groups": ["officers"],
        "organisation": "Northshire Police",
    },
]
for _user in USERS:
    _user["password"] = PASSWORD


def _unavailable(reason: str) -> None:
    # `make test` sets CASEMAP_REQUIRE_BROWSER=1 and installs the provider: there it must run.
    if os.environ.get("CASEMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (make test installs it: `make oidc-provider`)", pytrace=False)
    pytest.skip(reason)


def node_ready() -> str:
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed: the sign-in tests need it for the OpenID provider")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        _unavailable("tests/oidc/node_modules is missing: run `make oidc-provider` (npm ci)")
    return str(node)


@dataclass
class Provider:
    issuer: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path

    def tamper(self, mode: str | None) -> None:
        """Rewrite the ID token of the next token responses (crafted tokens, see provider.mjs)."""
        r = httpx.post(f"{self.url}/__test/tamper", json={"mode": mode}, timeout=5)
        assert r.status_code == 200, r.text

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def client_config(redirect_bases: list[str]) -> dict[str, Any]:
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{b}/auth/oidc/callback" for b in redirect_bases],
        "post_logout_redirect_uris": [f"{b}/auth/signed-out" for b in redirect_bases],
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }


def start_provider(
    tmp: Path,
    redirect_bases: list[str],
    *,
    clock_offset: int = 0,
    issuer: str | None = None,
    timeout: float = 20.0,
) -> Provider:
    node = node_ready()
    port = free_port()
    config = {
        "port": port,
        "issuer": (issuer or "http://127.0.0.1:{port}").format(port=port),
        "clients": [client_config(redirect_bases)],
        "users": USERS,
        "clockOffsetSeconds": clock_offset,
    }
    config_path = tmp / f"op-{port}.json"
    config_path.write_text(json.dumps(config))
    log_path = tmp / f"op-{port}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen([node, str(HERE / "provider.mjs"), str(config_path)], cwd=HERE, stdout=log, stderr=log)
    log.close()
    op = Provider(config["issuer"], port, proc, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the OpenID provider exited with {proc.returncode}:\n{op.log()}")
        if "READY" in op.log():
            return op
        time.sleep(0.05)
    op.stop()
    raise RuntimeError(f"the OpenID provider did not start in {timeout}s:\n{op.log()}")


@contextmanager
def running_provider(tmp: Path, redirect_bases: list[str], **kwargs: Any) -> Iterator[Provider]:
    op = start_provider(tmp, redirect_bases, **kwargs)
    try:
        yield op
    finally:
        op.stop()


def casemap_env(op: Provider, **extra: str) -> dict[str, str]:
    return {
        "CASEMAP_OIDC_ISSUER": op.issuer,
        "CASEMAP_OIDC_LABEL": "Northshire Council",
        "CASEMAP_OIDC_CLIENT_ID": CLIENT_ID,
        "CASEMAP_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "CASEMAP_OIDC_SCOPES": "openid profile email groups organisation",
        "CASEMAP_OIDC_FACILITATOR_VALUES": FACILITATORS_GROUP,
        "CASEMAP_OIDC_ORGANISATION_CLAIM": "organisation",
        **extra,
    }


# ---- signing in as a browser would (Casemap in a TestClient, the provider over HTTP) ----------


@dataclass
class SignIn:
    callback: str  # Casemap's callback address with the provider's answer (code, state, iss)
    response: Any  # Casemap's answer to it


def provider_login(browser: httpx.Client, authorize_url: str, username: str, password: str = PASSWORD) -> str:
    """Follow the provider's pages: its login form, then back to the client. Returns the
    address the provider finally sends the browser to (Casemap's callback)."""
    url = authorize_url
    for _ in range(10):
        r = browser.get(url)
        if r.status_code in (302, 303) and "/interaction/" in r.headers["location"]:
            url = urljoin(url, r.headers["location"])
            continue
        if r.status_code == 200 and 'action="/interaction/' in r.text:
            action = re.search(r'action="([^"]+)"', r.text)
            assert action
            r = browser.post(urljoin(url, action.group(1)), data={"username": username, "password": password})
            assert r.status_code == 303, r.text
            url = urljoin(url, r.headers["location"])
            continue
        if r.status_code in (302, 303):
            return urljoin(url, r.headers["location"])
        raise AssertionError(f"unexpected provider answer {r.status_code}: {r.text[:300]}")
    raise AssertionError("the provider never sent the browser back")


def begin(client: Any, next_path: str = "/meetings") -> str:
    r = client.get("/auth/login", params={"provider": "oidc", "next": next_path}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def answer(client: Any, callback: str) -> Any:
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def sign_in(client: Any, username: str, *, next_path: str = "/meetings", browser: httpx.Client | None = None) -> SignIn:
    """The whole flow: Casemap -> provider (login form) -> Casemap's callback."""
    own = browser is None
    browser = browser or httpx.Client(follow_redirects=False, timeout=10)
    try:
        callback = provider_login(browser, begin(client, next_path), username)
    finally:
        if own:
            browser.close()
    return SignIn(callback, answer(client, callback))


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
