"""Evaluate the blaming-language analyser on a labelled JSONL file.

Usage (from the repo root):
    python scripts/eval_language.py [path/to/notes.jsonl] [--repeat N]

Each line: {"id", "section", "agency", "text", "blaming": bool, "category": str|null}.
Prints blaming-or-not precision/recall/F1, category accuracy on true positives,
a per-category table, the confusions, and median/p99 analysis time (µs).
Exit code 0, or 2 if the file is missing or unreadable.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.practice.wording import CATEGORIES, FlagResult, analyse  # noqa: E402

DEFAULT = REPO.parent / "shared/data/notes_dev.jsonl"


def _load(path: Path) -> list[dict[str, object]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: bad JSON ({exc})") from exc
    return rows


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _timing(rows: list[dict[str, object]], repeat: int) -> tuple[float, float]:
    samples: list[float] = []
    for _ in range(repeat):
        for r in rows:
            text, section = str(r["text"]), r.get("section")
            t0 = time.perf_counter_ns()
            analyse(text, section if isinstance(section, str) else None)
            samples.append((time.perf_counter_ns() - t0) / 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), p99


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=30, help="timing repetitions")
    args = ap.parse_args(argv)
    path = Path(args.path)
    if not path.is_file():
        print(f"error: labelled notes file not found: {path}", file=sys.stderr)
        return 2
    try:
        rows = _load(path)
    except (OSError, SystemExit) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 2

    tp = fp = fn = tn = cat_ok = 0
    per_cat: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
    fps: list[tuple[dict[str, object], FlagResult]] = []
    fns: list[dict[str, object]] = []
    wrong: list[tuple[dict[str, object], FlagResult]] = []
    for r in rows:
        section = r.get("section")
        flags = analyse(str(r["text"]), section if isinstance(section, str) else None)
        gold, label = bool(r["blaming"]), r.get("category")
        got = flags[0] if flags else None
        if gold and label in per_cat:
            per_cat[str(label)]["gold"] += 1
        if got is not None:
            per_cat[got.category]["flagged"] += 1
        if gold and got is not None:
            tp += 1
            if got.category == label:
                cat_ok += 1
                per_cat[got.category]["correct"] += 1
            else:
                wrong.append((r, got))
        elif gold:
            fn += 1
            fns.append(r)
        elif got is not None:
            fp += 1
            fps.append((r, got))
        else:
            tn += 1

    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0
    print(f"file: {path}")
    print(f"notes: {len(rows)}  blaming: {tp + fn}  not blaming: {fp + tn}")
    print(f"TP {tp}  FP {fp}  FN {fn}  TN {tn}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"category accuracy on true positives: {cat_ok}/{tp} = {_ratio(cat_ok, tp):.3f}")
    print()
    print(f"{'category':26} {'gold':>5} {'flagged':>8} {'correct':>8} {'recall':>7} {'prec':>6}")
    for c in CATEGORIES:
        k = per_cat[c]
        print(
            f"{c:26} {k['gold']:>5} {k['flagged']:>8} {k['correct']:>8} "
            f"{_ratio(k['correct'], k['gold']):>7.2f} {_ratio(k['correct'], k['flagged']):>6.2f}"
        )
    print()
    print(f"FALSE POSITIVES ({len(fps)})")
    for r, g in fps:
        print(f"  {r['id']} [{r.get('section')}] got {g.category} on {g.trigger!r}: {r['text']}")
    print(f"FALSE NEGATIVES ({len(fns)})")
    for r in fns:
        print(f"  {r['id']} [{r.get('section')}] expected {r.get('category')}: {r['text']}")
    print(f"WRONG CATEGORY ({len(wrong)})")
    for r, g in wrong:
        print(f"  {r['id']} expected {r.get('category')} got {g.category} on {g.trigger!r}: {r['text']}")
    print()
    median, p99 = _timing(rows, max(1, args.repeat))
    print(f"timing over {len(rows)} notes x {max(1, args.repeat)}: median {median:.1f} µs  p99 {p99:.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
