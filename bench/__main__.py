"""``python -m bench``: Casemap against a bare relay, one process tree, one report.

Starts the relay and the Casemap server as subprocesses on free loopback ports, drives B
boards x N clients over real WebSockets from this one asyncio process, and prints latency
percentiles, throughput, errors, memory per idle connection, board render time and note
analysis time. The same figures go to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
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
from bench.procs import REPO, StartError, casemap_server, free_port, migrate, relay_server, wait_idle
from bench.report import error_lines, scenario_table, write_json
from bench.targets import CasemapTarget, RelayTarget

DEFAULT_SCENARIOS = ["1x25:200", "1x100:100", "40x25:30"]
QUICK_SCENARIOS = ["1x25:20", "1x100:10", "40x25:5"]


@dataclass
class Scenario:
    name: str
    boards: int
    clients: int
    rounds: int


def parse_scenario(spec: str) -> Scenario:
    """``BxN:R`` (B boards of N clients, R rounds per board) or ``N:R`` for one board."""
    shape, _, rounds = spec.partition(":")
    boards, _, clients = shape.rpartition("x")
    b, n = int(boards or 1), int(clients)
    r = int(rounds) if rounds else 50
    if b < 1 or n < 2 or r < 1:
        raise argparse.ArgumentTypeError(f"bad scenario {spec!r}: need B>=1, N>=2, R>=1")
    name = f"N={n}" if b == 1 else f"{b}x{n}"
    return Scenario(name, b, n, r)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="short run: few rounds, 100 idle sockets, fewer timing calls",
    )
    p.add_argument("--targets", default="relay,casemap", help="comma list of relay,casemap (default both)")
    p.add_argument(
        "--scenario",
        action="append",
        type=parse_scenario,
        metavar="BxN:R",
        help="replace the scenarios (repeatable), e.g. 1x25:200 40x25:30",
    )
    p.add_argument("--rounds", type=int, help="rounds per board for every scenario")
    p.add_argument(
        "--pace-ms",
        type=float,
        default=0.0,
        help="pause between a board's rounds (to stay under note rate limits)",
    )
    p.add_argument("--round-timeout", type=float, default=10.0, help="seconds per round")
    p.add_argument(
        "--scenario-timeout",
        type=float,
        default=120.0,
        help="seconds for the rounds of one scenario; then it is marked incomplete",
    )
    p.add_argument(
        "--setup-timeout",
        type=float,
        default=120.0,
        help="seconds for making boards and opening sockets",
    )
    p.add_argument("--idle-conns", type=int, help="idle sockets for the memory figure (0: skip)")
    p.add_argument("--render-notes", type=int, default=300)
    p.add_argument("--render-runs", type=int, help="timed GETs of the full board")
    p.add_argument("--analyse-calls", type=int, help="timed POST /api/analyse calls")
    p.add_argument("--inproc-calls", type=int, help="in-process analyse() calls")
    p.add_argument(
        "--no-compression",
        action="store_true",
        help="do not offer permessage-deflate (browsers do offer it)",
    )
    p.add_argument(
        "--no-viewer",
        action="store_true",
        help="Casemap clients are the facilitator + N-1 participants (default: client 1 is the "
        "projector's viewer token, which also counts towards the participant cap)",
    )
    p.add_argument("--connect-concurrency", type=int, default=32)
    p.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the Casemap server (repeatable)",
    )
    p.add_argument("--health-timeout", type=float, default=30.0)
    p.add_argument(
        "--migrate",
        choices=["auto", "never"],
        default="never",
        help="auto: run 'alembic upgrade head' on the fresh database before starting the server "
        "(not needed while the app migrates on start-up)",
    )
    p.add_argument(
        "--app-dir",
        type=Path,
        default=REPO,
        help="directory holding the app package to serve (default: this repo)",
    )
    p.add_argument("--python", default=sys.executable, help="interpreter for the servers")
    p.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "latest.json")
    p.add_argument("--no-uvloop", action="store_true", help="plain asyncio loop for the generator")
    args = p.parse_args(argv)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    bad = set(args.targets) - {"relay", "casemap"}
    if bad:
        p.error(f"unknown target(s): {', '.join(sorted(bad))}")
    if not args.scenario:
        args.scenario = [parse_scenario(s) for s in (QUICK_SCENARIOS if args.quick else DEFAULT_SCENARIOS)]
    if args.rounds:
        for s in args.scenario:
            s.rounds = args.rounds
    quick = args.quick
    args.idle_conns = args.idle_conns if args.idle_conns is not None else (100 if quick else 500)
    args.render_runs = args.render_runs or (5 if quick else 20)
    args.analyse_calls = args.analyse_calls or (50 if quick else 300)
    args.inproc_calls = args.inproc_calls or (1000 if quick else 5000)
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
        self.data: dict[str, Any] = {
            "meta": {
                "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "git_head": git_head(),
                "python": platform.python_version(),
                "websockets": version("websockets"),
                "cpus": os.cpu_count(),
                "fd_limit": raise_fd_limit(),
                "event_loop": "asyncio",
                "compression": self.opts.compression,
                "pace_ms": args.pace_ms,
                "casemap_clients": "facilitator + participants"
                if args.no_viewer
                else "facilitator + projector (viewer) + participants",
                "quick": args.quick,
                "scenarios": [s.__dict__ for s in args.scenario],
            },
            "scenarios": [],
            "memory": [],
            "casemap": {},
            "notes": [],
        }

    def save(self) -> None:
        write_json(self.args.json, self.data)

    async def scenarios(self, target: Any, pid: int) -> None:
        for s in self.args.scenario:
            say(f"{target.name}: {s.name}, {s.boards} board(s) x {s.clients} clients, {s.rounds} rounds per board")
            r = await load.run_scenario(target, pid, s.name, s.boards, s.clients, s.rounds, self.opts)
            lat = r["latency_ms"] or {}
            say(
                f"  -> {r['rounds_ok']}/{r['rounds_planned']} rounds, p50 {lat.get('p50')} ms, "
                f"p99 {lat.get('p99')} ms, {r['notes_per_s']} notes/s, {r['errors']} errors"
                + ("" if r["complete"] else f", INCOMPLETE ({r['incomplete_reason']})")
            )
            self.data["scenarios"].append(r)
            self.save()
            await wait_idle(pid)  # the next figures must not pay for this scenario's closes

    async def memory(self, target: Any, pid: int) -> None:
        if self.args.idle_conns <= 0:
            return
        say(f"{target.name}: RSS before/after {self.args.idle_conns} idle sockets")
        m = await load.idle_memory(target, pid, self.args.idle_conns, 25, self.opts)
        say(f"  -> {m.get('kib_per_connection')} KiB per connection")
        self.data["memory"].append(m)
        self.save()

    async def relay(self) -> None:
        port = free_port()
        server = relay_server(port, self.workdir, self.args.python)
        server.start()
        try:
            server.wait_tcp(port, 15)
            target = RelayTarget(port)
            await self.memory(target, server.pid)  # first: a fresh heap, no high-water mark
            await self.scenarios(target, server.pid)
        finally:
            server.stop()

    @staticmethod
    def create_key(extra: dict[str, str]) -> str | None:
        """The server's board-creation key, when one is configured."""
        return extra.get("CASEMAP_CREATE_KEY") or os.environ.get("CASEMAP_CREATE_KEY") or None

    async def casemap(self) -> None:
        port = free_port()
        extra = dict(kv.split("=", 1) for kv in self.args.server_env)
        server = casemap_server(port, self.workdir, self.args.python, extra, self.args.app_dir)
        base = f"http://127.0.0.1:{port}"
        if self.args.migrate == "auto":
            t0 = time.monotonic()
            why_not = migrate(self.workdir, self.args.python, extra, self.args.app_dir)
            if why_not is None:
                self.data["casemap"]["migrate_s"] = round(time.monotonic() - t0, 2)
            elif why_not != "no alembic.ini":
                say(f"migrations: {why_not}")
                self.data["notes"].append(f"migrations: {why_not}")
        say(f"starting Casemap on {base} (db in {self.workdir})")
        server.start()
        try:
            waited = server.wait_http_ok(f"{base}/healthz", self.args.health_timeout)
            self.data["casemap"]["startup_s"] = round(waited, 2)
            limits = httpx.Limits(max_connections=16)
            async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=30, limits=limits) as http:
                target = CasemapTarget(port, http, self.create_key(extra), with_viewer=not self.args.no_viewer)
                await self.memory(target, server.pid)  # first: a fresh heap, no high-water mark
                await self.scenarios(target, server.pid)
            await wait_idle(server.pid)
            say(f"casemap: board with {self.args.render_notes} notes, render time")
            self.data["casemap"]["render"] = await extras.render_board(
                base, self.args.render_notes, self.args.render_runs, self.create_key(extra)
            )
            self.save()
            await wait_idle(server.pid)
            say("casemap: POST /api/analyse timing")
            self.data["casemap"]["analyse_http"] = await extras.analyse_http(base, self.args.analyse_calls)
            self.save()
        finally:
            server.stop()

    def analyse_inprocess(self) -> None:
        say("casemap: in-process analyse() timing")
        env = dict(os.environ)
        env["CASEMAP_DATABASE_URL"] = f"sqlite:///{self.workdir / 'inproc.db'}"
        res = extras.analyse_inprocess(self.args.python, self.args.inproc_calls, 10.0, env)
        self.data["casemap"]["analyse_inprocess"] = res
        self.save()

    async def main(self) -> int:
        failed = 0
        for name, step in (("relay", self.relay), ("casemap", self.casemap)):
            if name not in self.args.targets:
                continue
            try:
                await step()
            except StartError as exc:
                failed += 1
                say(f"{name} could not start: {exc}")
                self.data["notes"].append(f"{name} could not start: {exc}")
                self.save()
        if "casemap" in self.args.targets:
            self.analyse_inprocess()
        self.data["meta"]["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.save()
        return failed


def render_text(data: dict[str, Any], scenario_names: list[str]) -> str:
    meta = data["meta"]
    out = [
        "Casemap benchmark",
        f"  {meta['started_at']}  git {meta['git_head'] or '-'}  python {meta['python']}  "
        f"websockets {meta['websockets']}  {meta['cpus']} CPUs  loop {meta['event_loop']}  "
        f"compression {meta['compression'] or 'off'}  pace {meta['pace_ms']} ms",
        f"  Casemap clients per board: {meta.get('casemap_clients')}",
        "",
        "Live notes: send -> the LAST client of the board has note.created (ms)",
        "",
        scenario_table(data["scenarios"], scenario_names),
    ]
    errs = error_lines(data["scenarios"])
    if errs:
        out += ["Errors by kind:", *errs, ""]
        if any("rate" in line or "429" in line for line in errs):
            out += [
                "Hint: rate limited - slow the rounds with --pace-ms or run fewer --rounds.",
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
    if data["memory"]:
        out.append("Memory per idle connection (server RSS, /proc VmRSS)")
        for m in data["memory"]:
            if "kib_per_connection" in m:
                out.append(
                    f"  {m['target']:<8} {m['connections_open']} sockets: "
                    f"{m['rss_before_kib'] / 1024:.1f} -> {m['rss_after_kib'] / 1024:.1f} MiB = "
                    f"{m['kib_per_connection']:.1f} KiB/connection "
                    f"(after close {m['rss_after_close_kib'] / 1024:.1f} MiB)"
                )
            else:
                out.append(f"  {m['target']:<8} not measured: {m.get('error', 'no socket opened')}")
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
    for note in data["notes"]:
        out.append(f"Note: {note}")
    return "\n".join(out).rstrip() + "\n"


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
    try:
        failed, loop_name = run_loop(run.main, not args.no_uvloop)
        run.data["meta"]["event_loop"] = loop_name
        run.save()
    except KeyboardInterrupt:
        say("interrupted; partial figures follow")
        failed = 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(render_text(run.data, [s.name for s in args.scenario]))
    print(f"JSON: {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(cli())
