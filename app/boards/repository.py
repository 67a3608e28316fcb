"""Every query against the board tables lives here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.models import Audit, Board, Event, Note, Participant, Person, utcnow
from app.realtime.envelope import Payload


def get_board(s: Session, board_id: str) -> Board | None:
    return s.get(Board, board_id)


def get_board_for_update(s: Session, board_id: str) -> Board | None:
    return s.exec(select(Board).where(Board.id == board_id).with_for_update()).first()


def board_by_join_code(s: Session, code: str) -> Board | None:
    return s.exec(select(Board).where(Board.join_code == code)).first()


def join_code_taken(s: Session, code: str) -> bool:
    return s.exec(select(Board.id).where(Board.join_code == code)).first() is not None


def people(s: Session, board_id: str) -> Sequence[Person]:
    return s.exec(select(Person).where(Person.board_id == board_id).order_by(col(Person.position))).all()


def participants(s: Session, board_id: str) -> Sequence[Participant]:
    return s.exec(
        select(Participant).where(Participant.board_id == board_id).order_by(col(Participant.created_at))
    ).all()


def count_participants(s: Session, board_id: str) -> int:
    """People who joined (not the facilitator's or the projector's own tokens)."""
    stmt = (
        select(func.count())
        .select_from(Participant)
        .where(Participant.board_id == board_id, Participant.role == "participant")
    )
    return int(s.exec(stmt).one())


def participant_by_token_hash(s: Session, token_hash: str) -> Participant | None:
    return s.exec(select(Participant).where(Participant.token_hash == token_hash)).first()


def get_participant(s: Session, board_id: str, participant_id: str) -> Participant | None:
    p = s.get(Participant, participant_id)
    return p if p is not None and p.board_id == board_id else None


def notes(s: Session, board_id: str) -> Sequence[Note]:
    return s.exec(select(Note).where(Note.board_id == board_id).order_by(col(Note.sort_key))).all()


def count_notes(s: Session, board_id: str) -> int:
    return int(s.exec(select(func.count()).select_from(Note).where(Note.board_id == board_id)).one())


def get_note(s: Session, board_id: str, note_id: str) -> Note | None:
    note = s.get(Note, note_id)
    return note if note is not None and note.board_id == board_id else None


def note_by_client_id(s: Session, board_id: str, client_id: str) -> Note | None:
    return s.exec(select(Note).where(Note.board_id == board_id, Note.client_id == client_id)).first()


def next_seq(s: Session, board_id: str, *, gaps_stale: bool = False) -> int:
    """Take the board's next event number inside the current transaction.

    The UPDATE locks the board row (PostgreSQL) or holds the write lock (SQLite), so every
    process sees one order of events per board. A note change also marks the board's gaps
    stale in the same statement (they are recomputed after the commit).
    """
    values: dict[str, Any] = {"seq": Board.seq + 1, "updated_at": utcnow()}
    if gaps_stale:
        values["gaps_stale"] = True
    stmt = update(Board).where(col(Board.id) == board_id).values(**values).returning(col(Board.seq))
    return int(s.execute(stmt).scalar_one())


def board_and_participant_for_update(
    s: Session, board_id: str, participant_id: str
) -> tuple[Board | None, Participant | None]:
    """The board row, locked for this transaction, and one of its participants: one query."""
    stmt = (
        select(Board, Participant)
        .outerjoin(
            Participant,
            (col(Participant.id) == participant_id) & (col(Participant.board_id) == col(Board.id)),
        )
        .where(col(Board.id) == board_id)
        .with_for_update(of=Board)
    )
    row = s.exec(stmt).first()
    return (row[0], row[1]) if row is not None else (None, None)


def stale_gap_boards(s: Session) -> list[str]:
    return list(s.exec(select(Board.id).where(col(Board.gaps_stale))).all())


def add_event(s: Session, board_id: str, seq: int, type_: str, data: Payload) -> Event:
    # Stored as it is (a JSON column): the shapes of app/boards/shapes.py are plain dicts.
    ev = Event(board_id=board_id, seq=seq, type=type_, data=cast("dict[str, object]", data))
    s.add(ev)
    return ev


def events_after(s: Session, board_id: str, after: int, upto: int | None = None, limit: int = 1000) -> Sequence[Event]:
    stmt = select(Event).where(Event.board_id == board_id, Event.seq > after)
    if upto is not None:
        stmt = stmt.where(Event.seq <= upto)
    return s.exec(stmt.order_by(col(Event.seq)).limit(limit)).all()


def confidential_note_ids(s: Session, board_id: str) -> set[str]:
    stmt = select(Note.id).where(Note.board_id == board_id, col(Note.confidential).is_(True))
    return set(s.exec(stmt).all())


def withheld_note_ids(s: Session, board_id: str) -> set[str]:
    """Notes whose earlier text the projector's replay must not give back: those confidential
    now, and deleted notes that were confidential at some point (marked, then deleted: the
    events from before the marking still hold the text). A note opened up again is public."""
    ids = confidential_note_ids(s, board_id)
    stmt = select(Event.data).where(
        Event.board_id == board_id,
        col(Event.type).in_(("note.created", "note.updated")),
        Event.data["confidential"].as_boolean().is_(True),
    )
    once = {str(data.get("id")) for data in s.exec(stmt).all()}
    if once:
        existing = set(s.exec(select(Note.id).where(Note.board_id == board_id, col(Note.id).in_(once))).all())
        ids |= once - existing
    return ids


def first_event_seq(s: Session, board_id: str) -> int | None:
    value = s.exec(select(func.min(Event.seq)).where(Event.board_id == board_id)).one()
    return int(value) if value is not None else None


def reset_connections(s: Session) -> None:
    s.execute(update(Participant).where(col(Participant.connections) != 0).values(connections=0))


def change_connections(s: Session, participant_id: str, delta: int) -> int:
    stmt = (
        update(Participant)
        .where(col(Participant.id) == participant_id)
        .values(connections=Participant.connections + delta)
        .returning(col(Participant.connections))
    )
    value = s.execute(stmt).scalar_one_or_none()
    return int(value) if value is not None else 0


def delete_board(s: Session, board_id: str) -> None:
    s.execute(delete(Board).where(col(Board.id) == board_id))


def add_audit(s: Session, row: Audit) -> None:
    s.add(row)


def audit_rows(s: Session, board_id: str) -> Sequence[Audit]:
    return s.exec(select(Audit).where(Audit.board_id == board_id).order_by(col(Audit.id))).all()


def all_events(s: Session, board_id: str) -> Sequence[Event]:
    return s.exec(select(Event).where(Event.board_id == board_id).order_by(col(Event.seq))).all()
