"""Time the PDF export of a large board: 300 notes across the four sections, with actions,
flags and confidential notes. Prints the median of three runs (not a test; nothing asserted).

    .venv/bin/python scripts/time_pdf.py [notes]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.boards.views import iso, sections_out
from app.export.bundle import make_bundle
from app.export.pdf import render_pdf
from app.export.view import build_view

KINDS = ("observation", "observation", "protective", "action", "gap")
AGENCIES = ("Police", "Children's social work (SW)", "School", "Health visitor (HV)", "IDVA", "Drug and alcohol")
TEXT = (
    "Lee checks Kelly's phone every night and takes her bank card on payday; "
    "Mia says she is scared when he shouts and cannot sleep before school."
)


def big_bundle(count: int) -> dict[str, Any]:
    start = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    notes: list[dict[str, Any]] = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        flags = []
        if i % 25 == 0:
            flags = [
                {
                    "kind": "blaming",
                    "category": "not_engaging",
                    "message": "The wording labels her as the problem.",
                    "pivot": ["a", "b", "c"],
                    "status": ("open", "pivoted", "kept")[i % 3],
                    "reason": "Quoted from a record." if i % 3 == 2 else None,
                }
            ]
        notes.append(
            {
                "id": f"n{i}",
                "section": ("pattern", "impact", "factors", "practice")[i * 4 // count],
                "text": f"{TEXT} ({i + 1})" * (1 + i % 3),
                "kind": kind,
                "agency": AGENCIES[i % len(AGENCIES)],
                "author": {"id": f"p{i % 6}", "name": f"Worker {i % 6}"},
                "version": 1,
                "created_at": iso(start + timedelta(seconds=i)),
                "updated_at": iso(start + timedelta(seconds=i)),
                "flags": flags,
                "confidential": i % 40 == 7,
                "owner": f"Worker {i % 6}" if kind == "action" else None,
                "due": "2026-12-15" if kind == "action" else None,
                "source": "police record" if i % 4 == 0 else None,
                "pathways": [],
                "about": [],
            }
        )
    board = {
        "id": "b",
        "title": "CP case discussion 24/0193 (timing board)",
        "status": "closed",
        "seq": count,
        "focus": None,
        "admit_mode": "auto",
        "join_code": "ABCDEF",
        "sections": sections_out(),
        "family": [{"id": "f1", "name": "Lee", "role": "perpetrator", "age": 36}],
        "participants": [
            {
                "id": f"p{i}",
                "name": f"Worker {i}",
                "agency": AGENCIES[i],
                "role": "participant",
                "status": "admitted",
                "online": False,
            }
            for i in range(6)
        ],
        "notes": notes,
        "gaps": [],
        "show_gaps": False,
        "created_at": iso(start),
        "closed_at": iso(start + timedelta(hours=2)),
    }
    return make_bundle(board, [], [], "Facilitator")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    view = build_view(big_bundle(count), redact=False)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        pdf = render_pdf(view)
        runs.append((time.perf_counter() - started) * 1000)
    print(
        f"render_pdf, {count} notes: median {statistics.median(runs):.0f} ms over 3 runs "
        f"({', '.join(f'{r:.0f}' for r in runs)}); {len(pdf) // 1024} KiB"
    )


if __name__ == "__main__":
    main()
