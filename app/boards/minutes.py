"""The minutes of a closed board: drafted from the board the first time the facilitator opens
them (app/practice/minutes.py), edited by her, then marked final.

A draft nobody has edited follows the board: if the meeting is reopened and changed, the next
read drafts it again. An edited draft is kept, and says the board has changed since (`stale`);
"redraft" replaces it from the board. Final minutes are not changed until she takes them back
to draft. Facilitator only, like the downloads.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlmodel import Session

from app.boards import repository as repo
from app.boards import review_repo as rrepo
from app.boards.service import audit, closed_board, current_gaps, refresh_actor
from app.boards.visibility import Actor, iso
from app.errors import Conflict
from app.local_time import local
from app.models import Board, Minutes, utcnow
from app.practice import gaps as gap_rules
from app.practice import minutes as rules
from app.practice.review import ACTION_STATUSES, QUESTIONS, RATINGS
from app.practice.sections import CATEGORY_LABELS
from app.schemas_followup import MinutesContent, MinutesUpdate
from app.text_safety import xml_safe


def _closed(s: Session, actor: Actor) -> Board:
    return closed_board(s, actor, "Minutes are drafted when the meeting closes: close it first.")


def source_hash(s: Session, board: Board) -> str:
    """What the draft is drawn from, in one digest: notes (and their flags), participants, the
    review side."""
    parts: list[Any] = [
        [(n.id, n.version, n.confidential) for n in repo.notes(s, board.id)],
        [(p.id, p.status, p.name) for p in repo.participants(s, board.id) if p.role != "viewer"],
    ]
    review = rrepo.get_review(s, board.id)
    if review is not None:
        parts.append(review.ratings)
        parts.append([(a.id, a.version) for a in rrepo.review_actions(s, board.id)])
        parts.append([e.id for e in rrepo.evidence(s, board.id)])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def draft(s: Session, board: Board) -> dict[str, Any]:
    people = list(repo.people(s, board.id))
    participants = list(repo.participants(s, board.id))
    notes = list(repo.notes(s, board.id))
    authors = {n.author_id for n in notes}
    chair = next((p.name for p in participants if p.role == "facilitator"), "Facilitator")
    attendees = [
        rules.AttendeeIn(p.name, p.agency)
        for p in participants
        if p.role == "participant" and (p.status == "admitted" or (p.status == "removed" and p.id in authors))
    ]
    review = rrepo.get_review(s, board.id)
    earlier = []
    change = []
    if review is not None:
        earlier = [
            rules.EarlierActionIn(
                a.id, a.text, a.owner, a.due, ACTION_STATUSES.get(a.status, a.status), a.evidence, a.confidential
            )
            for a in rrepo.review_actions(s, board.id)
        ]
        evidence = list(rrepo.evidence(s, board.id))
        for q in QUESTIONS:
            rating = (review.ratings.get(q.key) or {}).get("rating") or ""
            count = sum(1 for e in evidence if e.question == q.key and not e.confidential)
            change.append(rules.ChangeIn(q.key, q.title, RATINGS.get(rating, "Not rated"), count))
    meeting = rules.MeetingIn(
        title=board.title,
        date=local(iso(board.created_at)).date().isoformat(),
        chair=chair,
        attendees=attendees,
        family=[gap_rules.PersonIn(p.id, p.name, p.role, p.age) for p in people],
        notes=[
            rules.NoteIn(
                id=n.id,
                section=n.section,
                text=n.text,
                kind=n.kind,
                agency=n.agency,
                confidential=n.confidential,
                owner=n.owner,
                due=n.due,
                about=tuple(n.about),
                flags=tuple(
                    rules.FlagIn(
                        CATEGORY_LABELS.get(f["category"], f["category"]), f.get("status", "open"), f.get("reason")
                    )
                    for f in n.flags
                ),
            )
            for n in notes
        ],
        gaps=[
            rules.GapIn(
                str(g.get("id")), str(g["message"]), g.get("owned_by"), g.get("note_id"), bool(g.get("confidential"))
            )
            for g in current_gaps(s, board)
        ],
        earlier_actions=earlier,
        change=change,
    )
    # A board stored before control characters were refused may still hold some: drafted
    # minutes leave them out rather than fail.
    drafted = xml_safe(rules.draft_minutes(meeting))
    return MinutesContent.model_validate(drafted).model_dump(mode="json")


def withheld_refs(s: Session, board: Board) -> set[str]:
    """What no line of the minutes may come from: notes, earlier actions, evidence and questions
    that are confidential now."""
    hidden = {n.id for n in repo.notes(s, board.id) if n.confidential}
    hidden |= {a.id for a in rrepo.review_actions(s, board.id) if a.confidential}
    hidden |= {e.id for e in rrepo.evidence(s, board.id) if e.confidential}
    hidden |= {c.id for c in rrepo.carried_notes(s, board.id) if c.confidential}
    hidden |= {str(g["id"]) for g in current_gaps(s, board) if g.get("confidential")}
    return hidden


def minutes_out(row: Minutes, stale: bool = False, hidden: set[str] | None = None) -> dict[str, Any]:
    """The stored minutes as read; `hidden` lines (see withheld_refs) are left out, so a line
    kept from before its note was marked confidential never reaches the screen or a file."""
    return {
        "status": row.status,
        "version": row.version,
        "edited": row.edited,
        "stale": stale,
        "content": rules.withhold(row.content, hidden) if hidden else row.content,
        "updated_at": iso(row.updated_at),
        "finalised_at": iso(row.finalised_at) if row.finalised_at else None,
        "finalised_by": row.finalised_by,
    }


def get_minutes(s: Session, actor: Actor) -> dict[str, Any]:
    """The minutes, drafted now if this is the first look (or the board changed under an
    unedited draft)."""
    board = _closed(s, actor)
    row = rrepo.get_minutes(s, board.id)
    digest = source_hash(s, board)
    if row is None:
        row = Minutes(board_id=board.id, content=draft(s, board), source_hash=digest)
        s.add(row)
        audit(s, actor, "minutes.drafted")
        s.commit()
        s.refresh(row)
    elif row.status == "draft" and not row.edited and row.source_hash != digest:
        row.content, row.source_hash, row.updated_at = draft(s, board), digest, utcnow()
        row.version += 1
        s.add(row)
        audit(s, actor, "minutes.drafted", detail={"again": True})
        s.commit()
        s.refresh(row)
    return minutes_out(row, stale=row.source_hash != digest, hidden=withheld_refs(s, board))


def _row(s: Session, actor: Actor) -> tuple[Actor, Board, Minutes]:
    actor = refresh_actor(s, actor)
    board = _closed(s, actor)
    row = rrepo.get_minutes(s, board.id)
    if row is None:
        raise Conflict("The minutes have not been drafted yet: open them first.", code="no_minutes")
    return actor, board, row


def save(s: Session, actor: Actor, data: MinutesUpdate) -> dict[str, Any]:
    actor, board, row = _row(s, actor)
    if row.status == "final":
        raise Conflict("These minutes are final: take them back to draft to change them.", code="minutes_final")
    if data.version != row.version:
        raise Conflict(
            "The minutes changed since you opened them. Here they are as they stand.",
            code="version_conflict",
            extra={"current": minutes_out(row, hidden=withheld_refs(s, board))},
        )
    row.content = MinutesContent.model_validate(data.model_dump(exclude={"version"})).model_dump(mode="json")
    row.edited, row.version, row.updated_at = True, row.version + 1, utcnow()
    s.add(row)
    audit(s, actor, "minutes.saved", detail={"version": row.version})
    s.commit()
    return minutes_out(row, hidden=withheld_refs(s, board))


def change_status(s: Session, actor: Actor, action: str) -> dict[str, Any]:
    """final: mark them final; draft: back to draft; redraft: a new draft from the board."""
    actor, board, row = _row(s, actor)
    if action == "final":
        if row.status == "final":
            raise Conflict("These minutes are already final.", code="minutes_final")
        row.status, row.finalised_at, row.finalised_by = "final", utcnow(), actor.name
    elif action == "draft":
        if row.status != "final":
            raise Conflict("These minutes are a draft already.", code="minutes_draft")
        row.status, row.finalised_at, row.finalised_by = "draft", None, None
    else:
        if row.status == "final":
            raise Conflict("These minutes are final: take them back to draft first.", code="minutes_final")
        row.content, row.source_hash, row.edited = draft(s, board), source_hash(s, board), False
    row.version += 1
    row.updated_at = utcnow()
    s.add(row)
    audit(s, actor, f"minutes.{action}", detail={"version": row.version})
    s.commit()
    return minutes_out(row, hidden=withheld_refs(s, board))
