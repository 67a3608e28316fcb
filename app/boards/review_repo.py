"""Queries for review meetings and minutes (app/boards/review.py, app/boards/minutes.py)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.models import CarriedNote, ChangeEvidence, Minutes, Review, ReviewAction


def get_review(s: Session, board_id: str) -> Review | None:
    return s.get(Review, board_id)


def review_of(s: Session, previous_id: str) -> Review | None:
    """The review meeting started from this board, if any (a board has at most one)."""
    return s.exec(select(Review).where(Review.previous_id == previous_id)).first()


def carried_notes(s: Session, board_id: str) -> Sequence[CarriedNote]:
    return s.exec(select(CarriedNote).where(CarriedNote.board_id == board_id).order_by(col(CarriedNote.position))).all()


def review_actions(s: Session, board_id: str) -> Sequence[ReviewAction]:
    return s.exec(
        select(ReviewAction).where(ReviewAction.board_id == board_id).order_by(col(ReviewAction.position))
    ).all()


def get_action(s: Session, board_id: str, action_id: str) -> ReviewAction | None:
    row = s.get(ReviewAction, action_id)
    return row if row is not None and row.board_id == board_id else None


def evidence(s: Session, board_id: str) -> Sequence[ChangeEvidence]:
    return s.exec(
        select(ChangeEvidence)
        .where(ChangeEvidence.board_id == board_id)
        .order_by(col(ChangeEvidence.created_at), col(ChangeEvidence.id))
    ).all()


def get_evidence(s: Session, board_id: str, evidence_id: str) -> ChangeEvidence | None:
    row = s.get(ChangeEvidence, evidence_id)
    return row if row is not None and row.board_id == board_id else None


def get_minutes(s: Session, board_id: str) -> Minutes | None:
    return s.get(Minutes, board_id)
