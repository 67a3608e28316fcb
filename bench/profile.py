"""Sampling profiles of the Casemap server(s) while a scenario's rounds run (py-spy).

``python -m bench --py-spy /tmp/prof/bin/py-spy`` starts one ``py-spy record`` per server
process around the rounds of each scenario (setup and socket opening are not sampled) and
writes collapsed stacks (``-f raw``) to ``--profile-dir``. ``python -m bench.profile FILE...``
prints the summary (also put in the JSON): where the samples fall, by thread kind, by
category (database commit, gap checks, language analysis, JSON, templates, websocket send...),
and the top frames.

py-spy is not a dependency of Casemap: install it in a separate venv, e.g.
``python3 -m venv /tmp/prof && /tmp/prof/bin/pip install py-spy`` (attaching needs root or
ptrace permission).
"""

from __future__ import annotations

import argparse
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

# Leaf frames that mean "this thread is waiting, not working". Without --native the event
# loop's epoll wait shows as Runner.run at the top of the main thread's stack.
IDLE_LEAVES = re.compile(
    r"^(Runner\.run \(asyncio/runners|Condition\.wait \(threading|_worker \(concurrent/futures/thread|"
    r"Event\.wait \(threading|Thread\._wait_for_tstate_lock|Queue\.get \(queue|.*\(selectors\.py)"
)

# (category, pattern, how many frames from the leaf to search; 0 = the whole stack).
# Ordered: the first category with a match takes the sample. Frames look like
# "Qualified.name (package/module.py:line)".
CATEGORIES: list[tuple[str, re.Pattern[str], int]] = [
    (
        "db: waiting for the write lock (SQLite BEGIN IMMEDIATE busy wait / board row FOR UPDATE)",
        re.compile(r"(_on_begin \(app/db|get_board_for_update \(app/boards).*do_execute \([^;]*$"),
        0,
    ),
    ("db: waiting for a pooled connection (QueuePool)", re.compile(r"QueuePool\._do_get .*Condition\.wait"), 0),
    ("db: COMMIT call (sqlite3/psycopg commit, incl. fsync)", re.compile(r"\bdo_commit \("), 0),
    ("gap checks (app/practice/gaps*, pure Python)", re.compile(r"\(app/practice/gaps|(^|;)gaps_for \(app/boards"), 0),
    (
        "wording analysis (app/practice/wording, lexicon, text)",
        re.compile(r"\(app/practice/(?:wording|language|lexicon|text)|(^|;)flags_for \(app/boards"),
        0,
    ),
    ("template rendering (jinja2)", re.compile(r"\(jinja2/|\(app/web/templating"), 0),
    ("rate limits (limits library + its expiry task)", re.compile(r"\(limits/|\(app/web/ratelimit"), 0),
    ("redis client (publish/subscribe/limits)", re.compile(r"\(redis/"), 0),
    ("db: connection pool checkout/return", re.compile(r"\(sqlalchemy/pool/"), 0),
    (
        "db: SQL execute + ORM (queries, flush, loading rows)",
        re.compile(r"\((sqlalchemy|sqlmodel|psycopg)/|sqlite3"),
        0,
    ),
    ("pydantic validation/serialisation", re.compile(r"\(pydantic|pydantic_core"), 0),
    ("JSON encode/decode (json module)", re.compile(r"\(json/"), 0),
    (
        "websocket frames: send/recv/compress (websockets, uvicorn ws)",
        re.compile(r"\((websockets/|uvicorn/protocols/websockets|starlette/websockets)"),
        6,
    ),
    ("app code (other)", re.compile(r"\(app/"), 3),
    (
        "thread-pool hop (anyio/asyncio to_thread, futures)",
        re.compile(r"\((anyio/|concurrent/futures|threading\.py|asyncio/threads)"),
        3,
    ),
    (
        "HTTP/ASGI layers (uvicorn, starlette, fastapi, h11, httptools)",
        re.compile(r"\((uvicorn/|starlette/|fastapi/|h11/|httptools)"),
        4,
    ),
    ("asyncio machinery (tasks, queues, locks)", re.compile(r"\(asyncio/"), 3),
]


def _frames(stack: str) -> list[str]:
    return [f for f in stack.split(";") if f]


def _code(frames: list[str]) -> list[str]:
    """Drop py-spy's 'process ...' and 'thread (...): name' pseudo-frames."""
    return [f for f in frames if not f.startswith(("process ", "thread "))]


def _thread_kind(frames: list[str]) -> str:
    head = ";".join(frames[:2])
    if "MainThread" in head:
        return "event loop (main thread)"
    if "AnyIO worker" in head or "WorkerThread.run (anyio" in ";".join(frames[:5]):
        return "anyio worker threads (database work)"
    if "concurrent/futures/thread.py" in ";".join(frames):
        return "default executor threads (asyncio.to_thread)"
    return "other threads"


def _is_idle(frames: list[str]) -> bool:
    code = _code(frames)
    return not code or bool(IDLE_LEAVES.match(code[-1]))


def _category(frames: list[str]) -> str:
    code = _code(frames)
    for name, pattern, depth in CATEGORIES:
        scope = code[-depth:] if depth else code
        if pattern.search(";".join(scope)):
            return name
    return "other"


def parse(path: Path) -> list[tuple[list[str], int]]:
    out = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            out.append((_frames(stack), int(count)))
    return out


def summarise(paths: list[Path], top: int = 15) -> dict[str, Any]:
    by_thread: Counter[str] = Counter()
    busy_by_thread: Counter[str] = Counter()
    cats: Counter[str] = Counter()
    cats_loop: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = busy = 0
    other_leaves: Counter[str] = Counter()
    for path in paths:
        for frames, n in parse(path):
            kind = _thread_kind(frames)
            total += n
            by_thread[kind] += n
            if _is_idle(frames):
                continue
            busy += n
            busy_by_thread[kind] += n
            cat = _category(frames)
            cats[cat] += n
            if kind.startswith("event loop"):
                cats_loop[cat] += n
            code = _code(frames)
            leaves[_short(code[-1])] += n
            if cat == "other":
                other_leaves[_short(code[-1])] += n
            for f in set(map(_short, code)):
                if "app/" in f:
                    inclusive[f] += n

    def pct(c: Counter[str], base: int) -> list[tuple[str, float, int]]:
        return [(k, round(100 * v / base, 1) if base else 0.0, v) for k, v in c.most_common()]

    return {
        "files": [str(p) for p in paths],
        "samples": total,
        "busy_samples": busy,
        "threads": {k: {"samples": v, "busy": busy_by_thread[k]} for k, v in by_thread.items()},
        "categories_pct_of_busy": pct(cats, busy),
        "event_loop_categories_pct_of_loop_busy": pct(cats_loop, busy_by_thread["event loop (main thread)"]),
        "uncategorised_leaves": pct(other_leaves, busy)[:top],
        "top_leaf_frames_pct_of_busy": pct(leaves, busy)[:top],
        "top_app_functions_inclusive_pct_of_busy": pct(inclusive, busy)[:top],
    }


def _short(frame: str) -> str:
    """'commit (sqlalchemy/orm/session.py:1969)' -> 'commit (sqlalchemy/orm/session.py)'."""
    return re.sub(r":\d+\)$", ")", frame)


def render(summary: dict[str, Any], title: str, top: int = 10) -> str:
    lines = [f"{title}: {summary['samples']} samples, {summary['busy_samples']} busy (not waiting)"]
    threads = ", ".join(f"{k} {v['busy']}/{v['samples']}" for k, v in summary["threads"].items())
    lines.append(f"  busy/total by thread: {threads}")
    lines.append("  by category (% of busy samples, all threads):")
    lines += [f"    {p:5.1f}%  {k}" for k, p, _ in summary["categories_pct_of_busy"][:top]]
    if summary["event_loop_categories_pct_of_loop_busy"]:
        lines.append("  event-loop thread only (% of its busy samples):")
        lines += [f"    {p:5.1f}%  {k}" for k, p, _ in summary["event_loop_categories_pct_of_loop_busy"][:top]]
    lines.append("  top leaf frames (% of busy):")
    lines += [f"    {p:5.1f}%  {k}" for k, p, _ in summary["top_leaf_frames_pct_of_busy"][:top]]
    lines.append("  app functions, inclusive (% of busy):")
    lines += [f"    {p:5.1f}%  {k}" for k, p, _ in summary["top_app_functions_inclusive_pct_of_busy"][:top]]
    return "\n".join(lines)


class PySpy:
    """One ``py-spy record`` per server process, started and stopped around the rounds."""

    def __init__(self, exe: str, pids: list[int], outdir: Path, rate: int = 100, mode: str = "wall") -> None:
        self.exe, self.pids, self.outdir, self.rate, self.mode = exe, pids, outdir, rate, mode
        self.procs: list[subprocess.Popen[bytes]] = []
        self.files: list[Path] = []
        self.running = False
        self.command = ""

    def start(self, label: str) -> None:
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.procs, self.files = [], []
        for pid in self.pids:
            out = self.outdir / f"{label.replace(' ', '_').replace('=', '')}-{self.mode}-{pid}.txt"
            argv = [self.exe, "record", "-p", str(pid), "-o", str(out), "-f", "raw"]
            # wall: --idle keeps waiting threads (a thread blocked in fsync or on a lock must
            # count); the summary tells waiting from working by the leaf frame.
            # gil: only the thread holding the GIL, i.e. where the Python CPU time goes.
            # --nonblocking: do not pause the server for each sample.
            argv += ["-r", str(self.rate), "--threads", "--nonblocking"]
            argv += ["--idle"] if self.mode == "wall" else ["--gil"]
            self.command = " ".join(argv)
            self.procs.append(
                subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            )
            self.files.append(out)
        time.sleep(1.0)  # let py-spy attach before the rounds start
        self.running = True

    def stop(self) -> dict[str, Any]:
        self.running = False
        errors = []
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        for proc in self.procs:
            try:
                _, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
            if proc.returncode not in (0, -signal.SIGINT, 130) and err:
                errors.append(err.decode(errors="replace")[-300:])
        present = [f for f in self.files if f.exists() and f.stat().st_size > 0]
        out: dict[str, Any] = {"command": self.command, "mode": self.mode, "files": [str(f) for f in present]}
        if present:
            out["summary"] = summarise(present)
        if errors:
            out["errors"] = errors
        return out


def main() -> None:
    p = argparse.ArgumentParser(description="Summarise py-spy raw (collapsed) profiles.")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--top", type=int, default=12)
    args = p.parse_args()
    print(render(summarise(args.files, top=args.top), ", ".join(f.name for f in args.files), top=args.top))


if __name__ == "__main__":
    main()
