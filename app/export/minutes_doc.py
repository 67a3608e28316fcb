"""The minutes as Markdown, Word and PDF, from their stored content (the draft as the
facilitator edited it). One reading order for all three (`minutes_blocks`)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document
from docx.shared import Pt

from app.export.docx import _styles
from app.export.docx import _table as docx_table
from app.export.filename import slugify
from app.export.markdown import _table as markdown_table
from app.export.markdown import esc
from app.export.pdf import APP_DIR, _env, _no_fetch, _stylesheets, css_string
from app.export.view import CLASSIFICATION, HANDLING, due_text
from app.text_safety import xml_safe

Block = tuple[str, Any]  # ("h2", text) | ("p", text) | ("list", [text]) | ("table", (head, rows))


def _day(value: str | None) -> str:
    if not value:
        return ""
    when = date.fromisoformat(value)
    return f"{when:%A} {when.day} {when:%B %Y}"


def _person(p: dict[str, Any]) -> str:
    return f"{p['name']} ({p['agency']})" if p.get("agency") else str(p["name"])


def minutes_blocks(content: dict[str, Any], status: str) -> list[Block]:
    c = content
    out: list[Block] = [
        ("p", f"{'Final' if status == 'final' else 'DRAFT'} minutes · {CLASSIFICATION}: {HANDLING}."),
        (
            "table",
            (
                ["Meeting", ""],
                [
                    ["Date", _day(c.get("date"))],
                    ["Chair", c.get("chair") or ""],
                    ["Next review", _day(c.get("next_review")) or "Not set"],
                ],
            ),
        ),
        ("h2", "Attendance"),
        ("list", [_person(p) for p in c.get("attendance", [])] or ["Nobody else was recorded."]),
        ("h2", "Apologies"),
        ("list", [_person(p) for p in c.get("apologies", [])] or ["None recorded."]),
        ("h2", "Agencies"),
        ("p", ", ".join(c.get("agencies", [])) or "None recorded."),
    ]
    for number, s in enumerate(c.get("sections", []), start=1):
        out.append(("h2", f"{number}. {s['title']}"))
        points = [p["text"] for p in s.get("points", [])]
        if s.get("more"):
            points.append(f"(and {s['more']} more note{'s' if s['more'] != 1 else ''} on the map)")
        out.append(("list", points or ["Nothing was recorded."]))
    out += [("h2", "Decisions"), ("list", [d["text"] for d in c.get("decisions", [])] or ["None recorded."])]
    if c.get("earlier_actions"):
        rows = [[a["text"], a.get("owner") or "Not owned", due_text(a.get("due")) or "No date", a.get("status") or ""]
                for a in c["earlier_actions"]]  # fmt: skip
        out += [("h2", "Actions from last time"), ("table", (["Action", "Owner", "Due", "Now"], rows))]
    if c.get("change"):
        rows = [[ch["title"], ch["rating"], str(ch["evidence"])] for ch in c["change"]]
        out += [
            ("h2", "Is he changing? The three questions"),
            ("table", (["Question", "Agreed", "Evidence items"], rows)),
        ]
    out.append(("h2", "Actions"))
    if c.get("actions"):
        rows = [[a["text"], a.get("owner") or "Not owned", due_text(a.get("due")) or "No date"] for a in c["actions"]]
        out.append(("table", (["Action", "Owner", "Due"], rows)))
    else:
        out.append(("p", "No actions were recorded."))
    out += [("h2", "Open questions"), ("list", [q["text"] for q in c.get("questions", [])] or ["None."])]
    out.append(("h2", "Wording flags and how they were handled"))
    flags = [
        f"“{f['text']}”"
        + (f" – {f['category']}" if f.get("category") else "")
        + (f": {f['outcome']}" if f.get("outcome") else "")
        for f in c.get("flags", [])
    ]
    out.append(("list", flags or ["No wording was flagged."]))
    if c.get("withheld"):
        n = c["withheld"]
        out.append(("p", f"{n} confidential note{'s are' if n != 1 else ' is'} not minuted."))
    return out


def minutes_filename(content: dict[str, Any], fmt: str) -> str:
    return f"casemap-minutes-{slugify(str(content.get('title') or 'meeting'))}-{content.get('date')}.{fmt}"


def render_minutes_markdown(content: dict[str, Any], status: str) -> str:

    out = [f"# Minutes: {esc(str(content.get('title') or ''))}", ""]
    for kind, value in minutes_blocks(content, status):
        if kind == "h2":
            out += [f"## {esc(value)}", ""]
        elif kind == "p":
            out += [esc(value), ""]
        elif kind == "list":
            out += [f"- {esc(v)}" for v in value] + [""]
        else:
            out += markdown_table(*value)
    return "\n".join(out)


def render_minutes_docx(content: dict[str, Any], status: str) -> bytes:

    content = xml_safe(content)  # text stored before control characters were refused
    doc = Document()
    _styles(doc)
    head = doc.sections[0].header.paragraphs[0].add_run(CLASSIFICATION)
    head.bold, head.font.size = True, Pt(8)
    doc.sections[0].footer.paragraphs[0].add_run(f"{CLASSIFICATION}: {HANDLING}.").font.size = Pt(7.5)
    doc.core_properties.title = f"Minutes: {content.get('title')}"
    doc.add_heading(f"Minutes: {content.get('title')}", level=0)
    for kind, value in minutes_blocks(content, status):
        if kind == "h2":
            doc.add_heading(value, level=1)
        elif kind == "p":
            doc.add_paragraph(value)
        elif kind == "list":
            for v in value:
                doc.add_paragraph(v, style="List Bullet")
        else:
            head_row, rows = value
            width = 174 / len(head_row)
            docx_table(doc, head_row, rows, [width] * len(head_row))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_minutes_pdf(content: dict[str, Any], status: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: only when a PDF is asked for

    content = xml_safe(content)
    html = (
        _env()
        .get_template("export/minutes.html")
        .render(title=content.get("title"), blocks=minutes_blocks(content, status), status=status)
    )
    footer = f"@page {{ @bottom-left {{ content: {css_string(f'{CLASSIFICATION}: {HANDLING}')}; }} }}"
    pdf = HTML(string=html, url_fetcher=_no_fetch, base_url=str(APP_DIR)).write_pdf(
        stylesheets=_stylesheets(False, footer), pdf_tags=True
    )
    assert pdf is not None
    return bytes(pdf)
