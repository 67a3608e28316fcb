"""The referral summary as a PDF (WeasyPrint, the export stylesheet) and a Word document.

Built from the items the facilitator ticked (app.boards.referral.chosen), never from the board
itself: nothing that was not chosen can reach the file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx import Document
from docx.shared import Pt

from app.boards.shapes import PersonJSON, RatingLineJSON
from app.export.docx import _small, _styles
from app.export.filename import slugify
from app.export.pdf import APP_DIR, _env, _no_fetch, _stylesheets, css_string
from app.export.view import CLASSIFICATION, day_text, due_text
from app.local_time import LOCAL_TZ, local
from app.practice.behaviour import KINDS
from app.practice.referral import PARTS, Item
from app.text_safety import xml_safe

AUDIENCES = {"programme": "a perpetrator programme", "court": "the court"}
NOTICE = (
    "Drawn from the notes of a multi-agency case mapping meeting (Safe & Together Model). By design "
    "it never contains where she or the children live, stay or go, her safety plans, strategies or "
    "support, her protective efforts, or anything recorded as confidential. Do not give it to him. "
    "The facilitator chose each item."
)
HANDLING = "contains information about children and domestic abuse – do not share with him or his representatives"


@dataclass(frozen=True)
class LineView:
    text: str
    meta: str


@dataclass(frozen=True)
class GroupView:
    label: str
    lines: list[LineView]


@dataclass(frozen=True)
class PartView:
    number: int
    label: str
    groups: list[GroupView]


@dataclass(frozen=True)
class ReferralView:
    title: str
    him: str
    audience: str
    meeting: str
    prepared: str
    children: list[str]
    parts: list[PartView]
    ratings: list[tuple[str, str]] = field(default_factory=list)
    classification: str = CLASSIFICATION
    handling: str = HANDLING
    notice: str = NOTICE
    redacted: bool = False

    @property
    def footer(self) -> str:
        return f"{self.classification}: {self.handling}"


def _meta(item: Item) -> str:
    bits = [item.agency] if item.agency else []
    if item.meeting:
        bits.append(f"recorded {day_text(local(item.meeting))}")
    if item.owner:
        bits.append(f"owner: {item.owner}")
    if item.due:
        bits.append(f"by {due_text(item.due)}")
    return " · ".join(bits)


def build_referral_view(
    title: str,
    created_at: str,
    family: list[PersonJSON],
    items: list[Item],
    ratings: list[RatingLineJSON],
    audience: str,
    now: datetime | None = None,
) -> ReferralView:
    him = " / ".join(p["name"] for p in family if p["role"] == "perpetrator") or "him"
    children = [
        p["name"] + (f" ({p['age']})" if p.get("age") is not None else "") for p in family if p["role"] == "child"
    ]
    parts = []
    number = 0
    for key, label in PARTS.items():
        mine = [i for i in items if i.part == key]
        if key == "pattern":
            mine.sort(key=lambda i: KINDS.index(i.group) if i.group in KINDS else len(KINDS))
        groups: dict[str, GroupView] = {}
        for i in mine:
            groups.setdefault(i.group, GroupView(i.group_label, [])).lines.append(LineView(i.text, _meta(i)))
        if key == "change" and not mine and not ratings:
            continue
        number += 1
        parts.append(PartView(number, label, list(groups.values())))
    when = (now or datetime.now(UTC)).astimezone(LOCAL_TZ)
    return ReferralView(
        title=f"Referral summary: the pattern of behaviour of {him}",
        him=him,
        audience=AUDIENCES.get(audience, audience),
        meeting=f"{title}, {day_text(local(created_at))}",
        prepared=day_text(when),
        children=children,
        parts=parts,
        ratings=[(r["title"], r["rating"]) for r in ratings],
    )


def referral_filename(title: str, created_at: str, fmt: str) -> str:
    day = local(created_at).date().isoformat()
    return f"casemap-referral-{slugify(title)}-{day}.{fmt}"


def render_referral_pdf(view: ReferralView) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: only when a PDF is asked for

    html = _env().get_template("export/referral.html").render(view=xml_safe(view))
    footer = f"@page {{ @bottom-left {{ content: {css_string(view.footer)}; }} }}"
    pdf = HTML(string=html, url_fetcher=_no_fetch, base_url=str(APP_DIR)).write_pdf(
        stylesheets=_stylesheets(False, footer), pdf_tags=True
    )
    assert pdf is not None
    return bytes(pdf)


def render_referral_docx(view: ReferralView) -> bytes:
    view = xml_safe(view)  # notes stored before control characters were refused
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    run = head.add_run(view.classification)
    run.bold, run.font.size = True, Pt(8)
    section.footer.paragraphs[0].add_run(view.footer + ".").font.size = Pt(7.5)
    doc.core_properties.title = view.title
    doc.core_properties.keywords = view.classification
    doc.add_heading(view.title, level=0)
    facts = doc.add_paragraph()
    facts.add_run("For: ").bold = True
    facts.add_run(view.audience)
    facts.add_run("\nFrom the meeting: ").bold = True
    facts.add_run(view.meeting)
    facts.add_run("\nPrepared: ").bold = True
    facts.add_run(view.prepared)
    if view.children:
        facts.add_run("\nChildren: ").bold = True
        facts.add_run(", ".join(view.children))
    notice = doc.add_paragraph()
    notice.add_run(f"{view.classification}. ").bold = True
    notice.add_run(view.notice)
    for part in view.parts:
        doc.add_heading(f"{part.number}. {part.label}", level=1)
        if part.label == PARTS["change"] and view.ratings:
            for title, rating in view.ratings:
                bullet = doc.add_paragraph(style="List Bullet")
                bullet.add_run(f"{title}: ").bold = True
                bullet.add_run(f"{rating} (as the meeting agreed)")
        for group in part.groups:
            if group.label != part.label:
                doc.add_heading(group.label, level=2)
            for line in group.lines:
                item = doc.add_paragraph(style="List Bullet")
                item.add_run(line.text)
                _small(item, f"  ({line.meta})")
        if not part.groups and not (part.label == PARTS["change"] and view.ratings):
            _small(doc.add_paragraph(), "Nothing was chosen for this part.", italic=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
