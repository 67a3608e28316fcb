"""Single-request timings: rendering a full board, analysing one note, exporting a PDF."""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from bench.procs import REPO
from bench.report import summarise
from bench.targets import SetupError, call
from bench.texts import ANALYSE_TEXTS, NOTES


async def _timed_gets(
    http: httpx.AsyncClient, path: str, headers: dict[str, str], runs: int
) -> tuple[int, int, list[float]]:
    first = await http.get(path, headers=headers)  # warm-up, also tells whether it exists
    times = []
    if first.status_code == 200:
        for _ in range(runs):
            t0 = time.perf_counter()
            r = await http.get(path, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                break
    return first.status_code, len(first.content), times


async def _exchange_link(http: httpx.AsyncClient, url: str) -> tuple[dict[str, str], str]:
    """Open the facilitator link as a browser would; return its cookies and final path.

    Redirects are followed by hand so that cookies marked Secure still reach this plain
    loopback server (a browser would be on https in production).
    """
    cookies: dict[str, str] = {}
    for _ in range(5):
        r = await http.get(url, headers={"Cookie": _cookie_header(cookies)} if cookies else {})
        for raw in r.headers.get_list("set-cookie"):
            name, _, rest = raw.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        if r.status_code not in (301, 302, 303, 307, 308):
            break
        url = urljoin(str(r.url), r.headers["location"])
    return cookies, urlsplit(url).path


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


async def render_board(base_url: str, notes: int, runs: int, create_key: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"notes": notes}
    async with httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=30) as http:
        try:
            r = await call(
                http,
                "POST",
                "/api/boards",
                body={"title": "Bench board render"},
                headers={"X-Create-Key": create_key} if create_key else None,
            )
            created = r.json()
            board_id = created["board"]["id"]
            token = created["facilitator_token"]
            t0 = time.perf_counter()
            for i in range(notes):
                section, text = NOTES[i % len(NOTES)]
                body = {"section": section, "text": f"{text} (#{i + 1})"}
                await call(http, "POST", f"/api/boards/{board_id}/notes", token=token, body=body)
            out["add_notes_s"] = round(time.perf_counter() - t0, 3)
            out["rest_notes_per_s"] = round(notes / (time.perf_counter() - t0), 1)
        except (SetupError, httpx.HTTPError) as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"
            return out

        try:
            return await _time_render(http, out, created, runs)
        except httpx.HTTPError as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"
            return out


async def _time_render(
    http: httpx.AsyncClient, out: dict[str, Any], created: dict[str, Any], runs: int
) -> dict[str, Any]:
    board_id = created["board"]["id"]
    token = created["facilitator_token"]
    page_status: int | None = None
    link = created.get("facilitator_url")
    if link:
        cookies, final_path = await _exchange_link(http, link)
        headers = {"Cookie": _cookie_header(cookies)} if cookies else {}
        for path in dict.fromkeys([f"/b/{board_id}", final_path]):
            if not path.startswith("/b/"):
                continue
            page_status, size, times = await _timed_gets(http, path, headers, runs)
            if page_status == 200:
                out.update(what=f"GET {path} (HTML page, facilitator cookie)", bytes=size)
                out["ms"] = summarise(times)
                return out
    status, size, times = await _timed_gets(http, f"/api/boards/{board_id}", {"Authorization": f"Bearer {token}"}, runs)
    why = "no facilitator_url" if not link else f"GET /b/{board_id} gave {page_status}"
    out.update(
        what=f"GET /api/boards/{{id}} (JSON fallback: HTML page not available, {why})",
        bytes=size,
    )
    if status != 200:
        out["error"] = f"GET /api/boards/{board_id} -> HTTP {status}"
    out["ms"] = summarise(times)
    return out


async def analyse_http(base_url: str, calls: int) -> dict[str, Any]:
    out: dict[str, Any] = {"calls": calls}
    times: list[float] = []
    statuses: dict[str, int] = {}
    flagged = 0
    async with httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=30) as http:
        for i in range(calls):
            text = ANALYSE_TEXTS[i % len(ANALYSE_TEXTS)]
            t0 = time.perf_counter()
            try:
                r = await http.post("/api/analyse", json={"text": text})
            except httpx.HTTPError as exc:
                out["error"] = f"{type(exc).__name__}: {exc}"
                break
            elapsed = (time.perf_counter() - t0) * 1000
            if r.status_code == 200:
                times.append(elapsed)
                flagged += bool(r.json().get("flags"))
            else:
                statuses[str(r.status_code)] = statuses.get(str(r.status_code), 0) + 1
                if r.status_code == 404:
                    break
    out["ms"] = summarise(times)
    out["flagged_share"] = round(flagged / len(times), 2) if times else None
    out["non_200"] = statuses
    return out


def analyse_inprocess(python: str, calls: int, budget_s: float, env: dict[str, str]) -> dict[str, Any]:
    """Time app.practice.wording.analyse in a child interpreter (keeps the load generator
    free of app imports)."""
    argv = [python, "-m", "bench.inproc", "--calls", str(calls), "--budget", str(budget_s)]
    try:
        done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=budget_s + 60)
    except subprocess.TimeoutExpired:
        return {"available": False, "message": "in-process timing did not finish in time"}
    try:
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    except (ValueError, IndexError):
        return {"available": False, "message": f"bench.inproc failed: {done.stderr[-500:]}"}


def pdf_export(python: str, notes: int, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Time app.export.pdf.render_pdf on a synthetic board in a child interpreter
    (``python -m bench.pdf``: the load generator never imports WeasyPrint)."""
    argv = [python, "-m", "bench.pdf", "--notes", str(notes), "--runs", str(runs)]
    try:
        done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=60 + 30 * runs)
    except subprocess.TimeoutExpired:
        return {"available": False, "message": "PDF export timing did not finish in time"}
    try:
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    except (ValueError, IndexError):
        return {"available": False, "message": f"bench.pdf failed: {done.stderr[-500:]}"}
