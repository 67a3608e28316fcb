"""Measure the wording checks on labelled notes: precision and recall with 95% intervals.

Usage (from the repo root; `make eval` runs the standard report):
    python scripts/eval_language.py                      # every set, blind sets first
    python scripts/eval_language.py FILE [FILE ...]      # those files only
    python scripts/eval_language.py FILE --misses        # also list the misses of one file
    python scripts/eval_language.py --split dev --misses # the corpus's dev split

Each line of a set: {"id", "section", "agency", "text", "blaming": bool, "category": str|null}.

For each set it prints the blaming-or-not precision and recall of the whole analyser (rules and
the learned layer) and of the rules alone, each with a Wilson 95% interval, then per category:
how many of its notes were flagged at all (recall), flagged with the right category, and the
precision of the flags given that category. Misses are never listed for a blind set unless
``--show-blind`` is given: reading them is what stops a set from being blind.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.practice.wording import CATEGORIES, analyse  # noqa: E402
from app.practice.wording.family import family_from_rows  # noqa: E402
from app.practice.wording.model import load_model  # noqa: E402

DEV = REPO.parent / "shared/data/notes_dev.jsonl"
BLIND = sorted((REPO / "data/wording/blind").glob("*.jsonl"))
HELDOUT = [REPO / f"tests/data/heldout/notes_{k}.jsonl" for k in "abc"]


def load(path: Path) -> list[dict[str, object]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: bad JSON ({exc})") from exc
    return rows


def wilson(k: int, n: int) -> tuple[float, float]:
    if n == 0:
        return (0.0, 0.0)
    z = 1.96
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def fmt(k: int, n: int) -> str:
    if n == 0:
        return "   -                "
    lo, hi = wilson(k, n)
    return f"{k / n:.3f} [{lo:.2f}-{hi:.2f}]"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    soft_tp: int = 0
    soft_fp: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    flagged_as: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def _section(row: dict[str, object]) -> str | None:
    s = row.get("section")
    return s if isinstance(s, str) and s else None


def measure(rows: list[dict[str, object]], *, rules_only: bool) -> Tally:
    t = Tally()
    for r in rows:
        flags = analyse(str(r["text"]), _section(r), learned=not rules_only, family=family_from_rows(r.get("family")))
        gold, label = bool(r["blaming"]), str(r.get("category"))
        got = flags[0] if flags else None
        if gold:
            t.gold[label] += 1
        if got is not None:
            t.flagged_as[got.category] += 1
        if gold and got is not None:
            t.tp += 1
            t.soft_tp += got.source == "model"
            t.caught[label] += 1
            if got.category == label:
                t.right[label] += 1
            else:
                t.misses.append(f"  {r['id']} expected {label} got {got.category} on {got.trigger!r}: {r['text']}")
        elif gold:
            t.fn += 1
            t.misses.append(f"  {r['id']} [{r.get('section')}] MISSED {label}: {r['text']}")
        elif got is not None:
            t.fp += 1
            t.soft_fp += got.source == "model"
            kind = "soft " if got.source == "model" else ""
            t.misses.append(
                f"  {r['id']} [{r.get('section')}] FALSE {kind}{got.category} on {got.trigger!r}: {r['text']}"
            )
        else:
            t.tn += 1
    return t


def report(name: str, rows: list[dict[str, object]], *, misses: bool, timing: bool) -> None:
    both, rules = measure(rows, rules_only=False), measure(rows, rules_only=True)
    print(f"== {name}: {len(rows)} notes, {both.tp + both.fn} blaming")
    for label, t in (("rules + learned", both), ("rules alone", rules)):
        print(
            f"   {label:16} precision {fmt(t.tp, t.tp + t.fp)}  recall {fmt(t.tp, t.tp + t.fn)}"
            f"  (TP {t.tp} FP {t.fp} FN {t.fn}; soft flags {t.soft_tp} right, {t.soft_fp} wrong)"
        )
    print(
        f"   {'category':24} {'notes':>5}  {'recall (flagged)':22} {'right category':22} {'precision as category':22}"
    )
    for c in CATEGORIES:
        n = both.gold[c]
        print(
            f"   {c:24} {n:>5}  {fmt(both.caught[c], n):22} {fmt(both.right[c], n):22}"
            f" {fmt(both.right[c], both.flagged_as[c]):22}"
        )
    if misses:
        print("   misses (rules + learned):")
        print("\n".join(both.misses) or "   none")
    if timing:
        samples: list[float] = []
        for _ in range(5):
            for r in rows:
                t0 = time.perf_counter_ns()
                analyse(str(r["text"]), _section(r), family=family_from_rows(r.get("family")))
                samples.append((time.perf_counter_ns() - t0) / 1000)
        samples.sort()
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        print(f"   time per note (whole analyser): median {statistics.median(samples):.0f} µs, p99 {p99:.0f} µs")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--misses", action="store_true", help="list false flags, misses and wrong categories")
    ap.add_argument("--show-blind", action="store_true", help="allow listing the misses of a blind set")
    ap.add_argument("--split", choices=["train", "dev", "test"], help="a split of the training corpus")
    args = ap.parse_args(argv)
    if load_model() is None:
        print("note: no learned weights (app/practice/wording/weights.json); rules only", file=sys.stderr)
    sets: list[tuple[str, list[dict[str, object]], bool]] = []
    if args.split:
        sys.path.insert(0, str(REPO / "scripts"))
        from train_wording import corpus

        sets.append((f"corpus {args.split} split", corpus()[args.split], False))
    paths = [Path(p) for p in args.paths]
    if not paths and not args.split:
        paths = [*BLIND, DEV, *HELDOUT]
    for path in paths:
        if not path.is_file():
            print(f"error: labelled notes file not found: {path}", file=sys.stderr)
            return 2
        blind = path.resolve().parent == (REPO / "data/wording/blind").resolve()
        label = ("BLIND " if blind else "") + str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        sets.append((label, load(path), blind))
    if not args.paths and not args.split:
        sys.path.insert(0, str(REPO / "scripts"))
        from train_wording import corpus

        sets.append(("corpus test split", corpus()["test"], False))
    blinds = [rows for _, rows, blind in sets if blind]
    if len(blinds) > 1:
        # The blind figure the issue asks for: every blind set of this round, read as one.
        together = [r for rows in blinds for r in rows]
        sets.insert(0, (f"BLIND all {len(blinds)} blind sets together", together, True))
    for i, (name, rows, blind) in enumerate(sets):
        report(name, rows, misses=args.misses and (not blind or args.show_blind), timing=i == 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
