"""The access matrix with staff sign-in configured (docs/access-matrix.md, "Staff sign-in"),
walked case by case against a real OpenID provider (tests/oidc/provider.mjs).

Roles: the signed-in facilitator who created board A (owner), a signed-in co-facilitator of A,
a signed-in facilitator of other boards, signed-in staff without the facilitator claim, the
holder of A's facilitator link who is not signed in, a participant of A, and nobody. Signed-in
roles send the session cookie; link and participant send their token (bearer on /api, the
board cookie on pages). Every POST carries our Origin. A refused request must change nothing.

Without CASEMAP_OIDC_* none of these routes exist: tests/security/test_access_matrix.py walks
that app unchanged.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.oidc.harness import Provider, casemap_env, running_provider, sign_in

ORIGIN = "http://testserver"
ROLES = ("owner", "cofac", "other_fac", "staff", "link", "participant", "anonymous")
SESSION_ROLES = {"owner": "fay", "cofac": "cole", "other_fac": "dee", "staff": "pat"}
RELAXED = {
    "CASEMAP_RATE_JOINS": "100000/minute",
    "CASEMAP_RATE_BOARD_CREATION": "100000/hour",
    "CASEMAP_RATE_NOTE_CHANGES": "100000/minute",
    "CASEMAP_RATE_NOTE_CHANGES_ADDRESS": "100000/minute",
    "CASEMAP_OIDC_RATE_SIGN_IN": "100000/minute",
}


@pytest.fixture(scope="module")
def op(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with running_provider(tmp_path_factory.mktemp("op"), [ORIGIN]) as provider:
        yield provider


@pytest.fixture(scope="module")
def sclient(op: Provider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("staff-matrix") / "casemap.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEMAP_DATABASE_URL", f"sqlite:///{db}")
        for key, value in {**casemap_env(op), **RELAXED}.items():
            mp.setenv(key, value)
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app(), base_url=ORIGIN) as c:
            yield c
        get_settings.cache_clear()


def new_session(client: TestClient, username: str) -> str:
    client.cookies.clear()
    assert sign_in(client, username).response.status_code == 303
    secret = str(client.cookies["cm_staff"])
    client.cookies.clear()
    return secret


@dataclass
class World:
    bid: str
    token: str  # A's facilitator link
    participant: str
    import_doc: dict[str, Any]


class Worlds:
    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.sessions = {role: new_session(client, user) for role, user in SESSION_ROLES.items()}
        self._shared: World | None = None
        self._baseline: Any = None

    def call(self, method: str, path: str, role: str, **kwargs: Any) -> Any:
        headers = {"Origin": ORIGIN, **kwargs.pop("headers", {})}
        self.client.cookies.clear()
        headers["Cookie"] = f"cm_staff={self.sessions[role]}"
        try:
            return self.client.request(method, path, headers=headers, follow_redirects=False, **kwargs)
        finally:
            self.client.cookies.clear()

    def fresh(self) -> World:
        r = self.call("POST", "/api/boards", "owner", json={"title": "Matrix A", "family": []})
        assert r.status_code == 201, r.text
        made = r.json()
        bid = made["board"]["id"]
        r = self.call(
            "POST", f"/api/boards/{bid}/facilitators", "owner", json={"invite": "cole.brennan@northshire.example"}
        )
        assert r.status_code == 201, r.text
        assert self.call("GET", f"/b/{bid}", "cofac").status_code == 200  # takes up his place once
        r = self.client.post(
            f"/api/boards/{bid}/join", json={"join_code": made["join_code"], "name": "Sam", "agency": "School"}
        )
        participant = r.json()["token"]
        r = self.client.get(
            f"/api/boards/{bid}/export?format=json", headers={"Authorization": "Bearer " + made["facilitator_token"]}
        )
        return World(bid, made["facilitator_token"], participant, r.json())

    def shared(self) -> tuple[World, Any]:
        if self._shared is None:
            self._shared = self.fresh()
            self._baseline = self.snapshot(self._shared)
        return self._shared, self._baseline

    def spoil(self) -> None:
        self._shared = None

    def snapshot(self, w: World) -> Any:
        bearer = {"Authorization": f"Bearer {w.token}"}
        self.client.cookies.clear()
        board = self.client.get(f"/api/boards/{w.bid}", headers=bearer).json()
        audit = self.client.get(f"/api/boards/{w.bid}/audit", headers=bearer).json()
        meetings = {
            role: [m for m in self.call("GET", "/api/me/meetings", role).json() if m["id"] == w.bid]
            for role in ("owner", "cofac", "other_fac")
        }
        return json.dumps([board, len(audit), meetings], sort_keys=True)


@pytest.fixture(scope="module")
def worlds(sclient: TestClient) -> Worlds:
    return Worlds(sclient)


@dataclass(frozen=True)
class Route:
    id: str
    method: str
    path: str  # {bid}
    kind: str  # api (token as bearer) | page (token as the board cookie)
    expect: dict[str, int]
    body: Callable[[World], dict[str, Any]] | None = None
    form: bool = False
    mutates: bool = False
    prepare: Callable[[Worlds, World], None] | None = None
    fresh_session: bool = False  # the request ends the session: the role signs in anew for it


def by_role(
    owner: int, cofac: int, other_fac: int, staff: int, link: int, participant: int, anonymous: int
) -> dict[str, int]:
    return dict(zip(ROLES, (owner, cofac, other_fac, staff, link, participant, anonymous), strict=True))


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def close(worlds: Worlds, w: World) -> None:
    r = worlds.client.post(f"/api/boards/{w.bid}/close", headers={"Authorization": f"Bearer {w.token}"})
    assert r.status_code == 200, r.text


INVITE = {"invite": "someone.new@northshire.example"}

ROUTES = [
    Route("page.index", "GET", "/", "page", everyone(200)),
    Route("auth.login", "GET", "/auth/login?provider=oidc", "page", everyone(303)),
    Route("auth.login_unknown", "GET", "/auth/login?provider=nope", "page", everyone(404)),
    Route("auth.callback_without_state", "GET", "/auth/oidc/callback?code=x", "page", everyone(400)),
    Route("auth.callback_unknown_provider", "GET", "/auth/nope/callback?code=x&state=y", "page", everyone(404)),
    Route(
        "auth.logout",
        "POST",
        "/auth/logout",
        "page",
        by_role(200, 200, 200, 200, 303, 303, 303),
        mutates=True,
        fresh_session=True,
    ),
    Route("auth.signed_out", "GET", "/auth/signed-out", "page", everyone(200)),
    Route("page.meetings", "GET", "/meetings", "page", by_role(200, 200, 200, 200, 303, 303, 303)),
    Route("api.me", "GET", "/api/me", "api", by_role(200, 200, 200, 200, 401, 401, 401)),
    Route("api.me_meetings", "GET", "/api/me/meetings", "api", by_role(200, 200, 200, 403, 401, 401, 401)),
    Route(
        "api.create_board",
        "POST",
        "/api/boards",
        "api",
        by_role(201, 201, 201, 403, 401, 401, 401),
        lambda w: {"title": "Another"},
        mutates=True,
    ),
    Route(
        "page.create_board",
        "POST",
        "/boards",
        "page",
        by_role(200, 200, 200, 403, 401, 401, 401),
        lambda w: {"title": "Another"},
        form=True,
        mutates=True,
    ),
    Route(
        "api.import",
        "POST",
        "/api/boards/import",
        "api",
        by_role(201, 201, 201, 403, 401, 401, 401),
        lambda w: w.import_doc,
        mutates=True,
    ),
    Route("page.board", "GET", "/b/{bid}", "page", by_role(200, 200, 401, 401, 200, 200, 401)),
    Route("api.board", "GET", "/api/boards/{bid}", "api", by_role(200, 200, 401, 401, 200, 200, 401)),
    Route(
        "api.add_facilitator",
        "POST",
        "/api/boards/{bid}/facilitators",
        "api",
        by_role(201, 201, 401, 401, 201, 403, 401),
        lambda w: INVITE,
        mutates=True,
    ),
    Route(
        "page.add_facilitator",
        "POST",
        "/b/{bid}/facilitators",
        "page",
        by_role(303, 303, 401, 401, 303, 403, 401),
        lambda w: INVITE,
        form=True,
        mutates=True,
    ),
    Route(
        "page.facilitator_link",
        "POST",
        "/b/{bid}/facilitator-link",
        "page",
        by_role(200, 200, 401, 401, 401, 403, 401),
        mutates=True,
    ),
    Route(
        "api.reopen",
        "POST",
        "/api/boards/{bid}/reopen",
        "api",
        by_role(200, 200, 401, 401, 401, 403, 401),
        mutates=True,
        prepare=close,
    ),
    Route(
        "page.reopen",
        "POST",
        "/b/{bid}/control/reopen",
        "page",
        by_role(204, 204, 401, 401, 401, 403, 401),
        mutates=True,
        prepare=close,
    ),
    Route("api.delete", "DELETE", "/api/boards/{bid}", "api", by_role(204, 204, 401, 401, 401, 403, 401), mutates=True),
    Route("page.delete", "POST", "/b/{bid}/delete", "page", by_role(303, 303, 401, 401, 401, 403, 401), mutates=True),
]
CASES = [(route, role) for route in ROUTES for role in ROLES]


def request(worlds: Worlds, route: Route, w: World, role: str) -> Any:
    headers: dict[str, str] = {}
    if route.method != "GET":
        headers["Origin"] = ORIGIN
    cookies: list[str] = []
    if role in SESSION_ROLES:
        secret = new_session(worlds.client, SESSION_ROLES[role]) if route.fresh_session else worlds.sessions[role]
        cookies.append(f"cm_staff={secret}")
    token = {"link": w.token, "participant": w.participant}.get(role)
    if token and route.kind == "api":
        headers["Authorization"] = f"Bearer {token}"
    elif token:
        cookies.append(f"cm_{w.bid}={token}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    kwargs: dict[str, Any] = {}
    if route.body is not None:
        kwargs["data" if route.form else "json"] = route.body(w)
    worlds.client.cookies.clear()
    try:
        return worlds.client.request(
            route.method, route.path.format(bid=w.bid), headers=headers, follow_redirects=False, **kwargs
        )
    finally:
        worlds.client.cookies.clear()


@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r.id}[{role}]" for r, role in CASES])
def test_staff_matrix(worlds: Worlds, route: Route, role: str) -> None:
    expected = route.expect[role]
    fresh = route.mutates and expected < 400
    if fresh:
        w = worlds.fresh()
        if route.prepare:
            route.prepare(worlds, w)
    else:
        w, baseline = worlds.shared()
    r = request(worlds, route, w, role)
    where = f"{route.method} {route.path} as {role}"
    assert r.status_code == expected, f"{where}: {r.status_code} (expected {expected}): {r.text[:300]}"
    if r.status_code >= 400 and r.headers.get("content-type", "").startswith("application/json"):
        body = r.json()
        assert body["detail"] and body["code"], body
    if not fresh:
        after = worlds.snapshot(w)
        if after != baseline:
            worlds.spoil()
        assert after == baseline, f"{where} answered {r.status_code} but changed something"


def route_paths(routes: Any, prefix: str = "") -> Iterator[str]:
    """Every path, inside included routers too (FastAPI 0.165 keeps them nested in app.routes)."""
    for r in routes:
        if hasattr(r, "original_router"):
            yield from route_paths(r.original_router.routes, prefix + r.include_context.prefix)
        else:
            yield prefix + getattr(r, "path", "")


def test_every_route_added_by_sign_in_is_in_the_matrix(sclient: TestClient) -> None:
    from app.main import create_app

    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("CASEMAP_OIDC_")]:
            mp.delenv(key)
        get_settings.cache_clear()
        plain = set(route_paths(create_app().routes))
    get_settings.cache_clear()
    staff = set(route_paths(sclient.app.routes))  # type: ignore[attr-defined]
    assert "/b/{board_id}/notes" in plain and "/api/boards" in plain  # the walk sees inside routers
    added = staff - plain
    assert added, "sign-in added no routes?"
    covered = {r.path.split("?")[0].replace("{bid}", "{board_id}") for r in ROUTES}
    covered |= {"/auth/{key}/callback"}
    missing = sorted(added - covered)
    assert not missing, f"routes missing from the staff access matrix: {missing}"
    print(
        f"staff access matrix: {len(ROUTES)} routes x {len(ROLES)} roles = {len(CASES)} cases; "
        f"routes added by sign-in: {sorted(added)}"
    )


def test_cookie_posts_without_our_origin_are_refused(worlds: Worlds) -> None:
    """The session cookie, like the board cookies, only works for requests from our own pages."""
    w, baseline = worlds.shared()
    for route in [r for r in ROUTES if r.method != "GET" and r.id != "auth.logout"]:
        for origin in (None, "https://evil.example", "null"):
            headers = {"Cookie": f"cm_staff={worlds.sessions['owner']}"}
            if origin:
                headers["Origin"] = origin
            kwargs: dict[str, Any] = {}
            if route.body is not None:
                kwargs["data" if route.form else "json"] = route.body(w)
            worlds.client.cookies.clear()
            r = worlds.client.request(
                route.method, route.path.format(bid=w.bid), headers=headers, follow_redirects=False, **kwargs
            )
            assert r.status_code == 403, (route.id, origin, r.status_code, r.text[:200])
    assert worlds.snapshot(w) == baseline


@pytest.mark.parametrize(
    ("origin", "site", "status"),
    [
        ("null", "same-origin", 200),
        (None, "same-origin", 200),
        ("null", "same-site", 403),
        ("null", "cross-site", 403),
        ("null", None, 403),
    ],
)
def test_our_plain_forms_post_origin_null_and_the_browser_vouches_with_fetch_metadata(
    worlds: Worlds, origin: str | None, site: str | None, status: int
) -> None:
    """Referrer-Policy: no-referrer makes browsers send `Origin: null` with a plain form post;
    then only Sec-Fetch-Site: same-origin (set by the browser, never by a page) lets it through."""
    headers = {"Cookie": f"cm_staff={worlds.sessions['owner']}"}
    if origin:
        headers["Origin"] = origin
    if site:
        headers["Sec-Fetch-Site"] = site
    worlds.client.cookies.clear()
    r = worlds.client.post("/boards", data={"title": "Form post"}, headers=headers, follow_redirects=False)
    assert r.status_code == status, r.text[:200]
