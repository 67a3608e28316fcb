"""Figures in, a plain-text report and a JSON file out."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    s = sorted(values)
    return {
        "n": len(s),
        "p50": round(percentile(s, 50), 3),
        "p95": round(percentile(s, 95), 3),
        "p99": round(percentile(s, 99), 3),
        "max": round(s[-1], 3),
        "mean": round(sum(s) / len(s), 3),
    }


def _num(value: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value)


def _lat(r: dict[str, Any], key: str) -> float | None:
    lat = r.get("latency_ms")
    return None if not lat else float(lat[key])


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


TARGET_ORDER = ["casemap", "pg", "pg-redis", "relay"]


def _targets_in(results: list[dict[str, Any]]) -> list[str]:
    seen = {r["target"] for r in results}
    return [t for t in TARGET_ORDER if t in seen] + sorted(seen - set(TARGET_ORDER))


def scenario_table(results: list[dict[str, Any]], scenarios: list[str]) -> str:
    head = (
        f"{'scenario':<10}{'target':<10}{'rounds':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}{'notes/s':>9}{'errors':>8}{'gen cpu':>9}{'srv cpu':>9}{'oth cpu':>9}  status"
    )
    lines = [head, "-" * len(head)]
    order = _targets_in(results)
    for name in scenarios:
        rows = {r["target"]: r for r in results if r["scenario"] == name}
        if not rows:
            continue
        for target in order:
            r = rows.get(target)
            if r is None:
                continue
            status = "ok" if r["complete"] else f"INCOMPLETE: {r['incomplete_reason']}"
            lines.append(
                f"{name:<10}{target:<10}{str(r['rounds_ok']) + '/' + str(r['rounds_planned']):>10}"
                f"{_num(_lat(r, 'p50')):>9}{_num(_lat(r, 'p95')):>9}{_num(_lat(r, 'p99')):>9}"
                f"{_num(_lat(r, 'max')):>9}{_num(r['notes_per_s']):>9}{r['errors']:>8}"
                f"{_num(r.get('loadgen_cpu_pct'), '{:.0f}%'):>9}"
                f"{_num(r.get('server_cpu_pct'), '{:.0f}%'):>9}"
                f"{_num(r.get('other_cpu_pct'), '{:.0f}%'):>9}  {status}"
            )
        rl = rows.get("relay")
        for target in order:
            c = rows.get(target)
            if target == "relay" or c is None or rl is None:
                continue
            cells = [ratio(_lat(c, k), _lat(rl, k)) for k in ("p50", "p95", "p99", "max")]
            tput = ratio(c["notes_per_s"] or None, rl["notes_per_s"] or None)
            lines.append(
                f"{name:<10}{target + '/relay':<20}"
                + "".join(f"{_num(x, '{:.1f}x'):>9}" for x in cells)
                + f"{_num(tput, '{:.2f}x'):>9}"
            )
        lines.append("")
    if len(lines) == 2:
        lines.append("(no scenario ran)")
    return "\n".join(lines)


def error_lines(results: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in results:
        if r["error_kinds"]:
            kinds = ", ".join(f"{k} x{v}" for k, v in sorted(r["error_kinds"].items()))
            out.append(f"  {r['scenario']} / {r['target']}: {kinds}")
    return out


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    tmp.replace(path)


# --- the text report -----------------------------------------------------------------------

TARGETS_DOC = [
    "p95 at 25 clients <= 2x the relay (A/B median)",
    "p95 <= 15 ms at 100 clients",
    "1,000 connections without errors",
    "under 100 KiB per idle connection",
    "PDF export of a 300-note board < 2 s",
    "notes/s sustained (40x25 closed loop)",
    "browser edit-to-screen reported (p50/p95)",
]
RATIO_LIMIT = 2.0
P95_100_LIMIT_MS = 15.0
# Notes/s sustained at saturation: one SQLite process; PostgreSQL + Redis with two processes.
SUSTAINED_MIN = {"casemap": 400.0, "pg-redis": 250.0}


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _find(results: list[dict[str, Any]], target: str, clients: int, boards: int = 1) -> dict[str, Any] | None:
    for r in results:
        if r["target"] == target and r["clients_per_board"] == clients and r["boards"] == boards:
            return r
    return None


def _conn_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every run that measured memory: the first scenario of each target (compression as the
    main scenarios) and the extra no-compression checks."""
    rows = [r for r in data["scenarios"] if "rss_before_kib" in r]
    return rows + list(data.get("connection_checks", []))


def _verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "FAIL")


def target_checks(data: dict[str, Any]) -> list[tuple[str, bool | None, str]]:
    res = data["scenarios"]
    out: list[tuple[str, bool | None, str]] = []

    # 1. p95 at 25 clients within 2x of the relay: the median ratio of the A/B pairs (relay and
    # Casemap measured in turn, both servers up); without pairs, the ratio of the main run.
    ab = data.get("ab_pairs") or {}
    ratios = [p["ratio"] for p in ab.get("pairs", []) if p.get("ratio") is not None]
    if ratios:
        x = _median(ratios)
        each = ", ".join(f"{p['casemap']}/{p['relay']}" for p in ab["pairs"])
        detail = f"casemap: median {_num(x, '{:.2f}x')} of {len(ratios)} pairs (p95 ms casemap/relay: {each})"
        out.append((TARGETS_DOC[0], x is not None and x <= RATIO_LIMIT, detail))
    relay25 = _find(res, "relay", 25)
    for t in _targets_in(res):
        if t == "relay" or (ratios and t == "casemap"):
            continue
        c = _find(res, t, 25)
        if c is None:
            continue
        cp, rp = _lat(c, "p95"), _lat(relay25, "p95") if relay25 else None
        x = ratio(cp, rp)
        ok = None if x is None or not c["complete"] else x <= RATIO_LIMIT
        detail = f"{t}: p95 {_num(cp)} ms vs relay {_num(rp)} ms = {_num(x, '{:.1f}x')} (one run; limit 2x)"
        out.append((TARGETS_DOC[0], ok, detail))

    # 2. p95 at most 15 ms at 100 clients.
    for t in _targets_in(res):
        if t == "relay":
            continue
        c = _find(res, t, 100)
        if c is None:
            continue
        cp = _lat(c, "p95")
        ok = None if cp is None else (cp <= P95_100_LIMIT_MS and c["complete"] and c["errors"] == 0)
        out.append((TARGETS_DOC[1], ok, f"{t}: p95 {_num(cp)} ms, {c['errors']} errors (limit 15 ms)"))

    # Notes/s sustained at saturation.
    for t, floor in SUSTAINED_MIN.items():
        sat = [r for r in res if r["target"] == t and r["boards"] > 1 and "period_s" not in r]
        if sat:
            r = sat[0]
            ok = r["complete"] and r["errors"] == 0 and r["notes_per_s"] >= floor
            procs = r.get("processes", 1)
            out.append(
                (
                    TARGETS_DOC[5],
                    ok,
                    f"{t} ({procs} process{'es' if procs > 1 else ''}) {r['scenario']}: "
                    f"{r['notes_per_s']:.0f} notes/s (at least {floor:.0f})",
                )
            )

    # The browser's own edit-to-screen time, reported.
    browser = (data.get("casemap") or {}).get("browser")
    if browser:
        lat = browser.get("edit_to_screen_ms") or {}
        ok = bool(browser.get("available")) and lat.get("p50") is not None
        detail = (
            f"Chromium -> Chromium p50 {lat.get('p50')} ms, p95 {lat.get('p95')} ms over {lat.get('n')} notes"
            if ok
            else str(browser.get("error"))
        )
        out.append((TARGETS_DOC[6], ok, detail))

    # 3 and 4. 1,000 connections without errors; memory per idle connection.
    for r in _conn_rows(data):
        if r["target"] == "relay":
            continue
        comp = "deflate" if r.get("compression") else "no compression"
        conns = r.get("connections_planned", 0)
        if conns >= 1000:
            all_rounds = r["rounds_ok"] == r["rounds_planned"]
            ok = r["connected"] == conns and r["errors"] == 0 and r["complete"] and all_rounds
            out.append(
                (
                    TARGETS_DOC[2],
                    ok,
                    f"{r['target']} ({comp}): {r['connected']}/{conns} sockets open, "
                    f"{r['rounds_ok']}/{r['rounds_planned']} rounds delivered to every socket, {r['errors']} errors",
                )
            )
        kib = r.get("kib_per_connection")
        if kib is not None:
            procs = r.get("processes", 1)
            where = f", {procs} processes summed" if procs > 1 else ""
            out.append(
                (
                    TARGETS_DOC[3],
                    kib < 100,
                    f"{r['target']} ({comp}): {kib:.1f} KiB over {r['connected']} idle sockets{where}",
                )
            )

    # 5. The PDF export of a 300-note board: median under 2 s (in-process, warm).
    pdf = (data.get("casemap") or {}).get("pdf_export")
    if pdf and pdf.get("available"):
        label = TARGETS_DOC[4] if pdf["notes"] == 300 else f"PDF export of a {pdf['notes']}-note board < 2 s"
        out.append(
            (
                label,
                pdf["p50_ms"] < 2000,
                f"p50 {pdf['p50_ms'] / 1000:.2f} s, p95 {pdf['p95_ms'] / 1000:.2f} s over {pdf['runs']} runs "
                f"(limit 2 s, median)",
            )
        )
    return out


def render_text(data: dict[str, Any], scenario_names: list[str]) -> str:
    meta = data["meta"]
    env = meta.get("server_env") or {}
    if meta.get("rate_limits_raised"):
        rates = ", ".join(f"{k[len('CASEMAP_RATE_') :]}={v}" for k, v in env.items() if k.startswith("CASEMAP_RATE_"))
        settings = (
            f"CASEMAP_RATE_* {rates} (production windows, amounts raised); "
            f"CASEMAP_MAX_PARTICIPANTS_PER_BOARD={env.get('CASEMAP_MAX_PARTICIPANTS_PER_BOARD')}"
        )
        cap = "CASEMAP_MAX_PARTICIPANTS_PER_BOARD"
        others = {k: v for k, v in env.items() if not k.startswith("CASEMAP_RATE_") and k != cap}
        if others:
            settings += ", " + ", ".join(f"{k}={v}" for k, v in others.items())
        settings = f"rate limits RAISED for the load: {settings}"
    else:
        settings = "production rate limits kept (--keep-rate-limits)" + (
            ": " + ", ".join(f"{k}={v}" for k, v in env.items()) if env else ""
        )
    out = [
        "Casemap benchmark",
        f"  {meta['started_at']}  git {meta['git_head'] or '-'}  python {meta['python']}  "
        f"websockets {meta['websockets']}  {meta['cpus']} CPUs  load avg {meta.get('load_avg_at_start')}  "
        f"loop {meta['event_loop']}  clients offer {meta['compression'] or 'no compression'}, servers "
        f"{'accept' if meta.get('server_deflate') else 'decline'} it  pace {meta['pace_ms']} ms"
        + (f"  wall {meta['wall_s']} s" if "wall_s" in meta else ""),
        f"  Casemap server settings: {settings}",
        f"  Casemap clients per board: {meta.get('casemap_clients')}; N = sockets per board; "
        + (
            "HTML stream (/ws/boards/{id}/html), notes POSTed over HTTP"
            if meta.get("stream") == "html"
            else "JSON stream, notes sent as WebSocket commands"
        ),
        *([f"  Extra uvicorn arguments: {' '.join(meta['uvicorn_args'])}"] if meta.get("uvicorn_args") else []),
        "  Targets: " + "; ".join(f"{k} = {v}" for k, v in (meta.get("targets") or {}).items()),
        "",
        "Live notes: send -> the LAST client of the board has note.created (ms); for pg-redis the",
        "board's clients are split across the processes and the last client on either counts.",
        "Rounds are sequential per board, boards at once (40x25 is closed-loop saturation;",
        "40x25@1s is open loop, one note per board per second). CPU, 100% = one core: gen = load",
        "generator, srv = Casemap/relay process(es), oth = everything else on the host (PostgreSQL",
        "and Redis for pg targets; anything above a few % for casemap/relay is another job",
        "competing for the CPUs, and those figures are pessimistic).",
        "",
        scenario_table(data["scenarios"], scenario_names),
    ]
    errs = error_lines(data["scenarios"] + list(data.get("connection_checks", [])))
    if errs:
        out += ["Errors by kind:", *errs, ""]
        if any("rate" in line or "429" in line for line in errs):
            out += ["Hint: rate limited - the bench raises the limits unless --keep-rate-limits.", ""]
    noisy = [r for r in data["scenarios"] if r["target"] in ("casemap", "relay") and (r.get("other_cpu_pct") or 0) > 25]
    if noisy:
        out += [
            "Warning: other processes used >25% of a core during: "
            + ", ".join(f"{r['scenario']}/{r['target']} ({r['other_cpu_pct']:.0f}%)" for r in noisy)
            + " - the host was shared; rerun on a quiet machine for clean figures.",
            "",
        ]
    hot = [r for r in data["scenarios"] if (r.get("loadgen_cpu_pct") or 0) > 85]
    if hot:
        out += [
            "Warning: the load generator used >85% of a core in: "
            + ", ".join(f"{r['scenario']}/{r['target']}" for r in hot)
            + " - those figures may be limited by the generator, not the server.",
            "",
        ]
    growth = [r for r in data["scenarios"] if r.get("p50_first_tenth_ms") is not None]
    if growth:
        out.append(
            "Board growth (one board, p50 of the first vs the last tenth of the rounds, i.e. few vs many notes):"
        )
        for r in growth:
            out.append(
                f"  {r['scenario']:<6} {r['target']:<9} "
                f"{r['p50_first_tenth_ms']:.1f} -> {r['p50_last_tenth_ms']:.1f} ms "
                f"(board at ~{r['rounds_planned'] // 10} -> ~{r['rounds_planned']} notes)"
            )
        out.append("")
    sat = [r for r in data["scenarios"] if r["boards"] > 1 and r["complete"] and "period_s" not in r]
    if sat:
        out.append("Notes/s sustained (closed loop, every board of the widest scenario busy):")
        for r in sorted(sat, key=lambda r: _targets_in(data["scenarios"]).index(r["target"])):
            out.append(
                f"  {r['target']:<9} {r['scenario']}: {r['notes_per_s']:.0f} notes/s = "
                f"{r['deliveries_per_s']:.0f} socket deliveries/s, "
                f"server CPU {_num(r.get('server_cpu_pct'), '{:.0f}%')}"
            )
        paced = [r for r in data["scenarios"] if "period_s" in r]
        for r in paced:
            out.append(
                f"  {r['target']:<9} {r['scenario']}: open loop, {r['offered_notes_per_s']:.0f} notes/s offered "
                f"(one per board every {r['period_s']:g} s), server CPU {_num(r.get('server_cpu_pct'), '{:.0f}%')}"
            )
        out.append("")
    probed = [r for r in data["scenarios"] if r.get("ping_ms")]
    if probed:
        out.append("Event loop responsiveness: WebSocket ping -> pong on one socket every 50 ms while the")
        out.append("rounds run (the server answers pings from its event loop; database work runs in threads,")
        out.append("so a ping waits only behind the loop's own work: framing, fan-out, rendering):")
        for r in probed:
            p = r["ping_ms"]
            out.append(
                f"  {r['target']:<9} {r['scenario']:<10} ping p50 {p['p50']:.1f} ms  p99 {p['p99']:.1f} ms  "
                f"max {p['max']:.1f} ms  ({p['n']} pings)"
            )
        out.append("")
    rows = _conn_rows(data)
    if rows:
        out.append("Connections and memory per idle connection (server RSS /proc VmRSS, all sockets open")
        out.append("and idle, before any round; then the rounds on those sockets)")
        for r in rows:
            comp = "deflate" if r.get("compression") else "no compr."
            if "kib_per_connection" in r:
                mem = (
                    f"{r['rss_before_kib'] / 1024:.1f} -> {r['rss_after_kib'] / 1024:.1f} MiB = "
                    f"{r['kib_per_connection']:.1f} KiB/conn"
                )
            else:
                mem = "memory not measured"
            procs = f" ({r['processes']} procs)" if r.get("processes", 1) > 1 else ""
            out.append(
                f"  {r['target']:<9}{comp:<10}{r['connected']:>5}/{r.get('connections_planned', '?')} sockets{procs}: "
                f"{mem}; rounds {r['rounds_ok']}/{r['rounds_planned']}, {r['errors']} errors"
            )
        if meta.get("server_deflate"):
            out.append(
                "  Servers ACCEPTED permessage-deflate (--server-deflate): 'deflate' rows are compressed sockets."
            )
        else:
            out.append("  'deflate' = the clients offered permessage-deflate as browsers do; the servers declined it,")
            out.append("  as Casemap is shipped (--ws-per-message-deflate=false), so those sockets are uncompressed.")
        out.append("")
    cm = data["casemap"]
    render = cm.get("render")
    if render:
        if render.get("ms"):
            ms = render["ms"]
            out.append(f"Board with {render['notes']} notes: {render['what']}")
            out.append(
                f"  p50 {ms['p50']:.1f} ms  p95 {ms['p95']:.1f} ms  max {ms['max']:.1f} ms "
                f"over {ms['n']} GETs, {render['bytes'] / 1024:.0f} KiB; adding the notes "
                f"over REST ran at {render.get('rest_notes_per_s')} notes/s"
            )
        else:
            out.append(f"Board render: not measured: {render.get('error')}")
    ah = cm.get("analyse_http")
    if ah:
        if ah.get("ms"):
            ms = ah["ms"]
            out.append(
                f"Analyse one note, POST /api/analyse: p50 {ms['p50']:.2f} ms  "
                f"p95 {ms['p95']:.2f} ms over {ms['n']} calls"
                + (f" (non-200: {ah['non_200']})" if ah["non_200"] else "")
            )
        else:
            out.append(f"Analyse over HTTP: not measured (statuses {ah['non_200']})")
    ai = cm.get("analyse_inprocess")
    if ai:
        if ai.get("available"):
            out.append(
                f"Analyse one note in-process, {ai['called_as']}: median "
                f"{ai['median_us']:.1f} us, p95 {ai['p95_us']:.1f} us over {ai['calls']} calls"
            )
        else:
            out.append(f"Analyse in-process: {ai.get('message')}")
    pdf = cm.get("pdf_export")
    if pdf:
        if pdf.get("available"):
            tagged = "tagged" if pdf["tagged"] else "NOT tagged"
            out.append(
                f"PDF export of a {pdf['notes']}-note board, render_pdf in-process: p50 {pdf['p50_ms']:.0f} ms  "
                f"p95 {pdf['p95_ms']:.0f} ms over {pdf['runs']} warm runs (first, cold: {pdf['first_ms']:.0f} ms); "
                f"{pdf['pages']} pages, {pdf['bytes'] / 1024:.0f} KiB, {tagged}"
            )
            out.append(
                f"  baseline, the same view as Word (render_docx) in the same process: p50 "
                f"{pdf['baseline_p50_ms']:.0f} ms; PDF/Word = {_num(pdf['ratio_p50'], '{:.1f}x')}"
            )
        else:
            out.append(f"PDF export: {pdf.get('message')}")
    browser = cm.get("browser")
    if browser and browser.get("available"):
        lat, own = browser.get("edit_to_screen_ms") or {}, browser.get("writer_cleared_ms") or {}
        out.append(
            "Browser edit-to-screen (headless Chromium: a participant's page submits the note form, the "
            "facilitator's page shows the note; both pages' clocks):"
        )
        out.append(
            f"  p50 {lat.get('p50')} ms  p95 {lat.get('p95')} ms  max {lat.get('max')} ms over {lat.get('n')} notes; "
            f"the writer's form cleared (its own round trip) p50 {own.get('p50')} ms  p95 {own.get('p95')} ms"
        )
    ab = data.get("ab_pairs")
    if ab and ab.get("pairs"):
        out.append(f"A/B pairs at 25 clients ({ab['rounds']} rounds each side, relay then Casemap, both servers up):")
        for i, p in enumerate(ab["pairs"], 1):
            out.append(
                f"  pair {i}: relay p50 {p.get('relay_p50')} / p95 {p.get('relay')} ms, casemap p50 "
                f"{p.get('casemap_p50')} / p95 {p.get('casemap')} ms = {p.get('ratio')}x "
                f"(other CPU {_num(p.get('relay_other_cpu_pct'), '{:.0f}%')} / "
                f"{_num(p.get('casemap_other_cpu_pct'), '{:.0f}%')})"
            )
    startup = cm.get("startup_s")
    if startup:
        out.append("Start-up to /healthz 200 (s): " + ", ".join(f"{k} {v}" for k, v in startup.items()))
    out.append("")
    checks = target_checks(data)
    if checks:
        out.append("Targets")
        for label, ok, detail in checks:
            out.append(f"  {_verdict(ok)}  {label:<44} {detail}")
        out.append("")
    profiled = [r for r in data["scenarios"] if r.get("profile")]
    if profiled:
        out.append("Profiled run (py-spy sampling inflates the latencies above); files and summaries in the JSON:")
        for r in profiled:
            prof = r["profile"]
            cats = (prof.get("summary") or {}).get("categories_pct_of_busy", [])[:5]
            out.append(
                f"  {r['target']} {r['scenario']}: "
                + (", ".join(f"{k} {p:.0f}%" for k, p, _ in cats) if cats else str(prof.get("errors")))
            )
        out.append("")
    for note in data["notes"]:
        out.append(f"Note: {note}")
    return "\n".join(out).rstrip() + "\n"
