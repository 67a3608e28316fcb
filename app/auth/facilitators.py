"""Who runs which board, for signed-in staff: the creator, co-facilitators added by e-mail or
username, and the list of one's meetings. Each signed-in facilitator acts on a board as a
facilitator participant of their own, named as their identity provider names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from app.auth.tables import BoardFacilitator, StaffAccount
from app.boards import repository as repo
from app.boards import service
from app.boards.events import PARTICIPANT_JOINED
from app.boards.shapes import CoFacilitatorAddedJSON, MeetingJSON
from app.boards.tokens import hash_token, new_id, new_token
from app.boards.visibility import Actor, iso, participant_out
from app.errors import Conflict, Invalid
from app.models import Board, Participant, Review
from app.realtime.envelope import BoardEvent

FACILITATOR_AGENCY = "Facilitator"


def _agency(account: StaffAccount) -> str:
    return account.organisation or FACILITATOR_AGENCY


def creator(account: StaffAccount | None) -> dict[str, Any]:
    """Keyword arguments for service.create_board: the signed-in creator names the facilitator
    and the board is theirs (in the same transaction)."""
    if account is None:
        return {}

    def link(s: Session, board: Board, facilitator: Participant) -> None:
        s.add(
            BoardFacilitator(
                board_id=board.id,
                account_id=account.id,
                participant_id=facilitator.id,
                provider=account.provider,
                added_by=account.identity,
            )
        )

    before_commit: Callable[[Session, Board, Participant], None] = link
    return {
        "facilitator_name": account.name,
        "facilitator_agency": _agency(account),
        "facilitator_identity": account.identity,
        "before_commit": before_commit,
    }


def carry_to_review(account: StaffAccount | None) -> dict[str, Any]:
    """Keyword arguments for review.start_review. A review board is run by the same signed-in
    people as the meeting it follows: the one who starts it acts as its facilitator, named by
    her own account (not as whoever ran the meeting), and the others (and pending invitations)
    carry over, each to their own place on first opening it."""
    if account is None:
        return {}

    def link(s: Session, board: Board, facilitator: Participant, previous_id: str) -> None:
        for old in s.exec(select(BoardFacilitator).where(BoardFacilitator.board_id == previous_id)).all():
            mine = old.account_id == account.id
            s.add(
                BoardFacilitator(
                    board_id=board.id,
                    account_id=old.account_id,
                    participant_id=facilitator.id if mine else None,
                    provider=old.provider,
                    invite=old.invite,
                    added_by=old.added_by,
                )
            )

    before_commit: Callable[[Session, Board, Participant, str], None] = link
    return {
        "facilitator_name": account.name,
        "facilitator_agency": _agency(account),
        "facilitator_identity": account.identity,
        "before_commit": before_commit,
    }


def importer(account: StaffAccount | None) -> dict[str, str | None] | None:
    """For transfer.import_board: the signed-in importer acts on the copy as a facilitator record
    of her own (the file's facilitator stays history, with a token nobody holds)."""
    if account is None:
        return None
    return {"name": account.name, "agency": _agency(account), "identity": account.identity}


def link_imported(s: Session, board_id: str, facilitator_token: str, account: StaffAccount) -> None:
    """An imported board belongs to the signed-in person who imported it: her own facilitator
    record (`importer`) is the one the token opens."""
    p = repo.participant_by_token_hash(s, hash_token(facilitator_token))
    if p is None or p.board_id != board_id or p.identity != account.identity:
        return
    s.add(
        BoardFacilitator(
            board_id=board_id,
            account_id=account.id,
            participant_id=p.id,
            provider=account.provider,
            added_by=account.identity,
        )
    )
    s.commit()


def link_for(s: Session, board_id: str, account_id: str) -> BoardFacilitator | None:
    return s.exec(
        select(BoardFacilitator).where(BoardFacilitator.board_id == board_id, BoardFacilitator.account_id == account_id)
    ).first()


def acting_participant(s: Session, board_id: str, account: StaffAccount) -> tuple[bool, Participant | None]:
    """(linked, participant): whether this person runs the board, and as whom (None until the
    first time a co-facilitator opens it)."""
    link = link_for(s, board_id, account.id)
    if link is None:
        return False, None
    if link.participant_id is None:
        return True, None
    p = repo.get_participant(s, board_id, link.participant_id)
    if p is None or p.role != "facilitator" or p.status == "removed":
        return False, None
    return True, p


def take_up(s: Session, board_id: str, account: StaffAccount) -> tuple[Participant | None, list[BoardEvent]]:
    """A co-facilitator's first visit: their own facilitator place on the board, announced."""
    board = repo.get_board_for_update(s, board_id)
    link = link_for(s, board_id, account.id)
    if board is None or link is None:
        return None, []
    if link.participant_id is not None:
        return repo.get_participant(s, board_id, link.participant_id), []
    p = Participant(
        id=new_id(),
        board_id=board_id,
        name=account.name,
        agency=_agency(account),
        role="facilitator",
        token_hash=hash_token(new_token()),  # never handed out: this person comes in signed in
        identity=account.identity,
    )
    s.add(p)
    s.flush()
    link.participant_id = p.id
    s.add(link)
    event = service.emit(s, board_id, PARTICIPANT_JOINED, participant_out(p))
    me = Actor(p.id, board_id, p.role, p.status, p.name, p.agency, p.identity)
    service.audit(s, me, "facilitator.joined", target=p.id, seq=event.seq)
    s.commit()
    return p, [event]


def claim_invitations(s: Session, account: StaffAccount) -> int:
    """At sign-in: invitations to this person's e-mail or username become theirs (the caller
    commits). An invitation counts only for the provider it names."""
    if not account.handles:
        return 0
    rows = s.exec(
        select(BoardFacilitator).where(
            col(BoardFacilitator.account_id).is_(None),
            BoardFacilitator.provider == account.provider,
            col(BoardFacilitator.invite).in_(account.handles),
        )
    ).all()
    for row in rows:
        if link_for(s, row.board_id, account.id) is not None:
            s.delete(row)
        else:
            row.account_id = account.id
            s.add(row)
    return len(rows)


def normalise_invite(value: str) -> str:
    invite = " ".join(value.split()).lower()
    if not invite or len(invite) > 200 or " " in invite:
        raise Invalid("Give the co-facilitator's work e-mail address or username, as they sign in with it.")
    return invite


def add_cofacilitator(
    s: Session, actor: Actor, *, provider: str, invite: str, added_by: str | None
) -> tuple[CoFacilitatorAddedJSON, list[BoardEvent]]:
    """A facilitator adds someone by e-mail/username: the board appears in their My meetings
    at their next sign-in (at once, if they have signed in before with that handle)."""
    actor = service.refresh_actor(s, actor)
    service.require_facilitator(actor)
    service.load_board(s, actor.board_id)
    invite = normalise_invite(invite)
    taken = s.exec(
        select(BoardFacilitator).where(
            BoardFacilitator.board_id == actor.board_id,
            BoardFacilitator.provider == provider,
            BoardFacilitator.invite == invite,
        )
    ).first()
    known = [
        a
        for a in s.exec(select(StaffAccount).where(StaffAccount.provider == provider)).all()
        if invite in (a.handles or [])
    ]
    if taken is not None or any(link_for(s, actor.board_id, a.id) is not None for a in known):
        raise Conflict(f"{invite} is already a facilitator of this board.", code="already_facilitator")
    row = BoardFacilitator(
        board_id=actor.board_id,
        account_id=known[0].id if len(known) == 1 else None,
        provider=provider,
        invite=invite,
        added_by=added_by or actor.identity or actor.name,
    )
    s.add(row)
    service.audit(s, actor, "facilitator.added", detail={"invite": invite, "provider": provider})
    s.commit()
    return {"invite": invite, "provider": provider, "signed_in_before": row.account_id is not None}, []


def meetings(s: Session, account: StaffAccount) -> list[MeetingJSON]:
    """The boards this person runs, newest first, with who else runs them."""
    rows = s.exec(
        select(Board)
        .join(BoardFacilitator, col(BoardFacilitator.board_id) == col(Board.id))
        .where(BoardFacilitator.account_id == account.id)
        .order_by(col(Board.created_at).desc())
    ).all()
    ids = [b.id for b in rows]
    reviews = set(s.exec(select(Review.board_id).where(col(Review.board_id).in_(ids))).all()) if ids else set()
    others: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        links = s.exec(
            select(BoardFacilitator, StaffAccount)
            .outerjoin(StaffAccount, col(StaffAccount.id) == col(BoardFacilitator.account_id))
            .where(col(BoardFacilitator.board_id).in_(ids))
            .order_by(col(BoardFacilitator.id))
        ).all()
        for link, who in links:
            if who is not None and who.id == account.id:
                continue
            others[link.board_id].append(who.name if who is not None else f"{link.invite} (not signed in yet)")
    return [
        {
            "id": b.id,
            "title": b.title,
            "status": b.status,
            "group": "review" if b.id in reviews else meeting_group(b),
            "join_code": b.join_code,
            "created_at": iso(b.created_at),
            "closed_at": iso(b.closed_at) if b.closed_at else None,
            "co_facilitators": others[b.id],
        }
        for b in rows
    ]


def meeting_group(board: Board) -> str:
    """Which list a board is shown in (review meetings are listed apart by ``meetings``)."""
    return "closed" if board.status == "closed" else "open"


def renew_link(s: Session, actor: Actor) -> tuple[str, list[BoardEvent]]:
    """A new facilitator link for this signed-in facilitator; their old link stops working."""
    actor = service.refresh_actor(s, actor)
    service.require_facilitator(actor)
    p = repo.get_participant(s, actor.board_id, actor.participant_id)
    if p is None:
        raise Conflict("You are not on this board any more.", code="not_on_board")
    token = new_token()
    p.token_hash = hash_token(token)
    s.add(p)
    service.audit(s, actor, "facilitator.link_renewed", target=p.id)
    s.commit()
    return token, []
