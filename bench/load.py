"""Load generator: B boards x N clients over real sockets, in one asyncio process.

Each round one client of a board (round-robin) sends ``note.create``; the round's latency is
the time from that send until the *last* client of the board has the matching
``note.created``. Rounds are sequential per board, boards run concurrently.
"""

from __future__ import annotations

import asyncio
import json
import math
import resource
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from bench.procs import cpu_seconds, rss_kib, wait_idle
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


def _server_cpu(pid: int) -> float | None:
    try:
        return cpu_seconds(pid)
    except OSError:
        return None


def _matches(r: Round, data: dict[str, Any]) -> bool:
    if data.get("text") == r.text:
        return True
    if r.note_id is not None and data.get("id") == r.note_id:
        return True
    return data.get("client_id") == r.client_id


async def _reader(br: BoardRun, idx: int, ws: ClientConnection, stats: Stats, live: Live) -> None:
    try:
        async for raw in ws:
            now = time.perf_counter()
            stats.messages += 1
            stats.last_msg = now
            r = br.current
            text = raw if isinstance(raw, str) else raw.decode()
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
                target.ws_url(br.board.id),
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
            first = json.loads(await asyncio.wait_for(ws.recv(), 15))
            if first.get("type") != "hello":
                stats.errors[f"first_message_not_hello:{first.get('type')}"] += 1
        except (TimeoutError, ValueError) as exc:
            stats.errors[f"hello:{type(exc).__name__}"] += 1
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else "none"
            stats.errors[f"closed_before_hello:{code}"] += 1
            br.conns[idx] = None
            return
    live.tasks.append(asyncio.create_task(_reader(br, idx, ws, stats, live)))


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


async def _run_board(br: BoardRun, rounds: int, deadline: float, stats: Stats, opts: Options) -> None:
    loop = asyncio.get_running_loop()
    allowed = br.board.senders
    senders = [i for i, ws in enumerate(br.conns) if ws is not None and (allowed is None or i in allowed)]
    need = sum(1 for ws in br.conns if ws is not None)
    if not senders:
        stats.errors["no_client_may_send"] += 1
        return
    for k in range(rounds):
        now = time.perf_counter()
        if now >= deadline:
            stats.cut_short = True
            return
        idx = senders[k % len(senders)]
        ws = br.conns[idx]
        assert ws is not None
        r = Round(
            text=f"P checks M's phone every night (bench round {k + 1}, {br.tag})",
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
        try:
            await ws.send(json.dumps(payload))
        except ConnectionClosed:
            stats.errors["send:socket_closed"] += 1
            br.current = None
            return
        cut_by_deadline = deadline - r.t0 < opts.round_timeout
        limit = min(opts.round_timeout, deadline - r.t0)
        await asyncio.wait({r.done}, timeout=max(limit, 0.0))
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
        if opts.pace > 0:
            await asyncio.sleep(opts.pace)


async def run_scenario(
    target: Target,
    server_pid: int,
    name: str,
    boards: int,
    clients: int,
    rounds_per_board: int,
    opts: Options,
) -> dict[str, Any]:
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
    }
    t_setup = time.perf_counter()
    try:
        try:
            async with asyncio.timeout(opts.setup_timeout):
                made = await _make_boards(target, boards, clients, name)
                result["setup_s"] = round(time.perf_counter() - t_setup, 3)
                t_conn = time.perf_counter()
                await _open_boards(target, made, stats, live, opts)
                result["connect_s"] = round(time.perf_counter() - t_conn, 3)
        except TimeoutError:
            result["incomplete_reason"] = f"setup did not finish within {opts.setup_timeout:.0f} s"
        except SetupError as exc:
            result["incomplete_reason"] = f"setup failed: {exc}"
        result["connected"] = live.connected()
        if result["incomplete_reason"] is None:
            await wait_idle(server_pid)  # connects (presence writes) finished before timing
            errors_before_rounds = sum(stats.errors.values())
            cpu0, scpu0 = loadgen_cpu(), _server_cpu(server_pid)
            t0 = time.perf_counter()
            deadline = t0 + opts.scenario_timeout
            await asyncio.gather(
                *(
                    _run_board(br, rounds_per_board, deadline, stats, opts)
                    for br in live.boards
                    if any(ws is not None for ws in br.conns)
                )
            )
            wall = time.perf_counter() - t0
            result["rounds_s"] = round(wall, 3)
            result["loadgen_cpu_pct"] = round(100 * (loadgen_cpu() - cpu0) / wall, 1)
            scpu1 = _server_cpu(server_pid)
            if scpu0 is not None and scpu1 is not None:
                result["server_cpu_pct"] = round(100 * (scpu1 - scpu0) / wall, 1)
            else:
                stats.errors["server_process_gone"] += 1
            result["errors_during_setup"] = errors_before_rounds
            if stats.cut_short:
                result["incomplete_reason"] = f"stopped at the {opts.scenario_timeout:.0f} s scenario limit"
            else:
                result["complete"] = True
    finally:
        await live.close()
    result["rounds_ok"] = len(stats.latencies_ms)
    result["latency_ms"] = summarise(stats.latencies_ms)
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


async def idle_memory(target: Target, server_pid: int, conns: int, per_board: int, opts: Options) -> dict[str, Any]:
    """Server RSS before and after opening ``conns`` idle sockets, per socket in KiB."""
    stats = Stats()
    live = Live()
    out: dict[str, Any] = {"target": target.name, "connections_planned": conns}
    nboards = math.ceil(conns / per_board)
    sizes = [per_board] * (nboards - 1) + [conns - per_board * (nboards - 1)]
    try:
        async with asyncio.timeout(opts.setup_timeout):
            # Warm-up: the first socket pulls in lazily imported code; that is not per-socket.
            warm = Live()
            await _open_boards(target, [await target.make_board(2, "warm-up")], Stats(), warm, opts)
            await warm.close()
            made = [await target.make_board(size, f"idle {i + 1}") for i, size in enumerate(sizes)]
            await wait_idle(server_pid)
            out["rss_before_kib"] = rss_kib(server_pid)
            await _open_boards(target, made, stats, live, opts)
            await wait_idle(server_pid)
            out["rss_after_kib"] = rss_kib(server_pid)
            out["connections_open"] = live.connected()
    except (TimeoutError, SetupError, OSError) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        await live.close()
    if "rss_after_kib" in out and out["connections_open"]:
        delta = out["rss_after_kib"] - out["rss_before_kib"]
        out["kib_per_connection"] = round(delta / out["connections_open"], 1)
        await wait_idle(server_pid)
        out["rss_after_close_kib"] = rss_kib(server_pid)
    out["errors"] = sum(stats.errors.values())
    out["error_kinds"] = dict(stats.errors)
    return out
