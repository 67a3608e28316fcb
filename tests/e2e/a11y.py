"""Helpers for the accessibility browser tests: axe-core injection, keyboard walking, sideways
scrolling. axe-core is vendored under tests/e2e/vendor/axe-core (test-only, never served)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page

VENDOR = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")

RUN_AXE = """async (opts) => {
  const r = await axe.run(document, opts);
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' +
      (n.failureSummary || '').split('\\n').slice(1, 3).join(' ').trim()),
  }));
}"""


@lru_cache(maxsize=1)
def axe_source() -> str:
    return VENDOR.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Load axe into the page. The app's CSP forbids inline script and eval, so axe goes in
    through the DevTools protocol (Runtime.evaluate is not subject to the page's CSP)."""
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    cdp = page.context.new_cdp_session(page)
    try:
        out = cdp.send("Runtime.evaluate", {"expression": axe_source(), "returnByValue": True})
        assert "exceptionDetails" not in out, out
    finally:
        cdp.detach()


def axe_violations(page: Page, name: str, *, aaa: bool = False) -> list[str]:
    """Serious and critical WCAG 2.2 A/AA (and best-practice) violations on the page as it is now;
    with aaa=True also every enhanced-contrast (AAA) failure, whatever its impact."""
    inject_axe(page)
    tags = [*WCAG_TAGS, "wcag2aaa"] if aaa else WCAG_TAGS
    found = page.evaluate(RUN_AXE, {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]})
    problems = []
    for v in found:
        line = f"{name}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}"
        if v["id"] == "color-contrast-enhanced":
            if aaa:
                problems.append(line)
        elif v["impact"] in BLOCKING:
            problems.append(line)
        else:
            print(f"axe, not blocking: {line}")
    return problems


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector))


def tab_to(page: Page, selector: str, *, limit: int = 250, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches the selector."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    active = page.evaluate("document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"Tab never reached {selector!r}; focus is on {active}")


def focus_is_visible(page: Page) -> bool:
    """The focused element draws a visible focus indicator (an outline of at least 2px)."""
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body) return false;
              const s = getComputedStyle(el);
              return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
            }"""
        )
    )


def api_board(base_url: str, *, admit_mode: str = "auto", title: str = "Keyboard meeting") -> dict[str, Any]:
    r = httpx.post(
        f"{base_url}/api/boards",
        json={
            "title": title,
            "family": [
                {"name": "Adam", "role": "perpetrator"},
                {"name": "Maria", "role": "survivor"},
                {"name": "Jay", "role": "child", "age": 6},
            ],
            "admit_mode": admit_mode,
        },
        timeout=10,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())
