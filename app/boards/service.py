"""Board lifecycle, people and access. Every change goes: validate -> persist -> log event ->
commit; the caller publishes the returned events only after the commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session

from app.boards import checks
from app.boards import repository as repo
from app.boards.events import (
    BOARD_UPDATED,
    GAPS_UPDATED,
    PARTICIPANT_JOINED,
    PARTICIPANT_LEFT,
    PARTICIPANT_UPDATED,
)
from app.boards.review_repo import carried_notes
from app.boards.shapes import AuditJSON, BoardJSON, BoardUpdatedJSON, EventData, GapJSON, JSONObject
from app.boards.tokens import hash_token, new_id, new_join_code, new_token, normalise_join_code, same_hash
from app.boards.visibility import Actor, board_out, iso, participant_out
from app.config import Settings
from app.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from app.models import Audit, Board, Note, Participant, Person, utcnow
from app.practice.sections import SECTION_KEYS
from app.realtime.envelope import BoardEvent
from app.schemas import BoardCreate, JoinRequest


def emit(s: Session, board_id: str, type_: str, data: EventData, *, gaps_stale: bool = False) -> BoardEvent:
    """Log one event under the board's next seq; `gaps_stale` for a change of the notes."""
    return log_event(s, board_id, repo.next_seq(s, board_id, gaps_stale=gaps_stale), type_, data)


def log_event(s: Session, board_id: str, seq: int, type_: str, data: EventData) -> BoardEvent:
    """Log one event under a seq already taken with repo.next_seq in this transaction."""
    repo.add_event(s, board_id, seq, type_, data)
    return BoardEvent(board_id, seq, type_, data)


def audit(
    s: Session,
    actor: Actor,
    action: str,
    *,
    target: str | None = None,
    detail: JSONObject | None = None,
    seq: int | None = None,
) -> None:
    repo.add_audit(
        s,
        Audit(
            board_id=actor.board_id,
            seq=seq,
            **actor.audit_columns(),
            action=action,
            target=target,
            detail=detail or {},
        ),
    )


def closed_board(s: Session, actor: Actor, not_closed: str) -> Board:
    """The facilitator's board, which must be closed: the work after the meeting (review, minutes,
    referral) starts from a closed one. `not_closed` says what to do first."""
    require_facilitator(actor)
    board = load_board(s, actor.board_id)
    if board.status != "closed":
        raise Conflict(not_closed, code="board_not_closed")
    return board


def load_board(s: Session, board_id: str) -> Board:
    board = repo.get_board(s, board_id)
    if board is None:
        raise NotFound("This board does not exist, or it has been closed and deleted.")
    return board


def authenticate(s: Session, board_id: str, token: str | None, *, allow_waiting: bool = False) -> Actor:
    if not token:
        raise Unauthenticated("Sign in first: this needs the board's link or a token.")
    token_hash = hash_token(token)
    p = repo.participant_by_token_hash(s, token_hash)
    if p is None or not same_hash(p.token_hash, token_hash) or p.status == "removed":
        raise Unauthenticated("This link or token is not valid (any more). Ask the facilitator for a new one.")
    if p.board_id != board_id:
        raise Forbidden("This token belongs to another board.")
    if p.status == "waiting" and not allow_waiting:
        raise Forbidden("You are in the waiting room until the facilitator admits you.", code="waiting")
    return Actor(p.id, p.board_id, p.role, p.status, p.name, p.agency, p.identity)


def refresh_actor(s: Session, actor: Actor) -> Actor:
    """Start a write: lock the board row, so that writes to one board are serialised on every
    database (SQLite's BEGIN IMMEDIATE does the same), then re-check the actor: a removed
    participant can do nothing more. One query; the board stays in the session for load_board."""
    board, p = repo.board_and_participant_for_update(s, actor.board_id, actor.participant_id)
    # The session's identity map holds unchanged rows weakly: keep the board for load_board.
    s.info["locked_board"] = board
    if p is None or p.status == "removed":
        raise Unauthenticated("You have been removed from this board.", code="removed")
    if p.status == "waiting":
        raise Forbidden("You are in the waiting room until the facilitator admits you.", code="waiting")
    return Actor(p.id, p.board_id, p.role, p.status, p.name, p.agency, p.identity)


def require_facilitator(actor: Actor) -> None:
    if not actor.is_facilitator:
        raise Forbidden("Only the facilitator can do this.")


def require_open(board: Board, actor: Actor) -> None:
    """May this actor change notes right now?"""
    if actor.role == "viewer":
        raise Forbidden("The projector view is read-only.")
    if board.status == "closed":
        raise Conflict("The meeting is closed: the board is read-only.", code="board_closed")
    if board.status == "locked" and not actor.is_facilitator:
        raise Conflict("The facilitator has locked the board for now.", code="board_locked")


def unique_join_code(s: Session) -> str:
    for _ in range(50):
        code = new_join_code()
        if not repo.join_code_taken(s, code):
            return code
    raise RuntimeError("could not find a free join code")


def new_facilitator(
    s: Session,
    board_id: str,
    token: str,
    *,
    name: str = "Facilitator",
    agency: str = "Facilitator",
    identity: str | None = None,
) -> Participant:
    """The facilitator a new board (created, imported or started as a review) opens with `token`."""
    facilitator = Participant(
        id=new_id(),
        board_id=board_id,
        name=name,
        agency=agency,
        role="facilitator",
        token_hash=hash_token(token),
        identity=identity,
    )
    s.add(facilitator)
    return facilitator


def new_projector(s: Session, board_id: str, token: str) -> Participant:
    """A projector (read-only viewer) of the board, opened with `token`."""
    projector = Participant(
        id=new_id(),
        board_id=board_id,
        name="Projector",
        agency="Projector",
        role="viewer",
        token_hash=hash_token(token),
    )
    s.add(projector)
    return projector


def create_board(
    s: Session,
    data: BoardCreate,
    *,
    facilitator_name: str = "Facilitator",
    facilitator_agency: str = "Facilitator",
    facilitator_identity: str | None = None,
    before_commit: Callable[[Session, Board, Participant], None] | None = None,
) -> tuple[Board, str, str]:
    """Returns the board, the facilitator token and the projector (viewer) token. A signed-in
    creator (app/auth) names the facilitator and links the board in `before_commit`."""
    if facilitator_identity is None:  # a signed-in creator is named by her account
        facilitator_name = data.facilitator_name or facilitator_name
        facilitator_agency = data.facilitator_role or facilitator_agency
    board = Board(id=new_id(), title=data.title, join_code=unique_join_code(s), admit_mode=data.admit_mode)
    s.add(board)
    s.flush()
    for i, person in enumerate(data.family):
        s.add(Person(id=new_id(), board_id=board.id, name=person.name, role=person.role, age=person.age, position=i))
    fac_token, view_token = new_token(), new_token()
    facilitator = new_facilitator(
        s, board.id, fac_token, name=facilitator_name, agency=facilitator_agency, identity=facilitator_identity
    )
    s.flush()
    fac_actor = Actor(
        facilitator.id, board.id, "facilitator", "admitted", facilitator_name, facilitator_agency, facilitator_identity
    )
    audit(s, fac_actor, "board.created", detail={"people": len(data.family)})
    new_projector(s, board.id, view_token)
    if before_commit is not None:
        before_commit(s, board, facilitator)
    s.commit()
    return board, fac_token, view_token


def new_viewer_token(s: Session, actor: Actor) -> str:
    require_facilitator(actor)
    token = new_token()
    new_projector(s, actor.board_id, token)
    s.commit()
    return token


def board_view(s: Session, board_id: str, actor: Actor) -> BoardJSON:
    board = load_board(s, board_id)
    notes = list(repo.notes(s, board_id))
    people = list(repo.people(s, board_id))
    gaps = current_gaps(s, board, people, notes)
    return board_out(board, people, list(repo.participants(s, board_id)), notes, gaps, actor)


def current_gaps(
    s: Session, board: Board, people: Sequence[Person] | None = None, notes: Sequence[Note] | None = None
) -> list[GapJSON]:
    """The board's gaps as of its notes now: the stored ones, or computed afresh (not stored)
    while a note change is waiting for its gap refresh."""
    if not board.gaps_stale:
        return checks.stored_gaps(board)
    return checks.gaps_for(
        repo.people(s, board.id) if people is None else people,
        [*carried_notes(s, board.id), *(repo.notes(s, board.id) if notes is None else notes)],
    )


def join(
    s: Session, board_id: str, data: JoinRequest, settings: Settings, *, identity: str | None = None
) -> tuple[Participant, str, list[BoardEvent]]:
    """`identity`: the joiner is signed in (app/auth); the audit trail names them by it."""
    board = repo.get_board_for_update(s, board_id)
    if board is None or not same_hash(normalise_join_code(data.join_code), board.join_code):
        raise Forbidden(
            "That join code does not match this meeting. Check the code on the room's screen.", code="bad_join_code"
        )
    if board.status == "closed":
        raise Conflict("This meeting has closed; nobody can join it now.", code="board_closed")
    if repo.count_participants(s, board_id) >= settings.max_participants_per_board:
        raise Conflict("This board already has as many participants as it allows.", code="board_full")
    token = new_token()
    status = "waiting" if board.admit_mode == "manual" else "admitted"
    p = Participant(
        id=new_id(),
        board_id=board_id,
        name=data.name,
        agency=data.agency,
        role="participant",
        status=status,
        token_hash=hash_token(token),
        identity=identity,
    )
    s.add(p)
    s.flush()
    event = emit(s, board_id, PARTICIPANT_JOINED, participant_out(p))
    me = Actor(p.id, board_id, p.role, p.status, p.name, p.agency, identity)
    audit(s, me, "participant.joined", target=p.id, detail={"status": status}, seq=event.seq)
    s.commit()
    return p, token, [event]


def set_participant_status(
    s: Session, actor: Actor, participant_id: str, status: str
) -> tuple[Participant, list[BoardEvent]]:
    actor = refresh_actor(s, actor)
    require_facilitator(actor)
    p = repo.get_participant(s, actor.board_id, participant_id)
    if p is None or p.role != "participant":
        raise NotFound("No such participant on this board.")
    if p.status == status:
        return p, []
    if p.status == "removed":
        raise Conflict("This person was removed; they need to join again.", code="participant_removed")
    p.status = status
    s.add(p)
    s.flush()
    type_ = PARTICIPANT_LEFT if status == "removed" else PARTICIPANT_UPDATED
    event = emit(s, actor.board_id, type_, participant_out(p))
    audit(
        s,
        actor,
        f"participant.{'removed' if status == 'removed' else 'admitted'}",
        target=p.id,
        detail={"name": p.name, "agency": p.agency},
        seq=event.seq,
    )
    s.commit()
    return p, [event]


def _board_event(s: Session, board: Board) -> BoardEvent:
    data: BoardUpdatedJSON = {
        "status": board.status,
        "focus": board.focus,
        "admit_mode": board.admit_mode,
        "show_gaps": board.show_gaps,
    }
    return emit(s, board.id, BOARD_UPDATED, data)


AUDIT_ACTIONS = {"locked": "board.locked", "open": "board.unlocked", "closed": "board.closed"}


def update_board(s: Session, actor: Actor, **changes: Any) -> tuple[BoardJSON, list[BoardEvent]]:
    """Focus, lock, unlock, close, reopen, admit mode and gaps on the projector: facilitator only."""
    actor = refresh_actor(s, actor)
    require_facilitator(actor)
    board = load_board(s, actor.board_id)
    status = changes.get("status")
    reopen = changes.pop("reopen", False)
    if reopen:
        if board.status != "closed":
            raise Conflict("The meeting is not closed.", code="not_closed")
        changes = {"status": "open"}
        status = None
        board.closed_at, board.closed_by = None, None
    elif board.status == "closed":
        raise Conflict("The meeting is closed: the board is read-only.", code="board_closed")
    if status == "open" and board.status != "locked":
        raise Conflict("The board is not locked.", code="not_locked")
    if status == "locked" and board.status == "locked":
        raise Conflict("The board is already locked.", code="already_locked")
    for key, value in changes.items():
        setattr(board, key, value)
    if status == "closed":
        board.closed_at = utcnow()
        board.closed_by = actor.participant_id
    s.add(board)
    s.flush()
    events = [_board_event(s, board)]
    if "show_gaps" in changes:
        if board.gaps_stale:
            _store_gaps(s, board)
        events.append(emit(s, board.id, GAPS_UPDATED, {"gaps": checks.stored_gaps(board), "shown": board.show_gaps}))
    for key, value in changes.items():
        action = ("board.reopened" if reopen else AUDIT_ACTIONS[value]) if key == "status" else f"board.{key}"
        audit(s, actor, action, detail={key: value}, seq=events[0].seq)
    s.commit()
    return board_view(s, board.id, actor), events


def validate_focus(section: str | None) -> str | None:
    if section is not None and section not in SECTION_KEYS:
        raise Invalid(f"Unknown section {section!r}.")
    return section


def change_presence(s: Session, actor: Actor, delta: int) -> list[BoardEvent]:
    """A socket opened (+1) or closed (-1). Announce only the changes of online/offline."""
    if actor.role == "viewer":
        return []
    before = repo.get_participant(s, actor.board_id, actor.participant_id)
    if before is None or repo.get_board(s, actor.board_id) is None:
        return []
    was_online = before.connections > 0
    now = repo.change_connections(s, actor.participant_id, delta)
    events: list[BoardEvent] = []
    if was_online != (now > 0):
        s.refresh(before)
        events.append(emit(s, actor.board_id, PARTICIPANT_UPDATED, participant_out(before)))
    s.commit()
    return events


def _store_gaps(s: Session, board: Board) -> bool:
    """Re-run the board checks and store the result; True when the gaps changed."""
    gaps = checks.gaps_for(repo.people(s, board.id), [*carried_notes(s, board.id), *repo.notes(s, board.id)])
    changed = gaps != checks.stored_gaps(board)
    checks.store_gaps(board, gaps)
    board.gaps_stale = False
    s.add(board)
    return changed


def refresh_gaps(s: Session, board_id: str) -> list[BoardEvent]:
    """One transaction after note changes (see app/boards/gap_refresh.py): lock the board, re-run the
    board checks if a note changed since they last ran, and announce the gaps only when they
    changed. Every process may run it for its own writes: under the board's lock, the first
    one to run sees every committed note and the others find nothing stale."""
    board = repo.get_board_for_update(s, board_id)
    if board is None or not board.gaps_stale:
        s.rollback()
        return []
    events = []
    if _store_gaps(s, board):
        events.append(emit(s, board.id, GAPS_UPDATED, {"gaps": checks.stored_gaps(board), "shown": board.show_gaps}))
    s.commit()
    return events


def delete_board(s: Session, actor: Actor) -> tuple[None, list[BoardEvent]]:
    """Every row of the board goes (foreign keys cascade); nothing is logged about it."""
    actor = refresh_actor(s, actor)
    require_facilitator(actor)
    repo.delete_board(s, actor.board_id)
    s.commit()
    return None, []


def audit_out(row: Audit) -> AuditJSON:
    return {
        "seq": row.seq,
        "at": iso(row.at),
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "actor_role": row.actor_role,
        "actor_identity": row.actor_identity,
        "action": row.action,
        "target": row.target,
        "detail": row.detail,
    }


def audit_trail(s: Session, actor: Actor) -> list[AuditJSON]:
    """The meeting's record, for the facilitator's history page and the JSON export."""
    require_facilitator(actor)
    load_board(s, actor.board_id)
    return [audit_out(row) for row in repo.audit_rows(s, actor.board_id)]
