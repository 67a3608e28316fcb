"""Download names: plain ASCII, safe on every file system and in a Content-Disposition header."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from app.local_time import LOCAL_TZ

EXTENSIONS = {"pdf": "pdf", "docx": "docx", "md": "md", "json": "json"}
MAX_SLUG = 60


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug or "board"


def export_filename(title: str, when: datetime, fmt: str, redact: bool) -> str:
    """`casemap-cp-case-discussion-24-0193-2026-11-28.pdf`, with `-redacted` before the dot for
    a redacted copy. The date is the meeting's local (UK) date."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"Unknown export format {fmt!r}: use one of {', '.join(EXTENSIONS)}.")
    day = when.astimezone(LOCAL_TZ).date().isoformat() if when.tzinfo else when.date().isoformat()
    suffix = "-redacted" if redact else ""
    return f"casemap-{slugify(title)}-{day}{suffix}.{EXTENSIONS[fmt]}"
