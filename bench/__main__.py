"""``python -m bench``: Casemap against a bare relay, one process tree, one report.

Starts the relay and Casemap as subprocesses on free loopback ports (Casemap on SQLite, on
PostgreSQL, and as two processes on PostgreSQL + Redis), drives B boards x N clients over
real WebSockets from this one asyncio process, and prints latency percentiles, throughput,
errors, memory per idle connection, board render time, note analysis time, the PDF export
of a 300-note board and PASS/FAIL
against the targets. The same figures go to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx

from bench import extras, load
from bench.procs import (
    PG_ADMIN_URL,
    REPO,
    PgDatabase,
    ServerProcess,
    StartError,
    casemap_server,
    free_port,
    migrate,
    redis_ping,
    relay_server,
    wait_idle,
)
from bench.profile import PySpy
from bench.report import render_text, write_json
from bench.targets import CasemapTarget, RelayTarget

# The 40x25 scenario runs first on a fresh server: it is also the 1,000-connection check and
# the memory-per-idle-connection figure (RSS before/after its sockets open, before any round).
# 40x25: 30 closed-loop rounds per board (saturation: notes/s sustained), then 15 rounds at
# one note per board per second (40 notes/s offered: latency under a steady, busy load).
DEFAULT_SCENARIOS = ["1x25:200", "1x100:100", "40x25:30+15@1"]
QUICK_SCENARIOS = ["1x25:30", "1x100:15", "40x25:3+2@1"]
ALL_TARGETS = ["relay", "casemap", "pg", "pg-redis"]
TARGET_LABELS = {
    "relay": "bare relay (websockets, stores nothing)",
    "casemap": "Casemap, 1 process, SQLite (the default deployment)",
    "pg": "Casemap, 1 process, PostgreSQL, no Redis",
    "pg-redis": "Casemap, 2 processes, PostgreSQL + Redis (clients of each board split across both)",
}

# Settings the bench gives every Casemap process unless --keep-rate-limits or --server-env
# says otherwise: the load is one address sending hundreds of notes a second, which the
# production limits are there to stop. The windows stay those of app/config.py (only the
# amounts go up), so the limiter's bookkeeping (entries kept per window, keys expired) costs
# what it costs in production.
BENCH_SERVER_ENV = {
    "CASEMAP_RATE_NOTE_CHANGES": "100000/minute",
    "CASEMAP_RATE_NOTE_CHANGES_ADDRESS": "100000/minute",
    "CASEMAP_RATE_JOINS": "100000/minute",
    "CASEMAP_RATE_JOIN_FAILURES": "100000/hour",
    "CASEMAP_RATE_ANALYSE": "100000/minute",
    "CASEMAP_RATE_WS_MESSAGES": "100000/10 seconds",
    "CASEMAP_RATE_BOARD_CREATION": "100000/hour",
    "CASEMAP_MAX_PARTICIPANTS_PER_BOARD": "1000",
}


@dataclass
class Scenario:
    name: str
    boards: int
    clients: int
    rounds: int
    paced_rounds: int = 0
    period_s: float = 1.0

    @property
    def connections(self) -> int:
        return self.boards * self.clients


def parse_scenario(spec: str) -> Scenario:
    """``BxN:R`` (B boards of N clients, R closed-loop rounds per board) or ``N:R`` for one
    board; ``BxN:R+P@S``: then P more rounds per board on the same sockets, one note per board
    every S seconds (open loop), reported as its own row ``BxN@Ss``."""
    shape, _, rounds = spec.partition(":")
    boards, _, clients = shape.rpartition("x")
    closed, _, paced = rounds.partition("+")
    try:
        b, n = int(boards or 1), int(clients)
        r = int(closed) if closed else 50
        p_rounds, _, period = paced.partition("@")
        pr = int(p_rounds) if p_rounds else 0
        per = float(period) if period else 1.0
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad scenario {spec!r}: use BxN:R or BxN:R+P@S") from None
    if b < 1 or n < 2 or r < 1 or pr < 0 or per <= 0:
        raise argparse.ArgumentTypeError(f"bad scenario {spec!r}: need B>=1, N>=2, R>=1, P>=0, S>0")
    name = f"N={n}" if b == 1 else f"{b}x{n}"
    return Scenario(name, b, n, r, pr, per)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--quick", action="store_true", help="short run (under ~90 s): few rounds, fewer timing calls")
    p.add_argument(
        "--targets",
        help="comma list of relay,casemap,pg,pg-redis (default all; --quick: relay,casemap,pg-redis). "
        "A target whose PostgreSQL/Redis does not answer is reported as not started.",
    )
    p.add_argument(
        "--scenario",
        action="append",
        type=parse_scenario,
        metavar="BxN:R",
        help="replace the scenarios (repeatable), e.g. 1x25:200 40x25:30; the one with the most "
        "connections runs first on a fresh server and gives the memory and connection figures",
    )
    p.add_argument("--rounds", type=int, help="rounds per board for every scenario")
    p.add_argument("--pace-ms", type=float, default=0.0, help="pause between a board's rounds")
    p.add_argument("--round-timeout", type=float, default=10.0, help="seconds per round")
    p.add_argument(
        "--scenario-timeout",
        type=float,
        default=120.0,
        help="seconds for the rounds of one scenario; then it is marked incomplete",
    )
    p.add_argument("--setup-timeout", type=float, default=180.0, help="seconds for making boards and opening sockets")
    p.add_argument(
        "--nodeflate-shape",
        metavar="BxN",
        help="boards x clients of the no-compression check (default: the widest scenario's; --quick: 10x25)",
    )
    p.add_argument(
        "--nodeflate-rounds",
        type=int,
        default=3,
        help="rounds per board of the extra no-compression connection check on a fresh server "
        "(relay and SQLite Casemap; 0 skips it)",
    )
    p.add_argument("--render-notes", type=int, default=300)
    p.add_argument("--render-runs", type=int, help="timed GETs of the full board")
    p.add_argument("--analyse-calls", type=int, help="timed POST /api/analyse calls")
    p.add_argument("--inproc-calls", type=int, help="in-process analyse() calls")
    p.add_argument("--pdf-notes", type=int, default=300, help="notes on the board of the PDF export timing")
    p.add_argument(
        "--pdf-runs",
        type=int,
        help="timed PDF exports after a cold one (default 5; --quick: 3; 0 skips the PDF timing)",
    )
    p.add_argument(
        "--ab-pairs",
        type=int,
        default=3,
        help="A/B pairs at 25 clients: relay then SQLite Casemap, both servers up, alternated; the "
        "25-client target is the median ratio of the pairs' p95 (0 skips them)",
    )
    p.add_argument("--ab-rounds", type=int, help="rounds per side of each A/B pair (default 200; --quick: 40)")
    p.add_argument(
        "--browser-rounds",
        type=int,
        help="notes of the browser's edit-to-screen timing (Chromium posts, another Chromium page "
        "shows it; default 40, --quick: 15; 0 skips it)",
    )
    p.add_argument(
        "--no-compression",
        action="store_true",
        help="do not offer permessage-deflate in the main scenarios (browsers do offer it)",
    )
    p.add_argument(
        "--server-deflate",
        action="store_true",
        help="let the servers accept permessage-deflate; by default Casemap runs as shipped "
        "(make run and the image pass --ws-per-message-deflate=false) and the relay declines it too",
    )
    p.add_argument(
        "--stream",
        choices=["json", "html"],
        default="json",
        help="Casemap clients: json = the contract's WebSocket stream, notes sent as commands "
        "(default); html = the browser page's stream (/ws/boards/{id}/html, htmx fragments), "
        "notes POSTed over HTTP like the page's form. The relay always uses json.",
    )
    p.add_argument(
        "--viewer",
        action="store_true",
        help="client 1 of each Casemap board is the projector's viewer token (default: the "
        "facilitator + N-1 participants who joined; N is always the number of sockets)",
    )
    p.add_argument("--no-viewer", action="store_true", help=argparse.SUPPRESS)  # the default now
    p.add_argument("--connect-concurrency", type=int, default=32)
    p.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for every Casemap process (repeatable; wins over the bench defaults)",
    )
    p.add_argument(
        "--uvicorn-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra uvicorn argument for every Casemap process (repeatable), e.g. "
        "--uvicorn-arg=--ws-per-message-deflate=false",
    )
    p.add_argument(
        "--keep-rate-limits",
        action="store_true",
        help="do not raise the CASEMAP_RATE_* limits and the participant cap (expect 429s)",
    )
    p.add_argument("--pg-url", default=PG_ADMIN_URL, help="PostgreSQL to create the run's database in")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    p.add_argument("--processes", type=int, default=2, help="Casemap processes for the pg-redis target")
    p.add_argument("--health-timeout", type=float, default=60.0)
    p.add_argument(
        "--migrate",
        choices=["auto", "never"],
        default="never",
        help="auto: run 'alembic upgrade head' on the fresh database before starting the server "
        "(not needed while the app migrates on start-up)",
    )
    p.add_argument("--app-dir", type=Path, default=REPO, help="directory holding the app package to serve")
    p.add_argument("--python", default=sys.executable, help="interpreter for the servers")
    p.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "latest.json")
    p.add_argument("--no-uvloop", action="store_true", help="plain asyncio loop for the generator")
    p.add_argument(
        "--py-spy",
        metavar="PATH",
        help="profile the server(s) with this py-spy during every scenario's rounds "
        "(figures of a profiled run are inflated by the sampling)",
    )
    p.add_argument("--profile-dir", type=Path, default=REPO / "bench" / "results" / "profile")
    p.add_argument("--profile-targets", default="casemap", help="comma list of targets to profile")
    p.add_argument("--profile-rate", type=int, default=100, help="py-spy samples per second")
    p.add_argument(
        "--profile-mode",
        choices=["wall", "gil"],
        default="wall",
        help="wall: every thread, waiting included (where a note's time goes); gil: only the "
        "thread holding the GIL (where the CPU goes)",
    )
    args = p.parse_args(argv)
    if args.targets is None:
        args.targets = "relay,casemap,pg-redis" if args.quick else ",".join(ALL_TARGETS)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    bad = set(args.targets) - set(ALL_TARGETS)
    if bad:
        p.error(f"unknown target(s): {', '.join(sorted(bad))}")
    args.profile_targets = {t.strip() for t in args.profile_targets.split(",") if t.strip()}
    if not args.scenario:
        args.scenario = [parse_scenario(s) for s in (QUICK_SCENARIOS if args.quick else DEFAULT_SCENARIOS)]
    if args.rounds:
        for s in args.scenario:
            s.rounds = args.rounds
    if not args.server_deflate and "--ws-per-message-deflate=false" not in args.uvicorn_arg:
        args.uvicorn_arg.append("--ws-per-message-deflate=false")
    quick = args.quick
    if quick and args.nodeflate_rounds == 3:
        args.nodeflate_rounds = 2
    if args.nodeflate_shape is None and quick:
        args.nodeflate_shape = "10x25"
    if args.nodeflate_shape is not None:
        try:
            args.nodeflate_shape = parse_scenario(args.nodeflate_shape + ":1")
        except argparse.ArgumentTypeError as exc:
            p.error(str(exc))
    args.render_runs = args.render_runs or (5 if quick else 20)
    args.analyse_calls = args.analyse_calls or (50 if quick else 300)
    args.inproc_calls = args.inproc_calls or (1000 if quick else 5000)
    if args.pdf_runs is None:
        args.pdf_runs = 3 if quick else 5
    if args.ab_rounds is None:
        args.ab_rounds = 40 if quick else 200
    if args.browser_rounds is None:
        args.browser_rounds = 15 if quick else 40
    return args


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # children inherit it
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def git_head() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Run:
    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.workdir = workdir
        self.opts = load.Options(
            round_timeout=args.round_timeout,
            scenario_timeout=args.scenario_timeout,
            setup_timeout=args.setup_timeout,
            pace=args.pace_ms / 1000,
            connect_concurrency=args.connect_concurrency,
            compression=None if args.no_compression else "deflate",
        )
        self.server_env = {} if args.keep_rate_limits else dict(BENCH_SERVER_ENV)
        self.server_env.update(dict(kv.split("=", 1) for kv in args.server_env))
        # The scenario with the most sockets runs first on a fresh server (memory, 1,000 check).
        self.first = max(args.scenario, key=lambda s: s.connections)
        self.order = [self.first] + [s for s in args.scenario if s is not self.first]
        self.data: dict[str, Any] = {
            "meta": {
                "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "git_head": git_head(),
                "python": platform.python_version(),
                "websockets": version("websockets"),
                "cpus": os.cpu_count(),
                "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
                "fd_limit": raise_fd_limit(),
                "event_loop": "asyncio",
                "compression": self.opts.compression,
                "server_deflate": args.server_deflate,
                "stream": args.stream,
                "pace_ms": args.pace_ms,
                "casemap_clients": "facilitator + projector (viewer) + participants"
                if args.viewer
                else "facilitator + participants who joined (no viewer)",
                "server_env": self.server_env,
                "uvicorn_args": args.uvicorn_arg,
                "rate_limits_raised": not args.keep_rate_limits,
                "quick": args.quick,
                "scenarios": [s.__dict__ for s in args.scenario],
                "scenario_order": [s.name for s in self.order],
                "targets": {t: TARGET_LABELS[t] for t in args.targets},
                "processes": args.processes,
            },
            "scenarios": [],
            "connection_checks": [],
            "casemap": {},
            "notes": [],
        }

    def save(self) -> None:
        write_json(self.args.json, self.data)

    def profiler(self, target: str, pids: list[int]) -> PySpy | None:
        if not self.args.py_spy or target not in self.args.profile_targets:
            return None
        return PySpy(self.args.py_spy, pids, self.args.profile_dir, self.args.profile_rate, self.args.profile_mode)

    async def scenarios(self, target: Any, pids: list[int], stream: str = "json") -> None:
        prof = self.profiler(target.name, pids)
        opts = dataclasses.replace(self.opts, stream=stream)
        warm = await load.warm_up(target, opts)
        if warm:
            self.data["notes"].append(f"{target.name}: warm-up errors {warm}")
        for s in self.order:
            say(f"{target.name}: {s.name}, {s.boards} board(s) x {s.clients} clients, {s.rounds} rounds per board")
            r = await load.run_scenario(
                target,
                pids,
                s.name,
                s.boards,
                s.clients,
                s.rounds,
                opts,
                measure_rss=s is self.first,
                profiler=prof,
                paced_rounds=s.paced_rounds,
                period=s.period_s,
            )
            lat = r["latency_ms"] or {}
            say(
                f"  -> {r['rounds_ok']}/{r['rounds_planned']} rounds, p50 {lat.get('p50')} ms, "
                f"p95 {lat.get('p95')} ms, {r['notes_per_s']} notes/s, {r['errors']} errors"
                + (f", {r['kib_per_connection']} KiB/conn" if "kib_per_connection" in r else "")
                + ("" if r["complete"] else f", INCOMPLETE ({r['incomplete_reason']})")
            )
            paced = r.pop("paced", None)
            self.data["scenarios"].append(r)
            if paced is not None:
                plat = paced["latency_ms"] or {}
                say(
                    f"  -> paced {paced['scenario']}: {paced['rounds_ok']}/{paced['rounds_planned']} rounds, "
                    f"p50 {plat.get('p50')} ms, p95 {plat.get('p95')} ms, {paced['errors']} errors"
                )
                self.data["scenarios"].append(paced)
            self.save()
            await wait_idle(pids)  # the next figures must not pay for this scenario's closes

    async def nodeflate_check(self, target: Any, pids: list[int]) -> None:
        """On a fresh server: the biggest scenario's sockets without permessage-deflate, RSS
        per idle connection, then a few rounds (errors counted)."""
        s = self.args.nodeflate_shape or self.first
        opts = dataclasses.replace(self.opts, compression=None)
        await load.warm_up(target, opts)
        rounds = self.args.nodeflate_rounds
        say(f"{target.name}: {s.name} without compression, {rounds} rounds per board")
        r = await load.run_scenario(target, pids, s.name, s.boards, s.clients, rounds, opts, measure_rss=True)
        say(f"  -> {r.get('kib_per_connection')} KiB/conn, {r['connected']} sockets, {r['errors']} errors")
        self.data["connection_checks"].append(r)
        self.save()

    # --- targets -------------------------------------------------------------------------

    async def relay(self) -> None:
        for deflate in (True, False):
            if not deflate and self.args.nodeflate_rounds <= 0:
                return
            port = free_port()
            server = relay_server(port, self.workdir, self.args.python, deflate=self.args.server_deflate)
            server.start()
            try:
                server.wait_tcp(port, 15)
                target = RelayTarget(port)
                if deflate:
                    await self.scenarios(target, [server.pid])
                else:
                    await self.nodeflate_check(target, [server.pid])
            finally:
                server.stop()

    def start_casemap(self, label: str, extra: dict[str, str], count: int = 1) -> tuple[list[ServerProcess], list[int]]:
        """Start ``count`` processes one after the other (the first applies the migrations)."""
        servers: list[ServerProcess] = []
        ports: list[int] = []
        try:
            for i in range(count):
                port = free_port()
                server = casemap_server(
                    port, self.workdir, self.args.python, extra, self.args.app_dir, label, self.args.uvicorn_arg
                )
                base = f"http://127.0.0.1:{port}"
                say(f"starting Casemap ({label}{f' #{i + 1}' if count > 1 else ''}) on {base}")
                server.start()
                servers.append(server)
                waited = server.wait_http_ok(f"{base}/healthz", self.args.health_timeout)
                self.data["casemap"].setdefault("startup_s", {}).setdefault(label, []).append(round(waited, 2))
                ports.append(port)
        except BaseException:
            for s in servers:
                s.stop()
            raise
        return servers, ports

    def prepare_db(self, extra: dict[str, str]) -> None:
        if self.args.migrate != "auto":
            return
        t0 = time.monotonic()
        why_not = migrate(self.workdir, self.args.python, extra, self.args.app_dir)
        if why_not is None:
            self.data["casemap"]["migrate_s"] = round(time.monotonic() - t0, 2)
        elif why_not != "no alembic.ini":
            say(f"migrations: {why_not}")
            self.data["notes"].append(f"migrations: {why_not}")

    def create_key(self, extra: dict[str, str]) -> str | None:
        return extra.get("CASEMAP_CREATE_KEY") or os.environ.get("CASEMAP_CREATE_KEY") or None

    async def run_casemap(
        self,
        name: str,
        extra: dict[str, str],
        count: int = 1,
        *,
        singles: bool = False,
        nodeflate: bool = False,
    ) -> None:
        self.prepare_db(extra)
        servers, ports = self.start_casemap(name, extra, count)
        pids = [s.pid for s in servers]
        base = f"http://127.0.0.1:{ports[0]}"
        key = self.create_key(extra)
        try:
            limits = httpx.Limits(max_connections=16)
            async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=30, limits=limits) as http:
                target = CasemapTarget(ports, http, key, with_viewer=self.args.viewer, name=name)
                await self.scenarios(target, pids, self.args.stream)
            if singles:
                await wait_idle(pids)
                say(f"{name}: board with {self.args.render_notes} notes, render time")
                self.data["casemap"]["render"] = await extras.render_board(
                    base, self.args.render_notes, self.args.render_runs, key
                )
                self.save()
                await wait_idle(pids)
                say(f"{name}: POST /api/analyse timing")
                self.data["casemap"]["analyse_http"] = await extras.analyse_http(base, self.args.analyse_calls)
                self.save()
                if self.args.browser_rounds > 0:
                    await wait_idle(pids)
                    say(f"{name}: browser edit-to-screen, {self.args.browser_rounds} notes (Chromium -> Chromium)")
                    self.data["casemap"]["browser"] = await asyncio.to_thread(self.browser_timing, base, key)
                    self.save()
        finally:
            for s in servers:
                s.stop()
        if nodeflate and self.args.nodeflate_rounds > 0:
            # A fresh server: RSS after a first thousand sockets closed is a high-water mark.
            self.workdir_reset()
            servers, ports = self.start_casemap(name, extra)
            try:
                fresh = f"http://127.0.0.1:{ports[0]}"
                async with httpx.AsyncClient(base_url=fresh, trust_env=False, timeout=30) as http:
                    target = CasemapTarget(ports, http, key, with_viewer=self.args.viewer, name=name)
                    await self.nodeflate_check(target, [s.pid for s in servers])
            finally:
                for s in servers:
                    s.stop()

    def browser_timing(self, base: str, key: str | None) -> dict[str, Any]:
        """bench/browser.py in a child interpreter (Playwright's sync API, its own loop)."""
        argv = [self.args.python, "-m", "bench.browser", "--base", base, "--rounds", str(self.args.browser_rounds)]
        env = dict(os.environ)
        if key:
            env["CASEMAP_CREATE_KEY"] = key
        try:
            out = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
            return dict(json.loads(out.stdout.strip().splitlines()[-1]))
        except (OSError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
            return {"available": False, "error": f"{type(exc).__name__}: {str(exc)[:200]}"}

    async def ab_pairs(self) -> None:
        """Relay and SQLite Casemap both running; N=25 rounds on each in turn, `--ab-pairs`
        times, so both sides of each pair see the same host (other jobs come and go)."""
        n = self.args.ab_pairs
        rounds = self.args.ab_rounds
        self.workdir_reset()
        relay_port = free_port()
        relay = relay_server(relay_port, self.workdir, self.args.python, deflate=self.args.server_deflate)
        relay.start()
        servers: list[ServerProcess] = []
        try:
            relay.wait_tcp(relay_port, 15)
            extra = dict(self.server_env)
            servers, ports = self.start_casemap("casemap", extra)
            key = self.create_key(extra)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[0]}", trust_env=False, timeout=30) as http:
                sides: list[tuple[Any, list[int]]] = [
                    (RelayTarget(relay_port), [relay.pid]),
                    (CasemapTarget(ports, http, key, with_viewer=self.args.viewer), [s.pid for s in servers]),
                ]
                for target, _ in sides:
                    await load.warm_up(target, self.opts)
                pairs = []
                for i in range(n):
                    p95: dict[str, float | None] = {}
                    for target, pids in sides:
                        await wait_idle(pids)
                        r = await load.run_scenario(target, pids, f"AB{i + 1}", 1, 25, rounds, self.opts)
                        p95[target.name] = (r["latency_ms"] or {}).get("p95")
                        p95[f"{target.name}_p50"] = (r["latency_ms"] or {}).get("p50")
                        p95[f"{target.name}_other_cpu_pct"] = r.get("other_cpu_pct")
                    rp, cp = p95["relay"], p95["casemap"]
                    x = round(cp / rp, 2) if rp and cp else None
                    pairs.append({**p95, "ratio": x})
                    say(f"A/B pair {i + 1}/{n} at N=25: relay p95 {rp} ms, casemap p95 {cp} ms = {x}x")
                    self.data["ab_pairs"] = {"rounds": rounds, "clients": 25, "pairs": pairs}
                    self.save()
        finally:
            relay.stop()
            for s in servers:
                s.stop()

    def workdir_reset(self) -> None:
        for f in self.workdir.glob("bench.db*"):
            f.unlink()

    async def casemap(self) -> None:
        await self.run_casemap("casemap", dict(self.server_env), singles=True, nodeflate=True)

    async def pg_target(self, name: str) -> None:
        redis = name == "pg-redis"
        if redis:
            why = redis_ping(self.args.redis_url)
            if why:
                raise StartError(f"Redis at {self.args.redis_url} does not answer: {why}")
        db = PgDatabase(self.args.pg_url)
        url = db.create()
        say(f"{name}: fresh PostgreSQL database {db.name}")
        self.data["meta"].setdefault("pg_databases", []).append(db.name)
        try:
            extra = {"CASEMAP_DATABASE_URL": url, **self.server_env}
            if redis:
                extra["CASEMAP_REDIS_URL"] = self.args.redis_url
            await self.run_casemap(name, extra, self.args.processes if redis else 1)
        finally:
            try:
                db.drop()
                say(f"{name}: dropped {db.name}")
            except StartError as exc:
                self.data["notes"].append(f"could not drop {db.name}: {exc}")

    async def main(self) -> int:
        failed = 0
        steps: dict[str, Callable[[], Coroutine[Any, Any, None]]] = {
            "relay": self.relay,
            "casemap": self.casemap,
            "pg": lambda: self.pg_target("pg"),
            "pg-redis": lambda: self.pg_target("pg-redis"),
        }
        for name in ALL_TARGETS:
            if name not in self.args.targets:
                continue
            try:
                await steps[name]()
            except StartError as exc:
                failed += 1
                say(f"{name} could not start: {exc}")
                self.data["notes"].append(f"{name} could not start: {exc}")
                self.save()
        if "casemap" in self.args.targets and "relay" in self.args.targets and self.args.ab_pairs > 0:
            try:
                await self.ab_pairs()
            except StartError as exc:
                failed += 1
                say(f"A/B pairs could not start: {exc}")
                self.data["notes"].append(f"A/B pairs could not start: {exc}")
        if "casemap" in self.args.targets:
            self.analyse_inprocess()
            if self.args.pdf_runs > 0:
                self.pdf_export()
        self.data["meta"]["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.save()
        return failed

    def analyse_inprocess(self) -> None:
        say("casemap: in-process analyse() timing")
        env = dict(os.environ)
        env["CASEMAP_DATABASE_URL"] = f"sqlite:///{self.workdir / 'inproc.db'}"
        res = extras.analyse_inprocess(self.args.python, self.args.inproc_calls, 10.0, env)
        self.data["casemap"]["analyse_inprocess"] = res
        self.save()

    def pdf_export(self) -> None:
        say(f"casemap: PDF export of a {self.args.pdf_notes}-note board, {self.args.pdf_runs} runs")
        env = dict(os.environ)
        env["CASEMAP_DATABASE_URL"] = f"sqlite:///{self.workdir / 'pdf.db'}"
        res = extras.pdf_export(self.args.python, self.args.pdf_notes, self.args.pdf_runs, env)
        self.data["casemap"]["pdf_export"] = res
        self.save()


def run_loop(main: Callable[[], Coroutine[Any, Any, int]], use_uvloop: bool) -> tuple[int, str]:
    if use_uvloop:
        try:
            import uvloop

            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                return runner.run(main()), "uvloop"
        except ImportError:
            pass
    return asyncio.run(main()), "asyncio"


def cli(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="casemap-bench-"))
    run = Run(args, workdir)
    t0 = time.monotonic()
    try:
        failed, loop_name = run_loop(run.main, not args.no_uvloop)
        run.data["meta"]["event_loop"] = loop_name
    except KeyboardInterrupt:
        say("interrupted; partial figures follow")
        failed = 1
    finally:
        run.data["meta"]["wall_s"] = round(time.monotonic() - t0, 1)
        run.save()
        shutil.rmtree(workdir, ignore_errors=True)
    names = []
    for s in args.scenario:
        names.append(s.name)
        if s.paced_rounds:
            names.append(f"{s.name}@{s.period_s:g}s")
    print(render_text(run.data, names))
    print(f"JSON: {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(cli())
