"""One write unit, timed alone: what `create_note` costs per note in the database, without
sockets, HTTP or fan-out.

    python -m bench.write_unit --notes 600                  # SQLite and PostgreSQL
    python -m bench.write_unit --notes 600 --targets sqlite
    python -m bench.write_unit --app-dir /tmp/i15/base      # another checkout's app (before/after)

For each database: a fresh one (a temp SQLite file, or a new PostgreSQL database dropped at the
end), migrated to head; one board with a family panel and one participant; then ``--notes``
plain notes (the texts of bench/texts.py, the ordinary case: no ``about``, no retry) created one
after another exactly as the WebSocket command does: ``run_write(db, unit)`` where the unit
opens a session and calls ``create_note``. On SQLite that goes through the writer thread and its
COMMIT, so each time is submit -> committed result. ``--warmup`` notes first are not counted.

Reported per database: median, p95 and max of the unit (ms), notes/s one after another, the
CPU time of this process per note (every thread: the writer, the event loop; on a shared host
the steadier figure, since waiting for a core or the disk is not in it), the statements sent
per note (SQLite: every statement the sqlite3 connection ran, BEGIN and COMMIT
included; PostgreSQL: every cursor execute plus the COMMIT) and the part of the unit spent in
the wording checks (``checks.flags_for``), which no SQL change touches.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.procs import PG_ADMIN_URL, PgDatabase, StartError
from bench.texts import NOTES


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _count_statements(db: Any) -> list[int]:
    """A counter of the statements the database is sent (see the module's docstring)."""
    from sqlalchemy import event

    count = [0]
    if db.is_sqlite:

        @event.listens_for(db.engine, "connect")
        def _trace(dbapi_connection: Any, _record: Any) -> None:
            def bump(_sql: str) -> None:
                count[0] += 1

            dbapi_connection.set_trace_callback(bump)

        db.engine.dispose()  # connections opened before the listener are not traced
    else:

        @event.listens_for(db.engine, "before_cursor_execute")
        def _bump(*_args: Any) -> None:
            count[0] += 1

        @event.listens_for(db.engine, "commit")
        def _commit(*_args: Any) -> None:
            count[0] += 1

    return count


async def measure(url: str, notes: int, warmup: int) -> dict[str, Any]:
    from app.boards import checks, service
    from app.boards import notes as note_service
    from app.boards.visibility import Actor
    from app.config import Settings
    from app.db import Database, run_write
    from app.migrate import upgrade_to_head
    from app.schemas import BoardCreate, JoinRequest, NoteCreate

    upgrade_to_head(url)
    settings = Settings(database_url=url, max_notes_per_board=notes + warmup + 10)
    db = Database(url)
    try:
        family = [
            {"name": "Dean Walsh", "role": "perpetrator"},
            {"name": "Kayleigh", "role": "survivor"},
            {"name": "Jay", "role": "child", "age": 6},
        ]
        with db.session() as s:
            board, _, _ = service.create_board(s, BoardCreate.model_validate({"title": "Bench", "family": family}))
            bid, code = board.id, board.join_code
        with db.session() as s:
            p, _, _ = service.join(s, bid, JoinRequest(join_code=code, name="Sam", agency="Police"), settings)
            actor = Actor(p.id, bid, p.role, p.status, p.name, p.agency, p.identity)

        analysis = [0.0]
        flags_for = checks.flags_for

        def timed_flags(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return flags_for(*args, **kwargs)
            finally:
                analysis[0] += time.perf_counter() - t0

        checks.flags_for = timed_flags  # type: ignore[assignment]
        statements = _count_statements(db)
        times: list[float] = []
        counted_statements = counted_analysis = cpu = 0.0
        try:
            for i in range(warmup + notes):
                section, text = NOTES[i % len(NOTES)]
                data = NoteCreate(section=section, text=f"{text} ({i})")

                def unit(data: NoteCreate = data) -> Any:
                    with db.session() as s:
                        return note_service.create_note(s, actor, data, settings)

                before_statements, before_analysis = statements[0], analysis[0]
                c0, t0 = time.process_time(), time.perf_counter()
                _, events, created = await run_write(db, unit)
                elapsed, used = time.perf_counter() - t0, time.process_time() - c0
                assert created and len(events) == 1, "the bench expects the ordinary new-note case"
                if i >= warmup:
                    times.append(elapsed)
                    counted_statements += statements[0] - before_statements
                    counted_analysis += analysis[0] - before_analysis
                    cpu += used
        finally:
            checks.flags_for = flags_for  # type: ignore[assignment]
        total = sum(times)
        return {
            "notes": notes,
            "median_ms": round(statistics.median(times) * 1000, 3),
            "p95_ms": round(_p95(times) * 1000, 3),
            "max_ms": round(max(times) * 1000, 3),
            "notes_per_s": round(notes / total, 1),
            "cpu_ms_per_note": round(cpu / notes * 1000, 3),
            "statements_per_note": round(counted_statements / notes, 2),
            "wording_ms_per_note": round(counted_analysis / notes * 1000, 3),
            "rest_ms_per_note": round((total - counted_analysis) / notes * 1000, 3),
        }
    finally:
        db.dispose()


def _line(name: str, r: dict[str, Any]) -> str:
    return (
        f"{name:<11} median {r['median_ms']:6.3f} ms  p95 {r['p95_ms']:6.3f} ms  max {r['max_ms']:7.3f} ms  "
        f"{r['notes_per_s']:7.1f} notes/s  CPU {r['cpu_ms_per_note']:.3f} ms/note  "
        f"{r['statements_per_note']:5.2f} statements/note  "
        f"wording {r['wording_ms_per_note']:.3f} ms + the rest {r['rest_ms_per_note']:.3f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.write_unit", description=__doc__.split("\n\n")[0])
    p.add_argument("--notes", type=int, default=600)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--targets", default="sqlite,pg", help="comma list: sqlite, pg")
    p.add_argument("--pg-url", default=PG_ADMIN_URL, help="PostgreSQL to create the run's database in")
    p.add_argument("--app-dir", type=Path, default=None, help="directory holding the app package to measure")
    p.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = p.parse_args(argv)
    if args.app_dir is not None:
        sys.path.insert(0, str(args.app_dir.resolve()))
    results: dict[str, Any] = {}
    for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
        if target == "sqlite":
            with tempfile.TemporaryDirectory(prefix="casemap-unit-") as tmp:
                url = f"sqlite:///{Path(tmp) / 'casemap.db'}"
                results["sqlite"] = asyncio.run(measure(url, args.notes, args.warmup))
        elif target == "pg":
            pg = PgDatabase(args.pg_url)
            try:
                url = pg.create()
            except StartError as exc:
                print(f"pg: not measured ({exc})", file=sys.stderr)
                continue
            try:
                results["postgresql"] = asyncio.run(measure(url, args.notes, args.warmup))
            finally:
                pg.drop()
        else:
            p.error(f"unknown target {target!r}")
        name = "postgresql" if target == "pg" else target
        print(_line(name, results[name]), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
