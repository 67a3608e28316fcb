"""Bridge from stored rows to the pure practice rules (flags on notes, gaps on the board)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import cast

from sqlmodel import Session

from app.boards import repository as repo
from app.boards.shapes import FlagJSON, GapJSON
from app.models import Board, CarriedNote, Note, Person
from app.practice import gaps, wording


def family_for(s: Session, board_id: str) -> wording.Family:
    """The board's family panel as the wording checks read it (names as the roles they stand for)."""
    return family_from_rows((p.name, p.role) for p in repo.people(s, board_id))


def family_from_rows(rows: Iterable[tuple[str, str]]) -> wording.Family:
    """The family panel from its people's (name, role), in panel order: `family_for` when the
    rows were read without the ORM (the SQLite note path, app/boards/note_sqlite.py)."""
    return wording.family_of(rows)


def flags_for(text: str, section: str | None, family: wording.Family | None = None) -> list[FlagJSON]:
    """The wording flags of one note. ``family`` (``family_for`` the note's board) lets the
    checks read "Kayleigh" and "Dean" as her and him."""
    return [
        {
            "kind": "blaming",
            "category": f.category,
            "message": f.message,
            "pivot": list(f.pivot),
            "status": "open",
            "reason": None,
            "trigger": f.trigger,
            "suggestion": f.suggestion,
            # "rule": a firm flag on an exact frame; "model": the learned layer's softer
            # "may read as", with its probability and the words that weighed most.
            "source": f.source,
            "probability": f.probability,
            "drivers": list(f.drivers),
        }
        for f in wording.analyse(text, section, family=family)
    ]


def gap_id(key: str, detail: str) -> str:
    """A stable id for one gap, so the facilitator can act on it."""
    return f"{key}-{hashlib.sha1(detail.encode(), usedforsecurity=False).hexdigest()[:8]}"


def gaps_for(people: Sequence[Person], notes: Sequence[Note | CarriedNote]) -> list[GapJSON]:
    """`notes` may start with a review board's earlier (carried) notes: the map from last time
    covers what it covered, and its open questions are still open."""
    family = [gaps.PersonIn(id=p.id, name=p.name, role=p.role, age=p.age) for p in people]
    read = [
        gaps.NoteIn(
            id=n.id,
            section=n.section,
            text=n.text,
            kind=n.kind,
            owner=n.owner,
            source=n.source,
            about=tuple(n.about),
        )
        for n in notes
    ]
    found = gaps.find_gaps(family, read)
    withheld = {n.id for n in notes if n.confidential}
    # A gap can tell what a confidential note disclosed without quoting it ("How does his
    # behaviour cause, worsen or exploit the drug use?"): a gap the board's other notes would not
    # raise in the same words is as confidential as the note it came from.
    public = (
        {(g.key, g.message) for g in gaps.find_gaps(family, [n for n in read if n.id not in withheld])}
        if withheld
        else None
    )
    return [
        {
            "id": gap_id(g.key, g.note_id or g.person_id or g.message),
            "key": g.key,
            "section": g.section,
            "message": g.message,
            "severity": g.severity,
            "note_id": g.note_id,
            "person_id": g.person_id,
            "owned_by": g.owned_by,
            "status": g.status,
            # The action that will find it out is quoted from its note: a confidential note's
            # words stay with the note, and the gap says only who is finding it out.
            "owner_note_id": None if g.owner_note_id in withheld else g.owner_note_id,
            "action": None if g.owner_note_id in withheld else g.action,
            # An open question *is* its note's text: a confidential note's question never
            # reaches the projector (see visibility.visible_gaps), the minutes nor a redacted
            # export; nor does a gap only a confidential note raised.
            "confidential": g.note_id in withheld or (public is not None and (g.key, g.message) not in public),
        }
        for g in found
    ]


def stored_gaps(board: Board) -> list[GapJSON]:
    """The gaps last announced, as `gaps_for` gave them (the JSON column holds them as written;
    rows from before a key was added lack it, so readers `.get()` the newer keys)."""
    return cast("list[GapJSON]", board.gaps)


def store_gaps(board: Board, gaps: list[GapJSON]) -> None:
    board.gaps = cast("list[dict[str, object]]", gaps)
