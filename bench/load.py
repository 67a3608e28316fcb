"""Load generator: B boards x N clients over real sockets, in one asyncio process.

Each round one client of a board (round-robin) sends ``note.create``; the round's latency is
the time from that send until the *last* client of the board has the matching
``note.created``. Rounds are sequential per board, boards run concurrently.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from bench.procs import host_busy_seconds, total_cpu_seconds, total_rss_kib, wait_idle
from bench.report import summarise
from bench.targets import Board, SetupError, Target


@dataclass
class Options:
    round_timeout: float = 10.0  # one round may take this long before it counts as an error
    scenario_timeout: float = 120.0  # the rounds of one scenario, all boards together
    setup_timeout: float = 120.0  # HTTP setup + opening every socket
    pace: float = 0.0  # seconds each board waits between its rounds
    connect_concurrency: int = 32
    compression: str | None = "deflate"  # what browsers offer; None to switch it off
    # "json": the contract's stream, notes sent as WebSocket commands. "html": the browser
    # page's stream (/ws/boards/{id}/html, htmx fragments), notes POSTed over HTTP as the
    # page's form does (Casemap only).
    stream: str = "json"


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    ack_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    messages: int = 0
    last_msg: float = 0.0
    first_send: float | None = None
    last_done: float | None = None
    cut_short: bool = False


@dataclass
class Round:
    text: str
    marker: str
    ref: str
    client_id: str
    need: int
    done: asyncio.Future[None]
    t0: float = 0.0
    t_ack: float | None = None
    t_done: float | None = None
    note_id: str | None = None
    error: str | None = None
    got: set[int] = field(default_factory=set)


@dataclass
class BoardRun:
    board: Board
    tag: str
    conns: list[ClientConnection | None]
    current: Round | None = None


class Live:
    """Every socket and reader task of one scenario, so they can all be closed."""

    def __init__(self) -> None:
        self.boards: list[BoardRun] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.closing = False

    def connected(self) -> int:
        return sum(1 for br in self.boards for ws in br.conns if ws is not None)

    async def close(self, timeout: float = 15.0) -> None:
        self.closing = True
        conns = [ws for br in self.boards for ws in br.conns if ws is not None]
        if conns:
            closers = [asyncio.ensure_future(ws.close()) for ws in conns]
            _, pending = await asyncio.wait(closers, timeout=timeout)
            for t in pending:
                t.cancel()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def loadgen_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _server_cpu(pids: list[int]) -> float | None:
    try:
        return total_cpu_seconds(pids)
    except OSError:
        return None


def _matches(r: Round, data: dict[str, Any]) -> bool:
    if data.get("text") == r.text:
        return True
    if r.note_id is not None and data.get("id") == r.note_id:
        return True
    return data.get("client_id") == r.client_id


async def _reader(br: BoardRun, idx: int, ws: ClientConnection, stats: Stats, live: Live, html: bool = False) -> None:
    try:
        async for raw in ws:
            now = time.perf_counter()
            stats.messages += 1
            stats.last_msg = now
            r = br.current
            text = raw if isinstance(raw, str) else raw.decode()
            if html:
                # HTML fragments: the round's marker has nothing HTML would escape.
                if r is not None and not r.done.done() and r.marker in text:
                    r.got.add(idx)
                    if len(r.got) >= r.need:
                        r.t_done = now
                        r.done.set_result(None)
                continue
            if '"error"' in text:
                _on_error(r, text, stats)
                continue
            if r is None or r.done.done():
                continue  # presence events, late copies of a timed-out round
            if '"note.created"' in text:
                # The round's text is unique, so a substring test spares the generator a JSON
                # parse per delivery (it is the hot path: N deliveries per note). Anything
                # else (text rewritten by the server) is parsed and matched on id/client_id.
                if r.text in text or _matches(r, _data(text, stats)):
                    r.got.add(idx)
                    if len(r.got) >= r.need:
                        r.t_done = now
                        r.done.set_result(None)
            elif '"ack"' in text:
                data = _data(text, stats)
                if data.get("ref") == r.ref:
                    r.t_ack = now
                    note = data.get("note") or {}
                    r.note_id = note.get("id")
    except ConnectionClosed as exc:
        if not live.closing:
            code = exc.rcvd.code if exc.rcvd is not None else "none"
            stats.errors[f"socket_closed_by_server:{code}"] += 1
    except Exception as exc:  # a bench must report, not crash mid-scenario
        stats.errors[f"reader:{type(exc).__name__}"] += 1


def _data(text: str, stats: Stats) -> dict[str, Any]:
    try:
        msg = json.loads(text)
    except ValueError:
        stats.errors["bad_json_from_server"] += 1
        return {}
    data = msg.get("data") if isinstance(msg, dict) else None
    return data if isinstance(data, dict) else {}


def _on_error(r: Round | None, text: str, stats: Stats) -> None:
    try:
        msg = json.loads(text)
    except ValueError:
        stats.errors["bad_json_from_server"] += 1
        return
    if not isinstance(msg, dict) or msg.get("type") != "error":
        return  # "error" was only inside some other message's text
    data = msg.get("data") or {}
    if r is not None and not r.done.done() and data.get("ref") == r.ref:
        r.error = str(data.get("code") or "error")
        r.done.set_result(None)
    else:
        stats.errors[f"server_error:{data.get('code')}"] += 1


async def _open(
    target: Target,
    br: BoardRun,
    idx: int,
    stats: Stats,
    live: Live,
    sem: asyncio.Semaphore,
    opts: Options,
) -> None:
    token = br.board.tokens[idx]
    headers = {"Authorization": f"Bearer {token}"} if token else None
    async with sem:
        try:
            ws = await connect(
                target.ws_url(br.board.id, idx) + ("/html" if opts.stream == "html" else ""),
                additional_headers=headers,
                proxy=None,  # loopback only, whatever the environment says
                compression=opts.compression,
                ping_interval=None,
                open_timeout=30,
                close_timeout=2,
                max_size=None,
            )
        except InvalidStatus as exc:
            stats.errors[f"connect:HTTP {exc.response.status_code}"] += 1
            return
        except (OSError, TimeoutError) as exc:
            stats.errors[f"connect:{type(exc).__name__}"] += 1
            return
        br.conns[idx] = ws
        try:
            raw_first = await asyncio.wait_for(ws.recv(), 15)
            if opts.stream != "html":  # the HTML stream starts with the page's live parts
                first = json.loads(raw_first)
                if first.get("type") != "hello":
                    stats.errors[f"first_message_not_hello:{first.get('type')}"] += 1
        except (TimeoutError, ValueError) as exc:
            stats.errors[f"hello:{type(exc).__name__}"] += 1
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else "none"
            stats.errors[f"closed_before_hello:{code}"] += 1
            br.conns[idx] = None
            return
    live.tasks.append(asyncio.create_task(_reader(br, idx, ws, stats, live, opts.stream == "html")))


async def _settle(stats: Stats, quiet: float = 0.5, limit: float = 15.0) -> None:
    """Wait until presence events from the connects have stopped arriving."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if time.perf_counter() - stats.last_msg >= quiet:
            return
        await asyncio.sleep(0.1)


async def _open_boards(target: Target, boards: list[Board], stats: Stats, live: Live, opts: Options) -> None:
    sem = asyncio.Semaphore(opts.connect_concurrency)
    jobs = []
    for b, board in enumerate(boards):
        br = BoardRun(board=board, tag=f"b{b + 1}-{uuid.uuid4().hex[:6]}", conns=[None] * len(board.tokens))
        live.boards.append(br)
        jobs += [_open(target, br, i, stats, live, sem, opts) for i in range(len(board.tokens))]
    await asyncio.gather(*jobs)
    await _settle(stats)


async def _make_boards(target: Target, count: int, clients: int, label: str) -> list[Board]:
    sem = asyncio.Semaphore(8)

    async def one(b: int) -> Board:
        async with sem:
            return await target.make_board(clients, f"{label} {b + 1}")

    return list(await asyncio.gather(*(one(b) for b in range(count))))


async def _run_board(
    br: BoardRun,
    rounds: int,
    deadline: float,
    stats: Stats,
    opts: Options,
    *,
    period: float = 0.0,
    offset: float = 0.0,
    first: int = 0,
) -> None:
    """``period`` > 0: open loop, one note every ``period`` seconds from ``offset`` on (sent
    late, not skipped, when the previous round is still running); else closed loop, the next
    round as soon as the last one arrived everywhere (plus ``opts.pace``)."""
    loop = asyncio.get_running_loop()
    start = time.perf_counter() + offset
    allowed = br.board.senders
    senders = [i for i, ws in enumerate(br.conns) if ws is not None and (allowed is None or i in allowed)]
    need = sum(1 for ws in br.conns if ws is not None)
    if not senders:
        stats.errors["no_client_may_send"] += 1
        return
    for k in range(first, first + rounds):
        if period > 0:
            wait = start + (k - first) * period - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
        now = time.perf_counter()
        if now >= deadline:
            stats.cut_short = True
            return
        idx = senders[k % len(senders)]
        ws = br.conns[idx]
        assert ws is not None
        marker = f"(bench round {k + 1}, {br.tag})"
        r = Round(
            text=f"P checks M's phone every night {marker}",
            marker=marker,
            ref=f"{br.tag}-{k + 1}",
            client_id=str(uuid.uuid4()),
            need=need,
            done=loop.create_future(),
        )
        payload = {
            "op": "note.create",
            "ref": r.ref,
            "section": "pattern",
            "text": r.text,
            "client_id": r.client_id,
        }
        br.current = r
        r.t0 = time.perf_counter()
        if stats.first_send is None:
            stats.first_send = r.t0
        if opts.stream == "html":
            post = asyncio.ensure_future(_post_note(br, idx, payload, r, stats))
        else:
            try:
                await ws.send(json.dumps(payload))
            except ConnectionClosed:
                stats.errors["send:socket_closed"] += 1
                br.current = None
                return
        cut_by_deadline = deadline - r.t0 < opts.round_timeout
        limit = min(opts.round_timeout, deadline - r.t0)
        await asyncio.wait({r.done}, timeout=max(limit, 0.0))
        if opts.stream == "html":
            await post  # its response time is the round's "ack"
        br.current = None
        if not r.done.done():
            if cut_by_deadline:
                stats.cut_short = True
                return
            stats.errors[f"round_timeout({len(r.got)}/{r.need} got it)"] += 1
        elif r.error is not None:
            stats.errors[f"server_error:{r.error}"] += 1
        elif r.t_done is not None:
            stats.latencies_ms.append((r.t_done - r.t0) * 1000)
            if r.t_ack is not None:
                stats.ack_ms.append((r.t_ack - r.t0) * 1000)
            stats.last_done = r.t_done
        if opts.pace > 0 and period <= 0:
            await asyncio.sleep(opts.pace)


async def _post_note(br: BoardRun, idx: int, payload: dict[str, Any], r: Round, stats: Stats) -> None:
    """The browser path: the page POSTs the note; the board's sockets get the fragment."""
    poster = br.board.extra.get("post_note")
    if poster is None:
        stats.errors["html_stream_needs_casemap"] += 1
        return
    body = {k: v for k, v in payload.items() if k not in ("op", "ref")}
    try:
        status = await poster(br.board.id, br.board.tokens[idx], body)
    except Exception as exc:  # report, do not crash the scenario
        stats.errors[f"post:{type(exc).__name__}"] += 1
        return
    if status in (200, 201):
        r.t_ack = time.perf_counter()
    else:
        stats.errors[f"post:HTTP {status}"] += 1
        if not r.done.done():
            r.error = f"HTTP {status}"
            r.done.set_result(None)


async def _ping_probe(live: Live, samples: list[float], interval: float = 0.05) -> None:
    """Event-loop responsiveness: WebSocket pings on one idle-looking socket while the rounds
    run. The server answers a ping from its event loop, so the round trip grows with anything
    that holds the loop (blocking database work would show here as pauses of its duration)."""
    ws = next((c for br in live.boards for c in br.conns if c is not None), None)
    if ws is None:
        return
    while True:
        t0 = time.perf_counter()
        try:
            pong = await ws.ping()
            await asyncio.wait_for(pong, timeout=10)
        except (ConnectionClosed, TimeoutError):
            return
        samples.append((time.perf_counter() - t0) * 1000)
        await asyncio.sleep(interval)


async def _with_probe(live: Live, work: Any, stats: Stats, limit: float) -> list[float]:
    """Run ``work`` (an awaitable) with the ping probe beside it; the probe's round trips (ms).
    ``limit``: a hard bound in seconds on the whole (a send that never completes would
    otherwise hang the run); past it the scenario counts as cut short."""
    samples: list[float] = []
    probe = asyncio.ensure_future(_ping_probe(live, samples))
    try:
        try:
            async with asyncio.timeout(limit):
                await work
        except TimeoutError:
            stats.cut_short = True
            stats.errors["scenario_hung"] += 1
    finally:
        probe.cancel()
        await asyncio.gather(probe, return_exceptions=True)
    return samples


async def run_scenario(
    target: Target,
    server_pids: list[int],
    name: str,
    boards: int,
    clients: int,
    rounds_per_board: int,
    opts: Options,
    *,
    measure_rss: bool = False,
    profiler: Any = None,
    paced_rounds: int = 0,
    period: float = 1.0,
) -> dict[str, Any]:
    """One scenario. ``measure_rss``: server RSS (all processes) before the sockets open and
    once they are all open and idle, so the scenario also gives memory per idle connection.
    ``profiler``: an object with ``start(label)``/``stop()``, run around the rounds only.
    ``paced_rounds``: then, on the same sockets, that many open-loop rounds per board at one
    note every ``period`` seconds per board (boards offset at random): latency at a steady
    load instead of at saturation; reported under ``result["paced"]``."""
    stats = Stats()
    live = Live()
    result: dict[str, Any] = {
        "scenario": name,
        "target": target.name,
        "boards": boards,
        "clients_per_board": clients,
        "rounds_planned": boards * rounds_per_board,
        "complete": False,
        "incomplete_reason": None,
        "compression": opts.compression,
        "processes": len(server_pids),
    }
    t_setup = time.perf_counter()
    try:
        try:
            async with asyncio.timeout(opts.setup_timeout):
                made = await _make_boards(target, boards, clients, name)
                result["setup_s"] = round(time.perf_counter() - t_setup, 3)
                if measure_rss:
                    await wait_idle(server_pids)
                    result["rss_before_kib"] = total_rss_kib(server_pids)
                t_conn = time.perf_counter()
                await _open_boards(target, made, stats, live, opts)
                result["connect_s"] = round(time.perf_counter() - t_conn, 3)
        except TimeoutError:
            result["incomplete_reason"] = f"setup did not finish within {opts.setup_timeout:.0f} s"
        except SetupError as exc:
            result["incomplete_reason"] = f"setup failed: {exc}"
        result["connected"] = live.connected()
        result["connections_planned"] = boards * clients
        if result["incomplete_reason"] is None:
            await wait_idle(server_pids)  # connects (presence writes) finished before timing
            if measure_rss and result["connected"]:
                result["rss_after_kib"] = total_rss_kib(server_pids)
                delta = result["rss_after_kib"] - result["rss_before_kib"]
                result["kib_per_connection"] = round(delta / result["connected"], 1)
            errors_before_rounds = sum(stats.errors.values())
            if profiler is not None:
                profiler.start(f"{target.name}-{name}")
            cpu0, scpu0, host0 = loadgen_cpu(), _server_cpu(server_pids), host_busy_seconds()
            t0 = time.perf_counter()
            deadline = t0 + opts.scenario_timeout
            pings = await _with_probe(
                live,
                asyncio.gather(
                    *(
                        _run_board(br, rounds_per_board, deadline, stats, opts)
                        for br in live.boards
                        if any(ws is not None for ws in br.conns)
                    )
                ),
                stats,
                opts.scenario_timeout + opts.round_timeout + 30,
            )
            result["ping_ms"] = summarise(pings)
            wall = time.perf_counter() - t0
            scpu1 = _server_cpu(server_pids)
            if profiler is not None:
                result["profile"] = profiler.stop()
            result["rounds_s"] = round(wall, 3)
            gen = loadgen_cpu() - cpu0
            result["loadgen_cpu_pct"] = round(100 * gen / wall, 1)
            if scpu0 is not None and scpu1 is not None:
                other = host_busy_seconds() - host0 - gen - (scpu1 - scpu0)
                result["other_cpu_pct"] = round(max(0.0, 100 * other / wall), 1)
            if scpu0 is not None and scpu1 is not None:
                result["server_cpu_pct"] = round(100 * (scpu1 - scpu0) / wall, 1)
            else:
                stats.errors["server_process_gone"] += 1
            result["errors_during_setup"] = errors_before_rounds
            if stats.cut_short:
                result["incomplete_reason"] = f"stopped at the {opts.scenario_timeout:.0f} s scenario limit"
            else:
                result["complete"] = True
            if paced_rounds > 0 and result["complete"]:
                result["paced"] = await _paced(
                    target, server_pids, name, live, rounds_per_board, paced_rounds, period, opts, profiler
                )
    finally:
        if profiler is not None and profiler.running:
            profiler.stop()
        await live.close()
    result["rounds_ok"] = len(stats.latencies_ms)
    result["latency_ms"] = summarise(stats.latencies_ms)
    if boards == 1 and len(stats.latencies_ms) >= 20:
        # One board: rounds in order, so the board's growth (notes on it) shows here.
        tenth = len(stats.latencies_ms) // 10
        first, last = summarise(stats.latencies_ms[:tenth]), summarise(stats.latencies_ms[-tenth:])
        result["p50_first_tenth_ms"] = first["p50"] if first else None
        result["p50_last_tenth_ms"] = last["p50"] if last else None
    result["ack_ms"] = summarise(stats.ack_ms)
    span = None
    if stats.first_send is not None and stats.last_done is not None:
        span = stats.last_done - stats.first_send
    notes_per_s = len(stats.latencies_ms) / span if span else 0.0
    result["notes_per_s"] = round(notes_per_s, 1)
    result["deliveries_per_s"] = round(notes_per_s * clients, 1)
    result["messages_received"] = stats.messages
    result["errors"] = sum(stats.errors.values())
    result["error_kinds"] = dict(stats.errors)
    return result


async def _paced(
    target: Target,
    server_pids: list[int],
    name: str,
    live: Live,
    done_rounds: int,
    rounds: int,
    period: float,
    opts: Options,
    profiler: Any = None,
) -> dict[str, Any]:
    stats = Stats()
    rnd = random.Random(7)
    await wait_idle(server_pids)
    if profiler is not None:
        profiler.start(f"{target.name}-{name}-paced")
    cpu0, scpu0, host0 = loadgen_cpu(), _server_cpu(server_pids), host_busy_seconds()
    t0 = time.perf_counter()
    deadline = t0 + opts.scenario_timeout
    pings = await _with_probe(
        live,
        asyncio.gather(
            *(
                _run_board(
                    br, rounds, deadline, stats, opts, period=period, offset=rnd.uniform(0, period), first=done_rounds
                )
                for br in live.boards
                if any(ws is not None for ws in br.conns)
            )
        ),
        stats,
        opts.scenario_timeout + opts.round_timeout + 30,
    )
    wall = time.perf_counter() - t0
    scpu1 = _server_cpu(server_pids)
    profile = profiler.stop() if profiler is not None else None
    gen = loadgen_cpu() - cpu0
    other = None
    if scpu0 is not None and scpu1 is not None:
        other = round(max(0.0, 100 * (host_busy_seconds() - host0 - gen - (scpu1 - scpu0)) / wall), 1)
    boards = sum(1 for br in live.boards if any(ws is not None for ws in br.conns))
    return {
        "scenario": f"{name}@{period:g}s",
        "target": target.name,
        "boards": len(live.boards),
        "clients_per_board": len(live.boards[0].conns) if live.boards else 0,
        "rounds_planned": boards * rounds,
        "rounds_ok": len(stats.latencies_ms),
        "period_s": period,
        "offered_notes_per_s": round(boards / period, 1),
        "complete": not stats.cut_short,
        "incomplete_reason": "stopped at the scenario limit" if stats.cut_short else None,
        "compression": opts.compression,
        "processes": len(server_pids),
        "rounds_s": round(wall, 3),
        "loadgen_cpu_pct": round(100 * gen / wall, 1),
        "other_cpu_pct": other,
        "server_cpu_pct": round(100 * (scpu1 - scpu0) / wall, 1) if scpu0 is not None and scpu1 is not None else None,
        "latency_ms": summarise(stats.latencies_ms),
        "ack_ms": summarise(stats.ack_ms),
        "ping_ms": summarise(pings),
        "notes_per_s": round(len(stats.latencies_ms) / wall, 1),
        "deliveries_per_s": None,
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        **({"profile": profile} if profile else {}),
    }


async def warm_up(target: Target, opts: Options) -> dict[str, int]:
    """Two sockets and one note on a throw-away board: the first socket and the first note
    pull in lazily imported code and fill caches, which is not per-connection memory."""
    stats = Stats()
    live = Live()
    try:
        async with asyncio.timeout(opts.setup_timeout):
            board = await target.make_board(2, "warm-up")
            await _open_boards(target, [board], stats, live, opts)
            deadline = time.perf_counter() + opts.round_timeout * 2
            for br in live.boards:
                await _run_board(br, 2, deadline, stats, opts)
    except (TimeoutError, SetupError, OSError) as exc:
        stats.errors[f"warm_up:{type(exc).__name__}"] += 1
    finally:
        await live.close()
    return dict(stats.errors)
