"""Time the PDF export of a large board (not a test; nothing asserted). The board and the
timing live in bench/pdf.py (`make bench` reports the same figure); this prints them as one line:
the median of warm runs after one cold call, pages, size, and the Word baseline.

    .venv/bin/python scripts/time_pdf.py [notes] [runs]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pdf import measure


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    r = measure(count, runs)
    print(
        f"render_pdf, {count} notes: median {r['p50_ms']:.0f} ms over {runs} warm runs "
        f"({', '.join(str(x) for x in r['runs_ms'])}; cold first call {r['first_ms']:.0f}); "
        f"{r['pages']} pages, {r['bytes'] // 1024} KiB, {'tagged' if r['tagged'] else 'untagged'}; "
        f"Word baseline {r['baseline_p50_ms']:.0f} ms, PDF/Word {r['ratio_p50']}x"
    )


if __name__ == "__main__":
    main()
