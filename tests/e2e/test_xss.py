"""Stored XSS in real Chromium: payloads in every free-text field, on every page that shows them.

The payloads go in as the board title, family names, participant names and agencies, note text,
action owners, sources, a gap question, a kept flag's reason and an edited note's old text; some
before the pages open (server render), some after (live htmx out-of-band swaps over the
WebSocket). Every page must show them as literal text, run none of them (`window.__xss` stays
undefined), render no template expression, cause no Content-Security-Policy violation, and carry
a CSP whose script-src allows neither 'unsafe-inline' nor 'unsafe-eval'.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import FACILITATOR_SCREEN, LAPTOP, PROJECTOR, LiveServer

pytestmark = pytest.mark.e2e

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<svg onload="window.__xss=1">',
    "javascript:window.__xss=1",
    '"><script>window.__xss=1</script>',
    "{{7*7}}",
    "{% raw %}{% for %}{% endraw %}",
    '<div hx-get="/" hx-trigger="load" hx-on::load="window.__xss=1">',
    '<a href="javascript:window.__xss=1">x</a>',
    '<iframe src="javascript:window.__xss=1">',
]
TEMPLATE_MARK = "tpl-{{7*7}}-end"  # rendered, it would read tpl-49-end
TITLE = f"{PAYLOADS[0]} {PAYLOADS[5]} {PAYLOADS[4]} {PAYLOADS[1]}"
SECTIONS = ["pattern", "impact", "factors", "practice"]

# Records CSP violations from the first moment of every document (Playwright injects this over
# CDP, outside the page's CSP).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


def api(server: LiveServer, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = httpx.request(method, f"{server.url}{path}", headers=headers, timeout=10, **kwargs)
    assert r.status_code < 300, (method, path, r.status_code, r.text[:300])
    return r.json() if r.content else None


def script_src(csp: str) -> str:
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}
    return directives.get("script-src", directives.get("default-src", ""))


class Watch:
    """Per browser context: console CSP messages, document CSP headers, requests a payload made."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.bad_csp: list[str] = []
        self.payload_requests: list[str] = []
        self.documents = 0

    def attach(self, ctx: Any) -> None:
        ctx.add_init_script(CSP_LISTENER)
        ctx.on("page", self._page)

    def _page(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, msg: Any) -> None:
        text = msg.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.console.append(text)

    def _response(self, r: Any) -> None:
        ctype = r.headers.get("content-type", "")
        if r.request.resource_type == "document" or ctype.startswith("text/html"):
            self.documents += 1
            csp = r.headers.get("content-security-policy", "")
            src = script_src(csp)
            if not src or "'unsafe-inline'" in src or "'unsafe-eval'" in src:
                self.bad_csp.append(f"{r.url}: {csp!r}")

    def _request(self, req: Any) -> None:
        if re.search(r"/x(\?|$)", req.url) or req.url.startswith("javascript:"):
            self.payload_requests.append(req.url)


def seed_board(server: LiveServer) -> dict[str, Any]:
    """A board where every free-text field carries a payload (all through the JSON API)."""
    roles = ["perpetrator", "survivor"] + ["child"] * 6 + ["other"] * 2
    made = api(
        server,
        "POST",
        "/api/boards",
        json={
            "title": TITLE,
            "family": [
                {"name": p, "role": roles[i], "age": 7 if roles[i] == "child" else None} for i, p in enumerate(PAYLOADS)
            ],
        },
    )
    bid, fac = made["board"]["id"], made["facilitator_token"]
    people = []
    for i, p in enumerate(PAYLOADS):
        joined = api(
            server,
            "POST",
            f"/api/boards/{bid}/join",
            json={"join_code": made["join_code"], "name": p, "agency": PAYLOADS[(i + 3) % len(PAYLOADS)]},
        )
        people.append(joined["token"])
    for i, p in enumerate(PAYLOADS):
        body: dict[str, Any] = {"section": SECTIONS[i % 4], "text": p, "source": PAYLOADS[(i + 1) % len(PAYLOADS)]}
        if i % 3 == 0:
            body.update(kind="action", owner=PAYLOADS[(i + 2) % len(PAYLOADS)], due="2026-12-01")
        api(server, "POST", f"/api/boards/{bid}/notes", people[i], json=body)
    api(server, "POST", f"/api/boards/{bid}/notes", people[0], json={"section": "impact", "text": TEMPLATE_MARK})
    flagged = api(
        server,
        "POST",
        f"/api/boards/{bid}/notes",
        people[1],
        json={"section": "impact", "text": f"Mum failed to protect the kids {PAYLOADS[1]}"},
    )
    if flagged["flags"]:
        api(
            server,
            "POST",
            f"/api/boards/{bid}/notes/{flagged['id']}/flags/{flagged['flags'][0]['category']}",
            fac,
            json={"status": "kept", "reason": PAYLOADS[8]},
        )
    api(
        server,
        "POST",
        f"/api/boards/{bid}/notes",
        fac,
        json={"section": "practice", "kind": "gap", "text": PAYLOADS[7]},
    )
    edited = api(server, "POST", f"/api/boards/{bid}/notes", fac, json={"section": "factors", "text": PAYLOADS[9]})
    api(server, "PATCH", f"/api/boards/{bid}/notes/{edited['id']}", fac, json={"version": 1, "text": PAYLOADS[0]})
    api(server, "POST", f"/api/boards/{bid}/show-gaps", fac, json={"show": True})
    api(server, "POST", f"/api/boards/{bid}/admit-mode", fac, json={"admit_mode": "manual"})
    waiting = api(
        server,
        "POST",
        f"/api/boards/{bid}/join",
        json={"join_code": made["join_code"], "name": PAYLOADS[1], "agency": PAYLOADS[7]},
    )
    return {**made, "bid": bid, "fac": fac, "people": people, "waiting": waiting["token"]}


def check_page(page: Page, name: str, texts: list[str], problems: list[str]) -> None:
    if page.evaluate("typeof window.__xss") != "undefined":
        problems.append(f"{name}: a payload ran (window.__xss is set)")
    body = page.locator("body").inner_text()
    for t in texts:
        if t not in body:
            problems.append(f"{name}: payload not shown literally: {t!r}")
    if "tpl-49-end" in body:
        problems.append(f"{name}: a template expression was rendered")
    violations = page.evaluate("window.__csp || []")
    if violations:
        problems.append(f"{name}: CSP violations {violations}")
    if page.locator("body script, body iframe, body svg[onload], body img[src='x'], body [hx-on\\:\\:load]").count():
        problems.append(f"{name}: a payload became an element")


def test_payloads_are_shown_as_text_and_never_run(new_context: Any, live_server: LiveServer) -> None:
    seeded = seed_board(live_server)
    bid = seeded["bid"]
    watch = Watch()

    def open_page(viewport: dict[str, int], url: str, expect_path: str) -> Page:
        ctx = new_context(viewport)
        watch.attach(ctx)
        page = ctx.new_page()
        page.goto(url)
        expect(page).to_have_url(re.compile(re.escape(expect_path) + "$"))
        return page

    fac = open_page(FACILITATOR_SCREEN, seeded["facilitator_url"], f"/b/{bid}")
    participant = open_page(LAPTOP, f"{live_server.url}/b/{bid}/enter?k={seeded['people'][2]}", f"/b/{bid}")
    projector = open_page(PROJECTOR, seeded["present_url"], f"/b/{bid}/present")
    waiting = open_page(LAPTOP, f"{live_server.url}/b/{bid}/enter?k={seeded['waiting']}", f"/b/{bid}/waiting")
    live_pages = {"facilitator": fac, "participant": participant, "projector": projector}
    for page in live_pages.values():
        expect(page.locator("#conn")).to_have_text("Live")

    # Live: payloads arriving over the WebSocket as htmx out-of-band swaps.
    live_texts = [f"live {p}" for p in PAYLOADS]
    for i, text in enumerate(live_texts):
        api(
            live_server,
            "POST",
            f"/api/boards/{bid}/notes",
            seeded["people"][i],
            json={"section": SECTIONS[i % 4], "text": text, "source": PAYLOADS[i]},
        )
    for page in live_pages.values():
        expect(page.locator("li.note", has_text=live_texts[-1])).to_have_count(1)
        expect(page.locator("li.note", has_text=live_texts[0])).to_have_count(1)
    for page in live_pages.values():
        expect(page.locator("#people")).to_contain_text(PAYLOADS[6])

    problems: list[str] = []
    shown = [*PAYLOADS, *live_texts]
    check_page(fac, "facilitator board", shown, problems)
    check_page(participant, "participant board", shown, problems)
    check_page(projector, "projector", shown, problems)
    check_page(waiting, "waiting room", [f"Thanks, {PAYLOADS[1]}"], problems)
    for name, page in {**live_pages, "waiting room": waiting}.items():
        if TITLE not in page.title() and name != "waiting room":
            problems.append(f"{name}: title not literal: {page.title()!r}")

    # The facilitator's edit dialog (an htmx fragment) for a payload note.
    exact = fac.locator(".note-text").get_by_text(PAYLOADS[7], exact=True)
    fac.locator("li.note").filter(has=exact).first.hover()  # the note's controls show on hover or focus
    fac.locator("li.note").filter(has=exact).first.get_by_role("button", name=re.compile("^Edit")).click()
    expect(fac.locator("#editor textarea")).to_have_value(PAYLOADS[7])
    check_page(fac, "facilitator edit dialog", [], problems)

    history = fac.context.new_page()
    history.goto(f"/b/{bid}/history")
    expect(history.get_by_role("heading", level=1)).to_contain_text("History of")
    check_page(history, "history", [*PAYLOADS, *live_texts], problems)

    join = new_context(LAPTOP)
    watch.attach(join)
    join_page = join.new_page()
    join_page.goto(seeded["join_url"])
    check_page(join_page, "join page", [TITLE], problems)

    for page in [*live_pages.values(), waiting, history, join_page]:
        if page.evaluate("typeof window.__xss") != "undefined":
            problems.append(f"{page.url}: window.__xss set at the end")

    # The export, once it exists: a download, never a page the browser would render.
    r = httpx.get(
        f"{live_server.url}/api/boards/{bid}/export",
        params={"format": "md"},
        headers={"Authorization": f"Bearer {seeded['fac']}"},
        timeout=10,
    )
    if r.status_code not in (404, 405):  # 405: only POST /api/boards/{id}/{action} matches
        assert r.status_code == 200, r.text[:300]
        assert r.headers.get("content-disposition", "").startswith("attachment"), r.headers
        assert not r.headers.get("content-type", "").startswith("text/html"), r.headers
        assert r.headers.get("x-content-type-options") == "nosniff"

    problems += [f"console: {m}" for m in watch.console]
    problems += [f"missing or weak CSP: {m}" for m in watch.bad_csp]
    problems += [f"a payload made a request: {u}" for u in watch.payload_requests]
    assert watch.documents >= 6
    assert not problems, "\n".join(problems)
