"""Importing a JSON export's after-the-meeting parts (app.boards.import_doc: `review`,
`minutes`) onto the new board made by app.boards.transfer, with the same new ids."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlmodel import Session

from app.boards import minutes as minutes_service
from app.boards.import_doc import ImportDoc, ReviewIn
from app.models import Board, CarriedNote, ChangeEvidence, Minutes, Review, ReviewAction


class Ids(Protocol):
    def __call__(self, old: str) -> str: ...
    def target(self, old: str | None) -> str | None: ...


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _review(s: Session, review: ReviewIn, board_id: str, source_id: str, ids: Ids) -> None:
    def board(old: str) -> str:  # the exported board is the new one; older boards keep their ids
        return board_id if old == source_id else old

    s.add(
        Review(
            board_id=board_id,
            previous_id=review.previous_id,
            previous_title=review.previous_title,
            previous_date=utc(review.previous_date),
            number=review.number,
            ratings={q: r.model_dump() for q, r in review.ratings.items()},
            history=[dict(h) for h in review.history],
        )
    )
    for i, n in enumerate(review.earlier_notes):
        s.add(
            CarriedNote(
                id=ids(n.id), board_id=board_id, from_board_id=board(n.from_board_id),
                meeting_date=utc(n.meeting_date), position=i, section=n.section, text=n.text, kind=n.kind,
                agency=n.agency, author_name=n.author_name, confidential=n.confidential, owner=n.owner,
                due=n.due.isoformat() if n.due else None, source=n.source, about=[ids(a) for a in n.about],
                created_at=utc(n.created_at), edited_by=n.edited_by,
                edited_at=utc(n.edited_at) if n.edited_at else None,
            )
        )  # fmt: skip
    for i, a in enumerate(review.actions):
        s.add(
            ReviewAction(
                id=ids(a.id), board_id=board_id, from_board_id=board(a.from_board_id),
                meeting_date=utc(a.meeting_date), position=i, text=a.text, owner=a.owner,
                due=a.due.isoformat() if a.due else None, agency=a.agency, confidential=a.confidential,
                status=a.status, evidence=a.evidence, previous_status=a.previous_status,
                previous_evidence=a.previous_evidence, version=a.version, updated_by=a.updated_by,
                updated_at=utc(a.updated_at) if a.updated_at else None, edited_by=a.edited_by,
                edited_at=utc(a.edited_at) if a.edited_at else None,
            )
        )  # fmt: skip
    for e in review.evidence:
        s.add(
            ChangeEvidence(
                id=ids(e.id), board_id=board_id, question=e.question, text=e.text, agency=e.agency,
                author_id=ids(e.author.id), author_name=e.author.name, confidential=e.confidential,
                created_at=utc(e.created_at),
            )
        )  # fmt: skip


def _refs(node: Any, ids: Ids) -> Any:
    """Minutes lines point at notes and actions by id: point them at the copies."""
    if isinstance(node, dict):
        return {k: (ids.target(v) if k == "ref" and isinstance(v, str) else _refs(v, ids)) for k, v in node.items()}
    if isinstance(node, list):
        return [_refs(v, ids) for v in node]
    return node


def import_followup(s: Session, doc: ImportDoc, board_id: str, ids: Ids) -> None:
    """Store the review side and the minutes; call after the notes and before the event log
    (whose review events name the new ids)."""
    if doc.review is not None:
        _review(s, doc.review, board_id, doc.board.id, ids)
    if doc.minutes is not None:
        m = doc.minutes
        row = Minutes(
            board_id=board_id,
            status=m.status,
            version=m.version,
            edited=m.edited,
            content=_refs(m.content.model_dump(mode="json"), ids),
            updated_at=utc(m.updated_at),
            finalised_at=utc(m.finalised_at) if m.finalised_at else None,
            finalised_by=m.finalised_by,
        )
        # What the draft was drawn from is digested over this board's own (new) ids, so the
        # digest is made here, now the notes, participants and review side are in: minutes that
        # were up to date when exported are up to date on the copy; minutes the file says the
        # board had changed since (`stale`) still say so.
        s.flush()
        board = s.get(Board, board_id)
        if not m.stale and board is not None:
            row.source_hash = minutes_service.source_hash(s, board)
        s.add(row)
