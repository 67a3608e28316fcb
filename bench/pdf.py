"""The PDF export of a large finished board, timed in-process.

Run as ``python -m bench.pdf [--notes 300] [--runs 5]``; prints one JSON line (the bench runs it
in a child interpreter, like ``bench.inproc``, so the load generator never imports the app or
WeasyPrint). The board is synthetic (`big_bundle`): notes spread over the four sections, every
fifth an action with an owner and a due date, a flag on every 25th note (open, pivoted or kept
with a reason), a confidential note every 40th, sources on every 4th.

What is timed is `app.export.pdf.render_pdf(view)`: HTML, layout and the tagged PDF, the
work behind one "Download PDF". One cold call comes first (fonts, imports; reported as
`first_ms`), then `--runs` warm calls. Each warm call alternates with the same view rendered
to Word (`render_docx`): a pure-Python baseline of the same content in the same process, so
`ratio_p50` (PDF / Word) says whether a slow figure is the PDF or the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

KINDS = ("observation", "observation", "protective", "action", "gap")
AGENCIES = ("Police", "Children's social work (SW)", "School", "Health visitor (HV)", "IDVA", "Drug and alcohol")
TEXT = (
    "Lee checks Kelly's phone every night and takes her bank card on payday; "
    "Mia says she is scared when he shouts and cannot sleep before school."
)


def big_bundle(count: int) -> dict[str, Any]:
    """An export bundle (as `app.export.bundle.make_bundle` builds it) for a closed board with
    `count` notes; texts are one to three sentences long."""
    from app.boards.visibility import iso, sections_out
    from app.export.bundle import make_bundle

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


def _p95(values: list[float]) -> float:
    s = sorted(values)
    return s[max(0, -(-95 * len(s) // 100) - 1)]  # nearest rank, as bench.report.percentile


def measure(notes: int, runs: int) -> dict[str, Any]:
    from pypdf import PdfReader

    from app.export.docx import render_docx
    from app.export.pdf import render_pdf
    from app.export.view import build_view
    from app.runtime import settle_garbage_collector

    view = build_view(big_bundle(notes), redact=False)
    settle_garbage_collector()  # as in the server process, where exports render
    t0 = time.perf_counter()
    pdf = render_pdf(view)
    first_ms = (time.perf_counter() - t0) * 1000
    render_docx(view)  # warm the baseline too
    pdf_ms: list[float] = []
    docx_ms: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        pdf = render_pdf(view)
        pdf_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        render_docx(view)
        docx_ms.append((time.perf_counter() - t0) * 1000)
    p50, docx_p50 = statistics.median(pdf_ms), statistics.median(docx_ms)
    reader = PdfReader(io.BytesIO(pdf))
    return {
        "available": True,
        "notes": view.note_count,
        "runs": runs,
        "runs_ms": [round(x) for x in pdf_ms],
        "p50_ms": round(p50, 1),
        "p95_ms": round(_p95(pdf_ms), 1),
        "first_ms": round(first_ms, 1),
        "pages": len(reader.pages),
        "bytes": len(pdf),
        "tagged": "/StructTreeRoot" in reader.trailer["/Root"],  # a tagged (accessible) PDF
        "baseline": "render_docx(view), same view, same process, alternating with each PDF",
        "baseline_p50_ms": round(docx_p50, 1),
        "ratio_p50": round(p50 / docx_p50, 2) if docx_p50 else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5, help="warm, timed calls (after one cold call)")
    args = parser.parse_args(argv)
    try:
        result = measure(args.notes, max(1, args.runs))
    except ImportError as exc:
        result = {"available": False, "message": f"skipped: {exc}"}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
