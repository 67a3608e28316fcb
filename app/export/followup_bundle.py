"""The after-the-meeting parts of an export bundle: the review side of a review board (the
earlier map carried forward, the actions marked, the change panel and its history) and the
minutes. Stored in full (confidential text included, marked); `redact_followup` takes every
confidential item out for a redacted copy.

    bundle["review"]:  null | {number, previous_id, previous_title, previous_date, ratings,
                               history, earlier_notes, actions, evidence}
    bundle["minutes"]: null | {status, version, edited, content, updated_at, finalised_at,
                               finalised_by, stale}
"""

from __future__ import annotations

import copy

from sqlmodel import Session

from app.boards import repository as repo
from app.boards import review_repo as rrepo
from app.boards.minutes import source_hash
from app.boards.review import action_out, carried_out, evidence_out, stored_history, stored_ratings
from app.boards.shapes import BundleJSON, FollowupPartsJSON, MinutesPartJSON, RecordedActionJSON, ReviewPartJSON
from app.boards.visibility import Actor, iso
from app.export.redact import confidential_ids
from app.models import ReviewAction
from app.practice.minutes import withhold


def _recorded(a: ReviewAction, everyone: Actor) -> RecordedActionJSON:
    """The action as the record keeps it: what is worked out on reading (its status label, whether
    it is overdue) is left out, and the board that agreed it is added."""
    shown = action_out(a, everyone)
    return {
        "id": shown["id"],
        "text": shown["text"],
        "owner": shown["owner"],
        "due": shown["due"],
        "agency": shown["agency"],
        "confidential": shown["confidential"],
        "status": shown["status"],
        "evidence": shown["evidence"],
        "previous_status": shown["previous_status"],
        "previous_evidence": shown["previous_evidence"],
        "meeting_date": shown["meeting_date"],
        "version": shown["version"],
        "updated_by": shown["updated_by"],
        "updated_at": shown["updated_at"],
        "edited_by": shown["edited_by"],
        "edited_at": shown["edited_at"],
        "from_board_id": a.from_board_id,
    }


def review_part(s: Session, board_id: str) -> ReviewPartJSON | None:
    row = rrepo.get_review(s, board_id)
    if row is None:
        return None
    everyone = Actor("", board_id, "facilitator", "admitted", "", "")  # the full record
    return {
        "number": row.number,
        "previous_id": row.previous_id,
        "previous_title": row.previous_title,
        "previous_date": iso(row.previous_date),
        "ratings": dict(stored_ratings(row)),
        "history": list(stored_history(row)),
        "earlier_notes": [carried_out(c, everyone) for c in rrepo.carried_notes(s, board_id)],
        "actions": [_recorded(a, everyone) for a in rrepo.review_actions(s, board_id)],
        "evidence": [evidence_out(e, everyone) for e in rrepo.evidence(s, board_id)],
    }


def minutes_part(s: Session, board_id: str) -> MinutesPartJSON | None:
    row = rrepo.get_minutes(s, board_id)
    board = repo.get_board(s, board_id)
    if row is None or board is None:
        return None
    return {
        "status": row.status,
        "version": row.version,
        "edited": row.edited,
        "content": copy.deepcopy(row.content),
        "updated_at": iso(row.updated_at),
        "finalised_at": iso(row.finalised_at) if row.finalised_at else None,
        "finalised_by": row.finalised_by,
        # The board has changed since this draft (as GET .../minutes says); kept by an import.
        "stale": row.source_hash != source_hash(s, board),
    }


def followup_parts(s: Session, board_id: str) -> FollowupPartsJSON:
    return {"review": review_part(s, board_id), "minutes": minutes_part(s, board_id)}


def redact_review(review: ReviewPartJSON | None) -> ReviewPartJSON | None:
    """The review side without anything confidential: earlier notes, actions and evidence
    marked confidential go, from today and from the history."""
    if review is None:
        return None
    out = copy.deepcopy(review)
    out["earlier_notes"] = [n for n in out.get("earlier_notes", []) if not n.get("confidential")]
    out["actions"] = [a for a in out.get("actions", []) if not a.get("confidential")]
    out["evidence"] = [e for e in out.get("evidence", []) if not e.get("confidential")]
    out["history"] = [
        {
            **h,
            "evidence": [e for e in h.get("evidence", []) if not e.get("confidential")],
            "actions": [a for a in h.get("actions", []) if not a.get("confidential")],
        }
        for h in out.get("history", [])
    ]
    return out


def confidential_refs(bundle: BundleJSON) -> set[str]:
    """Ids of everything confidential in the bundle that a line of the minutes could stem from."""
    return confidential_ids(bundle)  # the review side's confidential items are counted there


def redact_minutes(minutes: MinutesPartJSON | None, hidden: set[str]) -> MinutesPartJSON | None:
    """The minutes without any line drawn from something confidential (the draft never draws on
    one; this guards lines the facilitator kept from an earlier version of the board)."""
    if minutes is None:
        return None
    out = copy.deepcopy(minutes)
    out["content"] = withhold(out.get("content") or {}, hidden)
    return out
