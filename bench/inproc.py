"""Median time of one in-process call to ``app.practice.wording.analyse``.

Run as ``python -m bench.inproc``; prints one JSON line. Says so, rather than failing, when
the module is not there yet.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.texts import NOTES


def _caller(analyse: Callable[..., Any]) -> tuple[Callable[[str, str], Any], str]:
    params = inspect.signature(analyse).parameters
    if "section" in params:
        return (lambda text, section: analyse(text, section=section)), "analyse(text, section=...)"
    return (lambda text, section: analyse(text)), "analyse(text)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--budget", type=float, default=10.0, help="stop after this many s")
    args = parser.parse_args()
    try:
        module = importlib.import_module("app.practice.wording")
        analyse = module.analyse
    except (ImportError, AttributeError) as exc:
        print(json.dumps({"available": False, "message": f"skipped: {exc}"}))
        return
    call, form = _caller(analyse)
    for section, text in NOTES:  # warm caches and compiled patterns
        call(text, section)
    times: list[float] = []
    flagged = 0
    deadline = time.perf_counter() + args.budget
    for i in range(args.calls):
        section, text = NOTES[i % len(NOTES)]
        t0 = time.perf_counter()
        flags = call(text, section)
        times.append((time.perf_counter() - t0) * 1e6)
        flagged += bool(flags)
        if time.perf_counter() > deadline:
            break
    times.sort()
    print(
        json.dumps(
            {
                "available": True,
                "called_as": form,
                "calls": len(times),
                "median_us": round(statistics.median(times), 2),
                "p95_us": round(times[int(0.95 * (len(times) - 1))], 2),
                "flagged_share": round(flagged / len(times), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
