"""Review meetings: start one from a closed board, mark the actions carried forward, and record
the change panel (evidence by agency, ratings the room agrees).

A review is a new board with its own join code and links: people of the earlier meeting rejoin
by the new code, and the earlier board stays closed. It carries the family, the earlier map
(read-only, dated) and every action not yet done; its own notes are new. The link to the
earlier board is kept while that board lasts (retention may purge it); what the review needs
from it is copied.

Review events carry no free text (`review.updated`: what changed, ids, statuses), so every
audience may receive them as they are; clients read the text with GET .../review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import cast

from sqlmodel import Session

from app.boards import repository as repo
from app.boards import review_repo as rrepo
from app.boards import service
from app.boards.service import audit, emit, load_board, refresh_actor, require_facilitator, require_open
from app.boards.shapes import (
    BoardRefJSON,
    CarriedNoteJSON,
    ChangeQuestionJSON,
    ChangesJSON,
    EvidenceJSON,
    HistoryEntryJSON,
    RatingJSON,
    ReviewActionJSON,
    ReviewJSON,
    ReviewUpdatedJSON,
)
from app.boards.tokens import new_id, new_token
from app.boards.visibility import CONFIDENTIAL_PLACEHOLDER, Actor, iso
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.local_time import LOCAL_TZ
from app.models import Board, CarriedNote, ChangeEvidence, Note, Participant, Person, Review, ReviewAction, utcnow
from app.practice import gaps as gap_rules
from app.practice import review as rules
from app.realtime.envelope import BoardEvent
from app.schemas_followup import ActionMark, EvidenceCreate, RatingSet

REVIEW_UPDATED = "review.updated"


def today() -> date:
    return datetime.now(LOCAL_TZ).date()


# ---- starting a review ----------------------------------------------------------------------


def stored_ratings(review: Review) -> dict[str, RatingJSON]:
    """The agreed ratings by question (`set_rating` stores them)."""
    ratings: dict[str, RatingJSON] = review.ratings
    return ratings


def stored_history(review: Review) -> list[HistoryEntryJSON]:
    """The earlier reviews as `_history_entry` stored them (the JSON column holds them as written)."""
    return cast("list[HistoryEntryJSON]", review.history)


def _history_entry(board: Board, review: Review, s: Session) -> HistoryEntryJSON:
    """The earlier review as it ended: its ratings, evidence and marked actions."""
    return {
        "board_id": board.id,
        "title": board.title,
        "date": iso(board.created_at),
        "number": review.number,
        "ratings": {q: v.copy() for q, v in stored_ratings(review).items()},
        "evidence": [
            {"question": e.question, "agency": e.agency, "text": e.text, "confidential": e.confidential}
            for e in rrepo.evidence(s, board.id)
        ],
        "actions": [
            {
                "text": a.text,
                "owner": a.owner,
                "due": a.due,
                "status": a.status,
                "evidence": a.evidence,
                "confidential": a.confidential,
            }
            for a in rrepo.review_actions(s, board.id)
        ],
    }


def start_review(
    s: Session,
    actor: Actor,
    before_commit: Callable[[Session, Board, Participant, str], None] | None = None,
    *,
    facilitator_name: str | None = None,
    facilitator_agency: str | None = None,
    facilitator_identity: str | None = None,
) -> tuple[Board, str, str]:
    """From the actor's closed board, a new review board. Returns it with its facilitator and
    projector tokens (nothing else opens it). ``before_commit`` runs in the same transaction
    (signed-in facilitators carry over to the review). A signed-in starter names the review's
    facilitator (``facilitator_*``, her account); without sign-in it is named as the earlier
    board's facilitator was."""
    actor = refresh_actor(s, actor)
    old = service.closed_board(s, actor, "Close the meeting before starting its review.")
    existing = rrepo.review_of(s, old.id)
    if existing is not None:
        raise Conflict(
            "A review of this meeting has already been started.",
            code="review_exists",
            extra={"review_id": existing.board_id},
        )
    earlier = rrepo.get_review(s, old.id)
    number = earlier.number + 1 if earlier else 1
    board = Board(
        id=new_id(),
        title=rules.review_title(rules.base_title(old.title), number),
        join_code=service.unique_join_code(s),
        admit_mode=old.admit_mode,
        gaps_stale=True,  # the earlier map's open questions show from the first read
    )
    s.add(board)
    s.flush()
    people: dict[str, str] = {}
    for p in repo.people(s, old.id):
        people[p.id] = new_id()
        s.add(Person(id=people[p.id], board_id=board.id, name=p.name, role=p.role, age=p.age, position=p.position))
    old_fac = next((p for p in repo.participants(s, old.id) if p.role == "facilitator"), None)
    fac_token, view_token = new_token(), new_token()
    if facilitator_name is not None:
        facilitator = service.new_facilitator(
            s,
            board.id,
            fac_token,
            name=facilitator_name,
            agency=facilitator_agency or "Facilitator",
            identity=facilitator_identity,
        )
    elif old_fac is not None:
        facilitator = service.new_facilitator(s, board.id, fac_token, name=old_fac.name, agency=old_fac.agency)
    else:
        facilitator = service.new_facilitator(s, board.id, fac_token)
    service.new_projector(s, board.id, view_token)
    notes, actions = _carry(s, old, board.id, people)
    history = [*stored_history(earlier), _history_entry(old, earlier, s)] if earlier else []
    s.add(
        Review(
            board_id=board.id,
            previous_id=old.id,
            previous_title=old.title,
            previous_date=old.created_at,
            number=number,
            history=cast("list[dict[str, object]]", history),  # stored as JSON, as it is
        )
    )
    s.flush()
    fac_actor = Actor(
        facilitator.id, board.id, "facilitator", "admitted", facilitator.name, facilitator.agency, facilitator.identity
    )
    detail = {"previous_id": old.id, "number": number, "earlier_notes": notes, "actions": actions}
    audit(s, fac_actor, "review.started", detail=detail)
    audit(s, actor, "review.started", target=board.id, detail={"review_id": board.id, "number": number})
    if before_commit is not None:
        before_commit(s, board, facilitator, old.id)
    s.commit()
    return board, fac_token, view_token


def _carry(s: Session, old: Board, board_id: str, people: dict[str, str]) -> tuple[int, int]:
    """Copy the earlier map (its own carried notes first: they are older) and the actions not
    yet done. Returns how many notes and actions were carried."""
    own = list(repo.notes(s, old.id))
    # (note, the board it was first written on, that meeting's date)
    sources: list[tuple[Note | CarriedNote, str, datetime]] = [
        *((c, c.from_board_id, c.meeting_date) for c in rrepo.carried_notes(s, old.id)),
        *((n, old.id, old.created_at) for n in own),
    ]
    for position, (n, from_board_id, meeting_date) in enumerate(sources):
        s.add(
            CarriedNote(
                id=new_id(), board_id=board_id, from_board_id=from_board_id, meeting_date=meeting_date,
                position=position, section=n.section, text=n.text, kind=n.kind, agency=n.agency,
                author_name=n.author_name, confidential=n.confidential, owner=n.owner, due=n.due, source=n.source,
                about=[people[a] for a in n.about if a in people], created_at=n.created_at,
                edited_by=n.edited_by, edited_at=n.edited_at,
            )
        )  # fmt: skip
    earlier = list(rrepo.review_actions(s, old.id))
    keep = {a.id for a in rules.actions_to_carry([rules.ActionIn(a.id, a.text, a.status) for a in earlier])}
    count = 0
    for a in earlier:
        if a.id not in keep:
            continue
        s.add(
            ReviewAction(
                id=new_id(), board_id=board_id, from_board_id=a.from_board_id, meeting_date=a.meeting_date,
                position=count, text=a.text, owner=a.owner, due=a.due, agency=a.agency,
                confidential=a.confidential, previous_status=a.status, previous_evidence=a.evidence,
                edited_by=a.edited_by, edited_at=a.edited_at,
            )
        )  # fmt: skip
        count += 1
    for n in own:
        if n.kind != "action":
            continue
        s.add(
            ReviewAction(
                id=new_id(), board_id=board_id, from_board_id=old.id, meeting_date=old.created_at,
                position=count, text=n.text, owner=n.owner, due=n.due, agency=n.agency, confidential=n.confidential,
                edited_by=n.edited_by, edited_at=n.edited_at,
            )
        )  # fmt: skip
        count += 1
    return len(sources), count


# ---- what each audience sees --------------------------------------------------------------


def _text(text: str, confidential: bool, actor: Actor) -> str:
    return CONFIDENTIAL_PLACEHOLDER if confidential and actor.role == "viewer" else text


def carried_out(c: CarriedNote, actor: Actor) -> CarriedNoteJSON:
    return {
        "id": c.id,
        "section": c.section,
        "text": _text(c.text, c.confidential, actor),
        "kind": c.kind,
        "agency": c.agency,
        "author_name": c.author_name,
        "confidential": c.confidential,
        "owner": c.owner,
        "due": c.due,
        "source": None if c.confidential and actor.role == "viewer" else c.source,
        "about": list(c.about),
        "meeting_date": iso(c.meeting_date),
        "from_board_id": c.from_board_id,
        "created_at": iso(c.created_at),
        "edited_by": c.edited_by,
        "edited_at": iso(c.edited_at) if c.edited_at else None,
    }


def action_out(a: ReviewAction, actor: Actor, on: date | None = None) -> ReviewActionJSON:
    due = rules.DueAction(a.id, a.text, a.due, a.status)
    return {
        "id": a.id,
        "text": _text(a.text, a.confidential, actor),
        "owner": a.owner,
        "due": a.due,
        "agency": a.agency,
        "confidential": a.confidential,
        "status": a.status,
        "status_label": rules.ACTION_STATUSES.get(a.status, a.status),
        "evidence": _text(a.evidence, a.confidential, actor),
        "previous_status": a.previous_status,
        "previous_evidence": _text(a.previous_evidence, a.confidential, actor),
        "meeting_date": iso(a.meeting_date),
        "overdue": rules.is_overdue(due, on or today()),
        "version": a.version,
        "updated_by": a.updated_by,
        "updated_at": iso(a.updated_at) if a.updated_at else None,
        "edited_by": a.edited_by,
        "edited_at": iso(a.edited_at) if a.edited_at else None,
    }


def evidence_out(e: ChangeEvidence, actor: Actor) -> EvidenceJSON:
    return {
        "id": e.id,
        "question": e.question,
        "text": _text(e.text, e.confidential, actor),
        "agency": e.agency,
        "author": {"id": e.author_id, "name": e.author_name},
        "confidential": e.confidential,
        "created_at": iso(e.created_at),
    }


def _history_out(history: Sequence[HistoryEntryJSON], actor: Actor) -> list[HistoryEntryJSON]:
    if actor.role != "viewer":
        return [h.copy() for h in history]
    return [
        {
            **h,
            "evidence": [e for e in h.get("evidence", []) if not e.get("confidential")],
            "actions": [a for a in h.get("actions", []) if not a.get("confidential")],
        }
        for h in history
    ]


def _change_out(
    review: Review, evidence: Sequence[ChangeEvidence], history: Sequence[HistoryEntryJSON], actor: Actor
) -> list[ChangeQuestionJSON]:
    last: dict[str, RatingJSON] = history[-1]["ratings"] if history else {}
    out: list[ChangeQuestionJSON] = []
    for q in rules.QUESTIONS:
        agreed = review.ratings.get(q.key) or {}
        rating = agreed.get("rating")
        before = last.get(q.key)
        previous = before.get("rating") if before else None
        out.append(
            {
                "key": q.key,
                "title": q.title,
                "prompt": q.prompt,
                "rating": rating,
                "rating_label": rules.RATINGS.get(rating or "", "Not rated yet"),
                "set_by": agreed.get("set_by"),
                "set_at": agreed.get("set_at"),
                "previous_rating": previous,
                "previous_label": rules.RATINGS.get(previous or "", ""),
                "trend": rules.trend(previous, rating),
                "evidence": [evidence_out(e, actor) for e in evidence if e.question == q.key],
            }
        )
    return out


def _changes_out(
    s: Session, board_id: str, carried: Sequence[CarriedNote], actions: Sequence[ReviewAction], actor: Actor
) -> ChangesJSON:
    notes = [n for n in repo.notes(s, board_id) if not (n.confidential and actor.role == "viewer")]
    family = [gap_rules.PersonIn(p.id, p.name, p.role, p.age) for p in repo.people(s, board_id)]
    changes = rules.changes_since(
        family,
        [rules.MapNote(c.id, c.section, c.text, c.kind) for c in carried],
        [rules.MapNote(n.id, n.section, n.text, n.kind) for n in notes],
        [rules.DueAction(a.id, a.text, a.due, a.status) for a in actions],
        today(),
    )
    return {
        "new_behaviours": [
            {"note_id": b.note_id, "text": b.text, "kinds": list(b.kinds), "new_kinds": list(b.new_kinds)}
            for b in changes.new_behaviours
        ],
        "new_kinds": changes.new_kind_labels,
        "overdue": [a.id for a in changes.overdue],
        "unmarked": changes.unmarked,
        "marked": changes.marked,
    }


def review_view(s: Session, board_id: str, actor: Actor) -> ReviewJSON:
    """The review side of a board, as this actor may see it; for a board that is not a review,
    only its link to a later review (if one was started)."""
    load_board(s, board_id)
    review = rrepo.get_review(s, board_id)
    successor = rrepo.review_of(s, board_id)
    nxt: BoardRefJSON | None = None
    if successor is not None:
        later = repo.get_board(s, successor.board_id)
        nxt = {"id": successor.board_id, "title": later.title if later else None}
    if review is None:
        return {
            "board_id": board_id,
            "is_review": False,
            "next": nxt,
            "number": 0,
            "previous": None,
            "history": [],
            "earlier_notes": [],
            "actions": [],
            "change": [],
        }
    carried = rrepo.carried_notes(s, board_id)
    actions = rrepo.review_actions(s, board_id)
    evidence = rrepo.evidence(s, board_id)
    previous = repo.get_board(s, review.previous_id) if review.previous_id else None
    on = today()
    history = stored_history(review)
    return {
        "board_id": board_id,
        "is_review": True,
        "next": nxt,
        "number": review.number,
        "previous": {
            "id": review.previous_id,
            "title": review.previous_title,
            "date": iso(review.previous_date),
            "available": previous is not None,
        },
        "history": _history_out(history, actor),
        "earlier_notes": [carried_out(c, actor) for c in carried],
        "actions": [action_out(a, actor, on) for a in actions],
        "change": _change_out(review, evidence, history, actor),
        "changes": _changes_out(s, board_id, carried, actions, actor),
    }


# ---- changes at the review ----------------------------------------------------------------


def _review_board(s: Session, actor: Actor) -> tuple[Actor, Board, Review]:
    actor = refresh_actor(s, actor)
    board = load_board(s, actor.board_id)
    review = rrepo.get_review(s, board.id)
    if review is None:
        raise Conflict("This board is not a review meeting.", code="not_a_review")
    return actor, board, review


def _event(s: Session, board_id: str, data: ReviewUpdatedJSON) -> BoardEvent:
    return emit(s, board_id, REVIEW_UPDATED, data)


def mark_action(
    s: Session, actor: Actor, action_id: str, data: ActionMark
) -> tuple[ReviewActionJSON, list[BoardEvent]]:
    """Done / in progress / not done, with a word on the evidence: facilitator or participant."""
    actor, board, _ = _review_board(s, actor)
    require_open(board, actor)
    action = rrepo.get_action(s, board.id, action_id)
    if action is None:
        raise NotFound("No such action on this review board.", code="no_such_action")
    if data.version is not None and data.version != action.version:
        raise Conflict(
            "Someone marked this action while you were editing it. Here it is as it stands.",
            code="version_conflict",
            extra={"current": action_out(action, actor)},
        )
    action.status, action.evidence = data.status, data.evidence
    action.version += 1
    action.updated_by, action.updated_at = actor.name, utcnow()
    s.add(action)
    s.flush()
    event = _event(s, board.id, {"what": "action", "id": action.id, "status": action.status})
    audit(s, actor, "review.action_marked", target=action.id, seq=event.seq, detail={"status": action.status})
    s.commit()
    return action_out(action, actor), [event]


def add_evidence(
    s: Session, actor: Actor, data: EvidenceCreate, max_length: int
) -> tuple[EvidenceJSON, list[BoardEvent]]:
    actor, board, _ = _review_board(s, actor)
    require_open(board, actor)
    if len(data.text) > max_length:
        raise Invalid(
            f"Evidence can be at most {max_length} characters; this has {len(data.text)}.", code="text_too_long"
        )
    row = ChangeEvidence(
        id=new_id(),
        board_id=board.id,
        question=data.question,
        text=data.text,
        agency=actor.agency,
        author_id=actor.participant_id,
        author_name=actor.name,
        confidential=data.confidential,
    )
    s.add(row)
    s.flush()
    event = _event(s, board.id, {"what": "evidence", "id": row.id, "question": row.question})
    audit(
        s, actor, "review.evidence_added", target=row.id, seq=event.seq,
        detail={"question": row.question, "confidential": row.confidential},
    )  # fmt: skip
    s.commit()
    return evidence_out(row, actor), [event]


def delete_evidence(s: Session, actor: Actor, evidence_id: str) -> tuple[None, list[BoardEvent]]:
    """Its author or the facilitator."""
    actor, board, _ = _review_board(s, actor)
    require_open(board, actor)
    row = rrepo.get_evidence(s, board.id, evidence_id)
    if row is None:
        raise NotFound("This evidence is no longer on the board.", code="no_such_evidence")
    if not actor.is_facilitator and row.author_id != actor.participant_id:
        raise Forbidden("Only the person who wrote it or the facilitator can remove it.")
    s.delete(row)
    s.flush()
    event = _event(s, board.id, {"what": "evidence_deleted", "id": evidence_id, "question": row.question})
    audit(s, actor, "review.evidence_deleted", target=evidence_id, seq=event.seq, detail={"question": row.question})
    s.commit()
    return None, [event]


def set_rating(s: Session, actor: Actor, question: str, data: RatingSet) -> tuple[ChangeQuestionJSON, list[BoardEvent]]:
    """The rating the room agrees, recorded by the facilitator."""
    actor, board, review = _review_board(s, actor)
    require_facilitator(actor)
    require_open(board, actor)
    if question not in rules.QUESTIONS_BY_KEY:
        raise NotFound("Unknown question: use naming, claiming or changes.", code="no_such_question")
    when = utcnow().isoformat(timespec="seconds").replace("+00:00", "Z")
    review.ratings = {**review.ratings, question: {"rating": data.rating, "set_by": actor.name, "set_at": when}}
    s.add(review)
    s.flush()
    event = _event(s, board.id, {"what": "rating", "question": question, "rating": data.rating})
    audit(s, actor, "review.rated", seq=event.seq, detail={"question": question, "rating": data.rating})
    s.commit()
    change = _change_out(review, rrepo.evidence(s, board.id), stored_history(review), actor)
    return next(c for c in change if c["key"] == question), [event]
