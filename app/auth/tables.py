"""Tables of staff sign-in: accounts, sessions, sign-ins in progress, and who facilitates which
board. Sessions and sign-ins are keyed by the SHA-256 of their secret, never the secret."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models import utcnow


class StaffAccount(SQLModel, table=True):
    __tablename__ = "staff_account"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_staff_account_issuer_subject"),)

    id: str = Field(primary_key=True, max_length=32)
    provider: str = Field(max_length=32)
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    name: str = Field(max_length=80)
    organisation: str | None = Field(default=None, max_length=80)
    # How the audit trail names this person: e-mail or username, and the provider.
    identity: str = Field(max_length=200)
    # Lower-cased e-mail / username values a co-facilitator invitation can match.
    handles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # From the facilitator claim at the last sign-in.
    is_facilitator: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    __tablename__ = "staff_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(
        sa_column=Column(String(32), ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    provider: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class StaffLogin(SQLModel, table=True):
    """A sign-in between the redirect to the provider and its answer: used once."""

    __tablename__ = "staff_login"

    state_hash: str = Field(primary_key=True, max_length=64)
    # The browser that started it (a cookie): an answer arriving in another browser is refused.
    binding_hash: str = Field(max_length=64)
    provider: str = Field(max_length=32)
    nonce: str = Field(max_length=128)
    code_verifier: str = Field(max_length=128)
    next_path: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class BoardFacilitator(SQLModel, table=True):
    """A signed-in person who runs a board (its creator, or a co-facilitator), or an invitation
    by e-mail/username that waits for that person's first sign-in."""

    __tablename__ = "board_facilitator"
    __table_args__ = (
        UniqueConstraint("board_id", "account_id", name="uq_board_facilitator_account"),
        UniqueConstraint("board_id", "provider", "invite", name="uq_board_facilitator_invite"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: str = Field(
        sa_column=Column(String(32), ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    account_id: str | None = Field(
        default=None,
        sa_column=Column(String(32), ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    # The facilitator participant this person acts as on the board (made at the first use).
    participant_id: str | None = Field(default=None, max_length=32)
    provider: str = Field(max_length=32)
    invite: str | None = Field(default=None, max_length=200)
    added_by: str | None = Field(default=None, max_length=200)
    added_at: datetime = Field(default_factory=utcnow)
