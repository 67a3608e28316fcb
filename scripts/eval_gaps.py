"""Run the gap checker on every labelled board and report found / missed / wrong.

    .venv/bin/python scripts/eval_gaps.py [boards_dir]

A board's expected gaps are what a trained facilitator would name at that point of the
meeting (``tests/data/boards/*.json``). An expected gap matches a raised one on its key, its
status (``open`` unless the label says ``finding_out``: an action will find it out) and, where
given, its ``person_id`` / ``note_id``. Also times ``find_gaps`` on a synthetic 300-note
board. Exit 0 after reporting; exit 2 if the boards folder is missing.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.practice.gaps import GapResult, NoteIn, PersonIn, find_gaps  # noqa: E402

BOARDS = ROOT / "tests" / "data" / "boards"


def load_board(path: Path) -> tuple[list[PersonIn], list[NoteIn], dict[str, Any]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    family = [PersonIn(id=p["id"], name=p["name"], role=p["role"], age=p.get("age")) for p in data["family"]]
    notes = [
        NoteIn(
            id=n["id"],
            section=n["section"],
            text=n["text"],
            kind=n.get("kind", "observation"),
            owner=n.get("owner"),
            source=n.get("source"),
            about=tuple(n.get("about", ())),
        )
        for n in data["notes"]
    ]
    return family, notes, data


def label(gap: dict[str, Any] | GapResult) -> tuple[str, str | None, str]:
    """What identifies a gap for scoring: its key, the child or note it names, and whether it
    is open or being found out (a label without a status means open)."""
    if isinstance(gap, GapResult):
        return gap.key, gap.person_id or gap.note_id, gap.status
    return gap["key"], gap.get("person_id") or gap.get("note_id"), gap.get("status", "open")


def score(expected: list[dict[str, Any]], found: list[GapResult]) -> tuple[int, int, int]:
    want = Counter(label(g) for g in expected)
    got = Counter(label(g) for g in found)
    hit = sum((want & got).values())
    return hit, sum(want.values()) - hit, sum(got.values()) - hit


def synthetic_board(n: int = 300) -> tuple[list[PersonIn], list[NoteIn]]:
    family = [
        PersonIn("p", "Dean", "perpetrator"),
        PersonIn("s", "Amy", "survivor"),
        PersonIn("c1", "Ruby", "child", 8),
        PersonIn("c2", "Leo", "child", 2),
    ]
    texts = {
        "pattern": "Dean checks Amy's phone every night and punched her on {i}/3 in front of Ruby",
        "impact": "Ruby (8) late to school x{i}, says 'I was scared'; Leo clingy at nursery",
        "factors": "Amy drinking since {i} months – Dean buys the cans and reports her to police",
        "practice": "Dean to stop checking Amy's phone – CJSW to review by week {i}",
    }
    sections = list(texts)
    notes = [NoteIn(f"n{i}", sections[i % 4], texts[sections[i % 4]].format(i=i)) for i in range(n)]
    return family, notes


def time_board(runs: int = 21) -> float:
    family, notes = synthetic_board()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        find_gaps(family, notes)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else BOARDS
    if not folder.is_dir():
        print(
            f"No labelled boards: {folder} is missing. Run from the repository root, or pass "
            "the boards folder as the first argument.",
            file=sys.stderr,
        )
        return 2
    paths = sorted(folder.glob("*.json"))
    totals = [0, 0, 0]
    print(f"{'board':<42} {'found':>5} {'missed':>6} {'wrong':>5}")
    for path in paths:
        family, notes, data = load_board(path)
        found = find_gaps(family, notes)
        hit, missed, wrong = score(data["expected_gaps"], found)
        totals = [totals[0] + hit, totals[1] + missed, totals[2] + wrong]
        print(f"{path.stem:<42} {hit:>5} {missed:>6} {wrong:>5}")
        want = Counter(label(g) for g in data["expected_gaps"])
        got = Counter(label(g) for g in found)
        for key, ref, status in sorted((want - got).elements(), key=str):
            print(f"    missed: {key}{' ' + ref if ref else ''} ({status})")
        for key, ref, status in sorted((got - want).elements(), key=str):
            print(f"    wrong:  {key}{' ' + ref if ref else ''} ({status})")
    print(f"{'TOTAL (' + str(len(paths)) + ' boards)':<42} {totals[0]:>5} {totals[1]:>6} {totals[2]:>5}")
    print(f"find_gaps on a synthetic 300-note board: median {time_board():.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
