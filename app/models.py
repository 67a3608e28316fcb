"""Table classes only. Every board-owned row cascades on board delete, so purging a board is
one DELETE and leaves nothing behind."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _board_fk() -> Any:
    return Column(String(32), ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True)


class Board(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    title: str = Field(max_length=200)
    status: str = Field(default="open", max_length=16)  # open | locked | closed
    focus: str | None = Field(default=None, max_length=16)
    seq: int = Field(default=0)
    admit_mode: str = Field(default="auto", max_length=16)  # auto | manual
    # The facilitator chose to show the gaps on the projector.
    show_gaps: bool = False
    join_code: str = Field(max_length=16, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    closed_by: str | None = Field(default=None, max_length=32)
    # The gaps last announced, so a change is broadcast only when they differ.
    gaps: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # A note changed since `gaps` was computed: the gap checks run after the note is saved
    # (debounced per board), and whoever reads the board meanwhile computes them afresh.
    gaps_stale: bool = False


class Person(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    board_id: str = Field(sa_column=_board_fk())
    name: str = Field(max_length=80)
    role: str = Field(max_length=16)
    age: int | None = None
    position: int = 0


class Participant(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    board_id: str = Field(sa_column=_board_fk())
    name: str = Field(max_length=80)
    agency: str = Field(max_length=80)
    role: str = Field(max_length=16)  # facilitator | participant | viewer
    status: str = Field(default="admitted", max_length=16)  # waiting | admitted | removed
    token_hash: str = Field(max_length=64, unique=True)
    connections: int = 0
    # A signed-in member of staff (app/auth): how the audit trail names them.
    identity: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Note(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("board_id", "client_id"),)

    id: str = Field(primary_key=True, max_length=32)
    board_id: str = Field(sa_column=_board_fk())
    section: str = Field(max_length=16)
    text: str
    kind: str = Field(default="observation", max_length=16)
    agency: str = Field(max_length=80)
    author_id: str = Field(max_length=32)
    author_name: str = Field(max_length=80)
    version: int = 1
    sort_key: int = 0
    confidential: bool = False
    owner: str | None = Field(default=None, max_length=80)
    due: str | None = Field(default=None, max_length=10)
    source: str | None = Field(default=None, max_length=80)
    pathways: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    about: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    flags: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    client_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Who last rewrote the text, by name (like author_name: it outlives the participant and
    # travels in exports), and when. None while the text is as its author wrote it.
    edited_by: str | None = Field(default=None, max_length=80)
    edited_at: datetime | None = None


class Event(SQLModel, table=True):
    """The board's event log: what each client missed can be replayed from here."""

    __table_args__ = (Index("ix_event_board_seq", "board_id", "seq", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    board_id: str = Field(sa_column=Column(String(32), ForeignKey("board.id", ondelete="CASCADE"), nullable=False))
    seq: int
    type: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Audit(SQLModel, table=True):
    """Who changed what, when and in which role: the meeting's record."""

    id: int | None = Field(default=None, primary_key=True)
    board_id: str = Field(sa_column=_board_fk())
    seq: int | None = None
    at: datetime = Field(default_factory=utcnow)
    actor_id: str | None = Field(default=None, max_length=32)
    actor_name: str = Field(max_length=80)
    actor_role: str = Field(max_length=16)
    # Signed-in staff (app/auth): their e-mail or username at their identity provider.
    actor_identity: str | None = Field(default=None, max_length=200)
    action: str = Field(max_length=40)
    target: str | None = Field(default=None, max_length=32)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# ---- after the meeting: review meetings and minutes (app/boards/review.py, minutes.py) ----------


class Review(SQLModel, table=True):
    """A review meeting: the board it follows and the change panel's agreed ratings.

    The earlier board may be purged (retention) before the review is over, so everything the
    review needs from it is copied here and into CarriedNote / ReviewAction: `previous_id` is a
    link while it lasts, not a foreign key."""

    board_id: str = Field(sa_column=Column(String(32), ForeignKey("board.id", ondelete="CASCADE"), primary_key=True))
    previous_id: str | None = Field(default=None, max_length=32, index=True)
    previous_title: str = Field(max_length=200)
    previous_date: datetime
    number: int = 1  # 1: the first review of the first meeting
    # question -> {"rating": not_yet|partly|clearly, "set_by": name, "set_at": iso}
    ratings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Earlier reviews in the chain, oldest first: ratings, evidence and actions as they were.
    history: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class CarriedNote(SQLModel, table=True):
    """A note of an earlier meeting in the chain, shown read-only and dated on a review board."""

    id: str = Field(primary_key=True, max_length=32)
    board_id: str = Field(sa_column=_board_fk())
    from_board_id: str = Field(max_length=32)
    meeting_date: datetime
    position: int = 0
    section: str = Field(max_length=16)
    text: str
    kind: str = Field(max_length=16)
    agency: str = Field(max_length=80)
    author_name: str = Field(max_length=80)
    confidential: bool = False
    owner: str | None = Field(default=None, max_length=80)
    due: str | None = Field(default=None, max_length=10)
    source: str | None = Field(default=None, max_length=80)
    about: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    # Who last rewrote the note at its own meeting, and when (Note.edited_by/edited_at, kept).
    edited_by: str | None = Field(default=None, max_length=80)
    edited_at: datetime | None = None


class ReviewAction(SQLModel, table=True):
    """An action agreed at an earlier meeting, carried forward to be marked at the review."""

    id: str = Field(primary_key=True, max_length=32)
    board_id: str = Field(sa_column=_board_fk())
    from_board_id: str = Field(max_length=32)
    meeting_date: datetime
    position: int = 0
    text: str
    owner: str | None = Field(default=None, max_length=80)
    due: str | None = Field(default=None, max_length=10)
    agency: str = Field(max_length=80)
    confidential: bool = False
    status: str = Field(default="open", max_length=16)  # open | done | in_progress | not_done
    evidence: str = Field(default="", max_length=500)
    previous_status: str | None = Field(default=None, max_length=16)
    previous_evidence: str = Field(default="", max_length=500)
    version: int = 1
    updated_by: str | None = Field(default=None, max_length=80)
    updated_at: datetime | None = None
    # Who last rewrote the action's words at the meeting that agreed it, and when (kept from
    # its note); `updated_by`/`updated_at` are who marked it here.
    edited_by: str | None = Field(default=None, max_length=80)
    edited_at: datetime | None = None


class ChangeEvidence(SQLModel, table=True):
    """One agency's evidence on one of the three change questions, at a review meeting."""

    id: str = Field(primary_key=True, max_length=32)
    board_id: str = Field(sa_column=_board_fk())
    question: str = Field(max_length=16)  # naming | claiming | changes
    text: str
    agency: str = Field(max_length=80)
    author_id: str = Field(max_length=32)
    author_name: str = Field(max_length=80)
    confidential: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Minutes(SQLModel, table=True):
    """The meeting's minutes: drafted from the board once it closes, edited by the facilitator,
    then marked final."""

    board_id: str = Field(sa_column=Column(String(32), ForeignKey("board.id", ondelete="CASCADE"), primary_key=True))
    status: str = Field(default="draft", max_length=16)  # draft | final
    version: int = 1
    edited: bool = False
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # What the board held when the draft was made: a changed board offers a new draft.
    source_hash: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finalised_at: datetime | None = None
    finalised_by: str | None = Field(default=None, max_length=80)
