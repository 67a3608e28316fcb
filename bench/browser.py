"""The browser's own edit-to-screen time: one Chromium page posts a note through the board's
form, another Chromium page (the facilitator's board) shows it.

Both pages are real board pages in headless Chromium (/usr/bin/chromium, as the browser tests):
the writer is a participant who joined, the reader the facilitator. Each round the writer fills
the "pattern" section's form and submits it as a person would (htmx POSTs it); a
MutationObserver in the reader records when the note's element appears. Both times are read
from the pages' own clocks (`performance.timeOrigin + performance.now()`, one machine clock),
so the figure is form submit -> note in the other page's DOM: the POST, the server's write and
commit, the fan-out over the reader's WebSocket, and htmx swapping the fragment in. The
writer's own round trip (the form cleared after the server stored the note) is reported too.

Run as ``python -m bench.browser --base http://127.0.0.1:8000 --rounds 40`` (the bench runs it
against its SQLite Casemap in a child process); prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

import httpx

CHROMIUM = os.environ.get("CASEMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
MARK = "browser round"

# Records, in the reader, when each round's note first appears (any element added under body).
OBSERVE = """() => {
  window.__seen = {};
  const re = /\\(browser round (\\d+)\\)/;
  new MutationObserver((records) => {
    const t = performance.timeOrigin + performance.now();
    for (const r of records) for (const n of r.addedNodes) {
      const m = re.exec(n.textContent || "");
      if (m && window.__seen[m[1]] === undefined) window.__seen[m[1]] = t;
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""

# Fills the writer's form and submits it the way the Add button does; returns the page's time.
SUBMIT = """([text]) => {
  const form = document.querySelector('#section-pattern form.add-note');
  const box = form.querySelector('#text-pattern');
  box.value = text;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const t = performance.timeOrigin + performance.now();
  form.requestSubmit();
  return t;
}"""


def _percentiles(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    s = sorted(values)

    def p(q: float) -> float:
        return round(s[min(len(s) - 1, round(q * (len(s) - 1)))], 2)

    return {"n": len(s), "p50": p(0.5), "p95": p(0.95), "max": round(s[-1], 2)}


def _board(base: str, create_key: str | None) -> tuple[str, str, str]:
    headers = {"X-Create-Key": create_key} if create_key else {}
    with httpx.Client(base_url=base, trust_env=False, timeout=30) as http:
        made = http.post("/api/boards", json={"title": "Bench board (browser)"}, headers=headers)
        made.raise_for_status()
        created = made.json()
        board_id = str(created["board"]["id"])
        joined = http.post(
            f"/api/boards/{board_id}/join",
            json={"join_code": created["join_code"], "name": "Bench writer", "agency": "Police"},
        )
        joined.raise_for_status()
        return board_id, str(created["facilitator_token"]), str(joined.json()["token"])


def measure(
    base: str, rounds: int, warm: int = 3, timeout_ms: int = 10_000, create_key: str | None = None
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"rounds": rounds, "warm_up": warm, "browser": CHROMIUM}
    board_id, facilitator, writer_token = _board(base, create_key)
    screen: list[float] = []
    own: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            out["browser_version"] = browser.version
            reader = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
            writer = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            for page, token in ((reader, facilitator), (writer, writer_token)):
                page.goto(f"{base}/b/{board_id}/enter?k={token}")
                page.wait_for_function("() => document.querySelector('#conn')?.textContent.trim() === 'Live'")
            reader.evaluate(OBSERVE)
            for k in range(warm + rounds):
                t0 = writer.evaluate(SUBMIT, [f"P checks M's phone every night ({MARK} {k})"])
                reader.wait_for_function("k => window.__seen[k] !== undefined", arg=str(k), timeout=timeout_ms)
                # The writer's form clears once the server has stored the note (its own round trip).
                writer.wait_for_function(
                    "() => document.querySelector('#text-pattern').value === ''", timeout=timeout_ms
                )
                t_own = writer.evaluate("() => performance.timeOrigin + performance.now()")
                t1 = reader.evaluate("k => window.__seen[k]", str(k))
                if k >= warm:
                    screen.append(t1 - t0)
                    own.append(t_own - t0)
                time.sleep(0.05)  # one person typing, not a flood
        finally:
            browser.close()
    out["edit_to_screen_ms"] = _percentiles(screen)
    out["writer_cleared_ms"] = _percentiles(own)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", required=True)
    p.add_argument("--rounds", type=int, default=40)
    p.add_argument("--warm", type=int, default=3)
    p.add_argument("--create-key", default=os.environ.get("CASEMAP_CREATE_KEY"))
    args = p.parse_args(argv)
    try:
        res = measure(args.base, args.rounds, args.warm, create_key=args.create_key)
    except Exception as exc:  # reported, not raised: the rest of the bench stands
        res = {"available": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    else:
        res["available"] = True
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
