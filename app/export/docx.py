"""The finished map as an editable Word document (python-docx).

Real Heading styles (so Word's navigation pane and a table of contents work), a real table for
the actions with its header row repeated on every page, the classification in the header and
footer, and page numbers as Word fields ("Page X of Y").
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.export.review_doc import review_docx
from app.export.view import REDACTED_LABEL, FlagView, MapView, NoteView
from app.text_safety import xml_safe

FONT = "Arial"
GREY = RGBColor(0x37, 0x41, 0x51)


def _field(paragraph: Paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the page out."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _no_split(table: Table) -> None:
    for row in table.rows:
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)


def _table(doc: DocumentObject, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(head))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    _repeat_header(table)
    _no_split(table)
    doc.add_paragraph()
    return table


def _styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    for name, size in (("Title", 22), ("Heading 1", 14), ("Heading 2", 11.5)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x11, 0x18, 0x27)
        style.paragraph_format.keep_with_next = True


def _page(doc: DocumentObject, view: MapView) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    marking = view.classification + (f" · {REDACTED_LABEL}" if view.redacted else "")
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run(marking)
    run.bold, run.font.size = True, Pt(8)
    foot = section.footer.paragraphs[0]
    foot.add_run(view.footer + ".").font.size = Pt(7.5)
    pages = section.footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run("Page ").font.size = Pt(8)
    _field(pages, "PAGE")
    pages.add_run(" of ").font.size = Pt(8)
    _field(pages, "NUMPAGES")
    props = doc.core_properties
    props.title = view.title
    props.subject = "Case mapping record"
    props.author = "Casemap"
    props.keywords = marking
    props.comments = view.footer


def _small(paragraph: Paragraph, text: str, italic: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.color.rgb, run.italic = Pt(8.5), GREY, italic


def _note(doc: DocumentObject, n: NoteView) -> None:
    head = doc.add_paragraph()
    head.paragraph_format.keep_with_next = True
    head.paragraph_format.space_after = Pt(0)
    head.add_run(f"{n.ref}  {n.agency}").bold = True
    _small(head, f"  ·  {n.written_by}  ·  {n.kind_label}")
    if n.confidential:
        head.add_run("  CONFIDENTIAL – do not share with the family").bold = True
    body = doc.add_paragraph(n.text)
    body.paragraph_format.space_after = Pt(2)
    meta = [
        f"{label}: {value}"
        for label, value in (
            ("Owner", n.owner),
            ("Due", n.due),
            ("Source", n.source),
            ("About", n.about),
            ("Pathway", n.pathways),
        )
        if value
    ]
    if n.flagged:
        meta.append("wording reviewed, see the appendix")
    if meta:
        body.paragraph_format.keep_with_next = True
        _small(doc.add_paragraph(), "  ·  ".join(meta))
    doc.paragraphs[-1].paragraph_format.space_after = Pt(8)


def _flag(doc: DocumentObject, f: FlagView) -> None:
    doc.add_heading(f"Note {f.ref} · {f.agency}", level=2)
    quote = doc.add_paragraph(style="Quote")
    quote.add_run(f.note_text)
    concern = doc.add_paragraph()
    concern.add_run("Concern: ").bold = True
    concern.add_run(f"{f.category}. {f.message}")
    outcome = doc.add_paragraph()
    outcome.add_run("Outcome: ").bold = True
    outcome.add_run(f.outcome + (f", with the reason: {f.reason}" if f.reason else ""))
    if f.resolved:
        _small(outcome, f" ({f.resolved})")


def render_docx(view: MapView) -> bytes:
    view = xml_safe(view)  # a board stored before control characters were refused still exports
    doc = Document()
    _styles(doc)
    _page(doc, view)
    doc.add_heading(view.title, level=0)
    mark = doc.add_paragraph()
    mark.add_run(f"{view.classification}: ").bold = True
    mark.add_run(view.handling + ".")
    if view.redacted:
        red = doc.add_paragraph()
        red.add_run(f"{REDACTED_LABEL}. ").bold = True
        red.add_run(view.withheld_text or "There were no confidential notes on this board.")
    facts = [["Date", view.date_text], ["Time", view.time_text], ["Status", view.status]]
    facts += [["Copy made", view.exported_text]]
    _table(doc, ["Meeting", ""], facts, [35, 139])
    doc.add_heading("Family", level=1)
    if view.family:
        _table(doc, ["Name", "Role", "Age"], [[p.name, p.role, p.age or "–"] for p in view.family], [80, 64, 30])
    else:
        doc.add_paragraph("No family members were entered.")
    doc.add_heading("Who attended", level=1)
    rows = [[a.name, f"{a.agency} ({a.remark})" if a.remark else a.agency] for a in view.attendees]
    _table(doc, ["Name", "Agency"], rows, [80, 94])
    for s in view.sections:
        doc.add_heading(f"{s.number}. {s.title}", level=1)
        prompt = doc.add_paragraph()
        prompt.paragraph_format.keep_with_next = True
        prompt.add_run(s.prompt).italic = True
        for g in s.groups:
            if g.label:
                doc.add_heading(g.label, level=2)
            for n in g.notes:
                _note(doc, n)
        if not s.notes:
            _small(doc.add_paragraph(), "No notes in this section.", italic=True)
        if s.withheld:
            doc.add_paragraph().add_run(s.withheld_text).bold = True
    doc.add_heading("Actions", level=1)
    if view.actions:
        rows = [[a.ref, a.text, a.owner or "Not yet owned", a.due or "No date", a.agency] for a in view.actions]
        _table(doc, ["No.", "Action", "Owner", "Due", "Raised by"], rows, [12, 76, 32, 26, 28])
    else:
        doc.add_paragraph("No actions were recorded.")
    doc.add_heading("Questions still to answer", level=1)
    for q in view.open_questions:
        item = doc.add_paragraph(style="List Number")
        item.add_run(q.message)
        _small(item, f"  ({q.section}{'; ' + q.owned_by if q.owned_by else ''})")
    if not view.open_questions:
        doc.add_paragraph("No open questions were left on the map.")
    if view.being_found_out:
        doc.add_heading("Being found out", level=2)
        for q in view.being_found_out:
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(q.message)
            _small(item, f"  ({q.section}; {q.owned_by})")
    review_docx(doc, view.review)
    if view.flags:
        appendix = doc.add_heading("Appendix: wording reviewed during the meeting", level=1)
        appendix.paragraph_format.page_break_before = True
        for f in view.flags:
            _flag(doc, f)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
