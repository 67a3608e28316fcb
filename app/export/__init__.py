"""Downloads of the finished map (PDF, Word, Markdown, JSON) and JSON import parsing.

Usage (the export route)::

    bundle = collect_bundle(session, actor)              # app.export.bundle
    view = build_view(bundle, redact)                    # what people read
    render_pdf(view) / render_docx(view) / render_markdown(view) -> bytes | str
    render_json(bundle, redact) -> dict                  # the whole board, machine-readable
    export_filename(title, when, fmt, redact)

Confidential notes are in every unredacted copy, marked as such; `redact=True` takes every
trace of them out (app.export.redact).
"""

from __future__ import annotations

from app.export.filename import export_filename
from app.export.json_doc import ImportDoc, ImportRejected, parse_import, render_json
from app.export.view import MapView, build_view

__all__ = [
    "ImportDoc",
    "ImportRejected",
    "MapView",
    "build_view",
    "export_filename",
    "parse_import",
    "render_json",
]
