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


def scenario_table(results: list[dict[str, Any]], scenarios: list[str]) -> str:
    head = (
        f"{'scenario':<14}{'target':<9}{'rounds':>11}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'notes/s':>9}{'errors':>8}{'gen cpu':>9}{'srv cpu':>9}  status"
    )
    lines = [head, "-" * len(head)]
    for name in scenarios:
        rows = {r["target"]: r for r in results if r["scenario"] == name}
        if not rows:
            continue
        for target in ("casemap", "relay"):
            r = rows.get(target)
            if r is None:
                continue
            status = "ok" if r["complete"] else f"INCOMPLETE: {r['incomplete_reason']}"
            lines.append(
                f"{name:<14}{target:<9}{str(r['rounds_ok']) + '/' + str(r['rounds_planned']):>11}"
                f"{_num(_lat(r, 'p50')):>9}{_num(_lat(r, 'p95')):>9}{_num(_lat(r, 'p99')):>9}"
                f"{_num(r['notes_per_s']):>9}{r['errors']:>8}"
                f"{_num(r.get('loadgen_cpu_pct'), '{:.0f}%'):>9}"
                f"{_num(r.get('server_cpu_pct'), '{:.0f}%'):>9}  {status}"
            )
        if "casemap" in rows and "relay" in rows:
            c, rl = rows["casemap"], rows["relay"]
            cells = [ratio(_lat(c, k), _lat(rl, k)) for k in ("p50", "p95", "p99")]
            tput = ratio(c["notes_per_s"] or None, rl["notes_per_s"] or None)
            lines.append(
                f"{name:<14}{'ratio':<9}{'casemap/relay':>11}"
                + "".join(f"{_num(x, '{:.2f}x'):>9}" for x in cells)
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
