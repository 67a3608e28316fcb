"""The review side of a review meeting in the human-readable downloads (PDF, Word, Markdown):
the actions from last time as marked, the three change questions with the evidence and the
rating the room agreed, the change history of the chain, and the earlier map as carried
forward. Built once (`build_review_view`) from the bundle's `review`; a redacted copy leaves
every confidential item out and says how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from docx.document import Document as DocumentObject

from app.boards.shapes import RatingJSON, RecordedActionJSON, ReviewPartJSON
from app.export.followup_bundle import redact_review
from app.export.view import day_text, due_text, plural, stamp_text
from app.local_time import local
from app.practice.review import ACTION_STATUSES, QUESTIONS, RATINGS
from app.practice.sections import NOTE_KINDS, SECTIONS

if TYPE_CHECKING:
    from app.practice.sections import NoteKind


@dataclass(frozen=True)
class ReviewActionView:
    text: str
    owner: str
    due: str
    agreed: str
    status: str
    evidence: str
    before: str  # how it stood at the last review, if it was carried before
    confidential: bool


@dataclass(frozen=True)
class EvidenceView:
    agency: str
    text: str
    confidential: bool


@dataclass(frozen=True)
class ChangeView:
    title: str
    prompt: str
    rating: str
    before: str
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class EarlierNoteView:
    text: str
    agency: str
    kind_label: str
    meeting: str
    confidential: bool
    author: str = ""
    edited: str = ""  # "Edited by Tom Baird, 5 Dec 2026, 10:42", as on the earlier board's record

    @property
    def byline(self) -> str:
        """Whose words these are, and who rewrote them if anyone did."""
        return " · ".join(part for part in (f"Written by {self.author}" if self.author else "", self.edited) if part)


@dataclass(frozen=True)
class EarlierSectionView:
    number: int
    title: str
    notes: list[EarlierNoteView]


@dataclass(frozen=True)
class ReviewView:
    number: int
    follows: str
    actions: list[ReviewActionView]
    change: list[ChangeView]
    history_head: list[str]
    history: list[list[str]]
    earlier: list[EarlierSectionView]
    withheld: int
    withheld_text: str


def _day(value: str) -> str:
    return day_text(local(value))


def _rating(value: RatingJSON | None) -> str:
    return RATINGS.get((value.get("rating") if value else None) or "", "Not rated")


def _before(a: RecordedActionJSON) -> str:
    """How it stood at the meeting before (its status, and the evidence given), if marked there."""
    previous = a.get("previous_status")
    if not previous:
        return ""
    return ACTION_STATUSES.get(previous, previous) + (
        f" ({a['previous_evidence']})" if a.get("previous_evidence") else ""
    )


def _count_confidential(review: ReviewPartJSON) -> int:
    items = [*review.get("earlier_notes", []), *review.get("actions", []), *review.get("evidence", [])]
    return sum(1 for i in items if i.get("confidential"))


def build_review_view(review: ReviewPartJSON | None, redact: bool) -> ReviewView | None:
    if review is None:
        return None
    withheld = _count_confidential(review) if redact else 0
    if redact:
        review = redact_review(review) or review
    history = review.get("history", [])
    last = history[-1]["ratings"] if history else {}
    actions = [
        ReviewActionView(
            text=str(a["text"]),
            owner=str(a.get("owner") or ""),
            due=due_text(a.get("due")),
            agreed=_day(a["meeting_date"]),
            status=ACTION_STATUSES.get(a.get("status") or "open", str(a.get("status"))),
            evidence=str(a.get("evidence") or ""),
            before=_before(a),
            confidential=bool(a.get("confidential")),
        )
        for a in review.get("actions", [])
    ]
    change = [
        ChangeView(
            title=q.title,
            prompt=q.prompt,
            rating=_rating(review.get("ratings", {}).get(q.key)),
            before=_rating(last.get(q.key)) if history else "",
            evidence=[
                EvidenceView(str(e["agency"]), str(e["text"]), bool(e.get("confidential")))
                for e in review.get("evidence", [])
                if e["question"] == q.key
            ],
        )
        for q in QUESTIONS
    ]
    rows = [
        [f"Review {h['number']}, {_day(h['date'])}", *(_rating(h["ratings"].get(q.key)) for q in QUESTIONS)]
        for h in history
    ]
    rows.append([f"This meeting (review {review['number']})", *(c.rating for c in change)])
    earlier = []
    for number, s in enumerate(SECTIONS, start=1):
        notes = [
            EarlierNoteView(
                text=str(n["text"]),
                agency=str(n["agency"]),
                kind_label=NOTE_KINDS.get(cast("NoteKind", n["kind"]), str(n["kind"])),
                meeting=_day(n["meeting_date"]),
                confidential=bool(n.get("confidential")),
                author=str(n.get("author_name") or ""),
                edited=f"Edited by {n['edited_by']}, {stamp_text(str(n['edited_at']))}" if n.get("edited_by") else "",
            )
            for n in review.get("earlier_notes", [])
            if n["section"] == s.key
        ]
        earlier.append(EarlierSectionView(number, s.title, notes))
    return ReviewView(
        number=int(review["number"]),
        follows=f"This meeting reviews the one on {_day(review['previous_date'])} (“{review['previous_title']}”).",
        actions=actions,
        change=change,
        history_head=["Meeting", *(q.title for q in QUESTIONS)],
        history=rows,
        earlier=earlier,
        withheld=withheld,
        withheld_text=(
            f"{plural(withheld, 'confidential item', 'confidential items')} of the review "
            f"{'is' if withheld == 1 else 'are'} left out of this copy."
            if withheld
            else ""
        ),
    )


ACTION_HEAD = ["Action", "Owner", "Due", "At this meeting", "At the last review"]


def action_rows(rv: ReviewView) -> list[list[str]]:
    """The actions from last time as the Markdown and Word tables show them."""
    return [
        [
            a.text + (" (CONFIDENTIAL)" if a.confidential else ""),
            a.owner or "Not owned",
            a.due or "No date",
            a.status + (f": {a.evidence}" if a.evidence else ""),
            a.before or "–",
        ]
        for a in rv.actions
    ]


# ---- Markdown ---------------------------------------------------------------------------------


def review_markdown(rv: ReviewView | None) -> list[str]:
    from app.export.markdown import _block, _table, esc  # here: markdown imports this module

    if rv is None:
        return []
    out = [f"## Review meeting {rv.number}", "", esc(rv.follows), ""]
    if rv.withheld:
        out += [f"> {rv.withheld_text}", ""]
    out += ["### Actions from last time", ""]
    if rv.actions:
        out += _table(ACTION_HEAD, action_rows(rv))
    else:
        out += ["No actions were carried forward.", ""]
    out += ["### Is he changing? The three questions", ""]
    for c in rv.change:
        before = f" (last review: {c.before.lower()})" if c.before else ""
        out += [f"#### {esc(c.title)}: {esc(c.rating)}{esc(before)}", "", f"*{esc(c.prompt)}*", ""]
        for e in c.evidence:
            mark = " · CONFIDENTIAL" if e.confidential else ""
            out.append(f"- **{esc(e.agency)}{mark}**: {_block(e.text, '  ')}")
        out += ([] if c.evidence else ["No evidence was recorded."]) + [""]
    out += ["### Change history", ""]
    out += _table(rv.history_head, rv.history)
    out += ["### Appendix: the earlier map, as carried forward", ""]
    for s in rv.earlier:
        if not s.notes:
            continue
        out += [f"#### {s.number}. {esc(s.title)}", ""]
        for n in s.notes:
            mark = " · CONFIDENTIAL" if n.confidential else ""
            out.append(f"- **{esc(n.agency)} · {n.kind_label} · {n.meeting}{mark}**: {_block(n.text, '  ')}")
            if n.byline:
                out.append(f"  {esc(n.byline)}")
        out.append("")
    return out


# ---- Word -------------------------------------------------------------------------------------


def review_docx(doc: DocumentObject, rv: ReviewView | None) -> None:
    from app.export.docx import _small, _table  # here: docx imports this module

    if rv is None:
        return
    doc.add_heading(f"Review meeting {rv.number}", level=1)
    doc.add_paragraph(rv.follows)
    if rv.withheld:
        doc.add_paragraph().add_run(rv.withheld_text).bold = True
    doc.add_heading("Actions from last time", level=2)
    if rv.actions:
        _table(doc, ACTION_HEAD, action_rows(rv), [62, 26, 24, 36, 26])
    else:
        doc.add_paragraph("No actions were carried forward.")
    doc.add_heading("Is he changing? The three questions", level=2)
    for c in rv.change:
        head = doc.add_paragraph()
        head.add_run(f"{c.title}: {c.rating}").bold = True
        if c.before:
            _small(head, f"  (last review: {c.before.lower()})")
        _small(doc.add_paragraph(), c.prompt, italic=True)
        for e in c.evidence:
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(f"{e.agency}{' · CONFIDENTIAL' if e.confidential else ''}: ").bold = True
            item.add_run(e.text)
        if not c.evidence:
            _small(doc.add_paragraph(), "No evidence was recorded.", italic=True)
    doc.add_heading("Change history", level=2)
    _table(doc, rv.history_head, rv.history, [54, 40, 40, 40])
    doc.add_heading("Appendix: the earlier map, as carried forward", level=2)
    for s in rv.earlier:
        if not s.notes:
            continue
        doc.add_paragraph().add_run(f"{s.number}. {s.title}").bold = True
        for n in s.notes:
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(
                f"{n.agency} · {n.kind_label} · {n.meeting}{' · CONFIDENTIAL' if n.confidential else ''}: "
            ).bold = True
            item.add_run(n.text)
            if n.byline:
                _small(item, f"  ({n.byline})")
