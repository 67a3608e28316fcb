"""The referral summary of a closed board: the pure rules (app/practice/referral.py) over its
notes, the earlier map it carried (a review) and the change evidence; the facilitator ticks
what goes in. Excluded items never go in, whatever is asked: asking for one is a 422."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app.boards import repository as repo
from app.boards import review_repo as rrepo
from app.boards.service import audit, closed_board, refresh_actor
from app.boards.shapes import (
    PersonJSON,
    RatingLineJSON,
    ReferralGroupJSON,
    ReferralItemJSON,
    ReferralPartJSON,
    ReferralPreviewJSON,
)
from app.boards.visibility import Actor, iso, person_out
from app.errors import Invalid
from app.models import Board
from app.practice import gaps as gap_rules
from app.practice import referral as rules
from app.practice.behaviour import KINDS
from app.practice.review import QUESTIONS, RATINGS


@dataclass(frozen=True)
class ReferralData:
    board_id: str
    title: str
    created_at: str
    family: list[PersonJSON]
    referral: rules.Referral
    ratings: list[RatingLineJSON]  # a review's agreed ratings, [] otherwise


def _closed_board(s: Session, actor: Actor) -> Board:
    return closed_board(s, actor, "The referral summary is made from a closed meeting: close it first.")


def referral_data(s: Session, actor: Actor) -> ReferralData:
    board = _closed_board(s, actor)
    people = list(repo.people(s, board.id))
    meeting = iso(board.created_at)
    sources: list[rules.Source] = []
    for c in rrepo.carried_notes(s, board.id):
        sources.append(
            rules.Source(
                id=f"c:{c.id}", section=c.section, text=c.text, kind=c.kind, agency=c.agency,
                confidential=c.confidential, about=tuple(c.about), source=c.source, meeting=iso(c.meeting_date),
                owner=c.owner, due=c.due,
            )
        )  # fmt: skip
    for n in repo.notes(s, board.id):
        sources.append(
            rules.Source(
                id=f"n:{n.id}", section=n.section, text=n.text, kind=n.kind, agency=n.agency,
                confidential=n.confidential, about=tuple(n.about), source=n.source, meeting=meeting,
                owner=n.owner, due=n.due,
            )
        )  # fmt: skip
    for e in rrepo.evidence(s, board.id):
        sources.append(
            rules.Source(
                id=f"e:{e.id}", section="change", text=e.text, agency=e.agency, confidential=e.confidential,
                meeting=meeting, question=e.question,
            )
        )  # fmt: skip
    family = [gap_rules.PersonIn(p.id, p.name, p.role, p.age) for p in people]
    review = rrepo.get_review(s, board.id)
    ratings: list[RatingLineJSON] = []
    if review is not None:
        for q in QUESTIONS:
            rating = (review.ratings.get(q.key) or {}).get("rating") or ""
            ratings.append({"key": q.key, "title": q.title, "rating": RATINGS.get(rating, "Not rated")})
    return ReferralData(
        board.id,
        board.title,
        iso(board.created_at),
        [person_out(p) for p in people],
        rules.draft_referral(family, sources),
        ratings,
    )


def item_out(item: rules.Item) -> ReferralItemJSON:
    return {
        "id": item.id,
        "part": item.part,
        "group": item.group,
        "group_label": item.group_label,
        "text": item.text,
        "agency": item.agency,
        "meeting": item.meeting,
        "owner": item.owner,
        "due": item.due,
        "ticked": item.default,
        "excluded": item.excluded,
        "hold": item.hold,
        "reason": item.reason,
    }


def grouped(items: list[rules.Item]) -> list[ReferralPartJSON]:
    """Parts in the summary's order, each with its groups in order of first appearance
    (behaviour kinds in the order of KIND_LABELS)."""
    out: list[ReferralPartJSON] = []
    for part, label in rules.PARTS.items():
        mine = [i for i in items if i.part == part]
        if part == "pattern":
            mine.sort(key=lambda i: KINDS.index(i.group) if i.group in KINDS else len(KINDS))
        groups: dict[str, ReferralGroupJSON] = {}
        for i in mine:
            groups.setdefault(i.group, {"key": i.group, "label": i.group_label, "items": []})["items"].append(
                item_out(i)
            )
        out.append({"key": part, "label": label, "groups": list(groups.values())})
    return out


def preview(s: Session, actor: Actor) -> ReferralPreviewJSON:
    data = referral_data(s, actor)
    return {
        "board_id": data.board_id,
        "title": data.title,
        "parts": [p for p in grouped(data.referral.offered) if p["groups"] or p["key"] != "change" or data.ratings],
        "excluded": [item_out(i) for i in data.referral.excluded],
        "ratings": data.ratings,
        "never": list(rules.EXCLUDED.values()),
    }


def chosen(data: ReferralData, include: list[str] | None) -> list[rules.Item]:
    """The ticked items; a request naming an excluded or unknown item is refused (422)."""
    if include is not None:
        by_id = {i.id: i for i in data.referral.items}
        unknown = [i for i in include if i not in by_id]
        if unknown:
            raise Invalid(
                "Some ticked items are not on this board (any more): reload the preview.", code="unknown_item"
            )
        refused = [by_id[i] for i in include if not by_id[i].offered]
        if refused:
            raise Invalid(
                f"This can never go in a referral summary ({refused[0].reason.lower()}): untick it.",
                code="excluded_item",
            )
    return data.referral.chosen(include)


def record_download(s: Session, actor: Actor, fmt: str, audience: str, count: int) -> None:
    me = refresh_actor(s, actor)
    audit(s, me, "referral.exported", detail={"format": fmt, "audience": audience, "items": count})
    s.commit()
