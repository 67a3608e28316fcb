"""Record (or compare) the wording analyser's full output on every labelled note we have.

    .venv/bin/python scripts/snapshot_wording.py --out /tmp/wording.jsonl
    .venv/bin/python scripts/snapshot_wording.py --compare /tmp/wording.jsonl [--sets dev,a,b,c]

A refactor of the rules must leave this byte-identical: every note's flags (category, trigger,
message, pivot, suggestion), in order. Notes come from the development set, the held-out sets
A/B/C, every string literal in the wording unit tests (run without a section and in each of the
four sections), the rules' own flag/pass examples, the labelled gap boards, the bench texts and
any ``data/wording/raw/*.jsonl`` (``--raw`` chooses the folder); ``data/wording/blind/`` is never
read. ``--compare`` re-runs exactly the notes stored in the snapshot, so a note that later moves
out of the tests is still compared, and never prints a held-out (set C) note.
Exit 0 when identical (or after writing), 1 when any note differs, 2 on a missing file.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.practice.sections import SECTION_KEYS  # noqa: E402
from app.practice.wording import analyse  # noqa: E402

# the development set lives beside the main checkout (/work/shared), also seen from a worktree
_DEV = [p / "shared/data/notes_dev.jsonl" for p in (REPO.parent, REPO.parent.parent)]
LABELLED = {
    "dev": next((p for p in _DEV if p.is_file()), _DEV[0]),
    "a": REPO / "tests/data/heldout/notes_a.jsonl",
    "b": REPO / "tests/data/heldout/notes_b.jsonl",
    "c": REPO / "tests/data/heldout/notes_c.jsonl",
}
# tests/data/heldout/README_c.md: set C is for measuring only, so its notes are never printed
HELD_OUT = frozenset({"c"})
Row = tuple[str, str, str | None]  # (set, text, section)


def _jsonl(name: str, path: Path) -> Iterator[Row]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            section = r.get("section")
            yield name, str(r["text"]), section if isinstance(section, str) else None


def _test_strings() -> Iterator[Row]:
    seen: set[str] = set()
    for path in sorted((REPO / "tests/unit").glob("test_*.py")):
        if not path.name.startswith(("test_language", "test_wording")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in seen:
                seen.add(node.value)
                for section in (None, *SECTION_KEYS):
                    yield "tests", node.value, section


def _examples() -> Iterator[Row]:
    from app.practice.wording.engine import RULES

    seen: set[str] = set()
    for rule in RULES:
        for text in (*rule.flag, *rule.passes):
            if text not in seen:
                seen.add(text)
                yield "examples", text, None


def _boards() -> Iterator[Row]:
    for path in sorted((REPO / "tests/data/boards").glob("*.json")):
        for n in json.loads(path.read_text(encoding="utf-8"))["notes"]:
            yield "boards", str(n["text"]), str(n["section"])


def _bench() -> Iterator[Row]:
    from bench.texts import NOTES

    for section, text in NOTES:
        yield "bench", text, section


def rows(sets: set[str], raw: Path) -> Iterator[Row]:
    for name, path in LABELLED.items():
        if name in sets:
            yield from _jsonl(name, path)
    if "tests" in sets:
        yield from _test_strings()
    if "examples" in sets:
        yield from _examples()
    if "boards" in sets:
        yield from _boards()
    if "bench" in sets:
        yield from _bench()
    if "raw" in sets and raw.is_dir() and raw.name != "blind":
        for path in sorted(raw.glob("*.jsonl")):
            yield from _jsonl(f"raw/{path.name}", path)


def record(row: Row) -> str:
    name, text, section = row
    flags = [
        {
            "category": f.category,
            "trigger": f.trigger,
            "message": f.message,
            "pivot": list(f.pivot),
            "suggestion": f.suggestion,
        }
        for f in analyse(text, section)
    ]
    return json.dumps({"set": name, "section": section, "text": text, "flags": flags}, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write the snapshot here")
    group.add_argument("--compare", type=Path, help="compare against this snapshot")
    ap.add_argument("--sets", default="dev,a,b,c,tests,examples,boards,bench,raw")
    ap.add_argument("--raw", type=Path, default=REPO / "data/wording/raw")
    args = ap.parse_args(argv)
    sets = set(args.sets.split(","))
    if args.out:
        lines = [record(r) for r in rows(sets, args.raw)]
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} notes to {args.out}")
        return 0
    if not args.compare.is_file():
        print(f"error: no snapshot at {args.compare}", file=sys.stderr)
        return 2
    # re-run exactly the notes in the snapshot, so notes that later move out of the tests
    # (into the rule files' examples) are still compared
    changed = 0
    counts: dict[str, list[int]] = {}
    for line in args.compare.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        name = str(r["set"])
        if name not in sets and name.split("/")[0] not in sets:
            continue
        now = record((name, r["text"], r["section"]))
        c = counts.setdefault(name.split("/")[0], [0, 0])
        c[0] += 1
        if now == line:
            c[1] += 1
            continue
        changed += 1
        if name in HELD_OUT:  # measure only: never show a held-out note or its flags
            print(f"CHANGED [{name}] note {c[0]} (text withheld: held-out set)")
            continue
        print(f"CHANGED [{name}] ({r['section']}) {r['text']!r}")
        print(f"  was: {r['flags']}")
        print(f"  now: {json.loads(now)['flags']}")
    print("  ".join(f"{s}: {same}/{n} same" for s, (n, same) in sorted(counts.items())))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
