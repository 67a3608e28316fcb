"""Notes: create, edit, move, delete, resolve flags."""

from __future__ import annotations

from typing import cast

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.boards import checks, note_insert
from app.boards import repository as repo
from app.boards.events import GAPS_UPDATED, NOTE_CREATED, NOTE_DELETED, NOTE_UPDATED
from app.boards.service import (
    audit,
    current_gaps,
    emit,
    load_board,
    log_event,
    refresh_actor,
    require_facilitator,
    require_open,
)
from app.boards.shapes import FlagJSON, GapJSON, JSONObject, NoteJSON, NoteUpdatedJSON
from app.boards.visibility import Actor, note_out, visible_note
from app.config import Settings
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.models import Note, utcnow
from app.realtime.envelope import BoardEvent
from app.schemas import FlagResolve, GapAction, NoteCreate, NoteUpdate, one_newline


def _check_text(text: str, settings: Settings) -> None:
    if len(text) > settings.max_note_length:
        raise Invalid(
            f"A note can be at most {settings.max_note_length} characters; this one has {len(text)}. "
            "Split it into shorter notes.",
            code="text_too_long",
        )


def _check_about(s: Session, board_id: str, about: list[str] | None) -> None:
    if about:
        known = {p.id for p in repo.people(s, board_id)}
        unknown = [a for a in about if a not in known]
        if unknown:
            raise Invalid(
                "This note is tagged to someone who is not on this board's family panel (`about`); "
                "choose from the family listed on the board.",
                code="unknown_person",
            )


def _own_retry(s: Session, actor: Actor, client_id: str) -> NoteJSON | None:
    """The note this author already made with this client_id (a retry), if any. Someone else's
    client_id is never answered with their note: that would let anyone probe for notes."""
    existing = repo.note_by_client_id(s, actor.board_id, client_id)
    if existing is None:
        return None
    if existing.author_id != actor.participant_id:
        raise Conflict("This client_id is already used on this board; make a new one.", code="client_id_taken")
    return visible_note(note_out(existing), actor)


def create_note(
    s: Session, actor: Actor, data: NoteCreate, settings: Settings
) -> tuple[NoteJSON, list[BoardEvent], bool]:
    """Returns (note as the author sees it, events, created). A repeated client_id returns the
    first note and creates nothing. The board's gaps are only marked stale: they are
    recomputed after the commit (app/boards/gap_refresh.py), so a note does not wait for them.
    The ordinary case takes the Core path (app/boards/note_insert.py); the rest comes here."""
    fast = note_insert.try_create(s, actor, data, settings)
    if fast is not None:
        return fast
    actor = refresh_actor(s, actor)
    board = load_board(s, actor.board_id)
    if actor.role == "viewer":
        raise Forbidden("The projector view is read-only.")
    if data.client_id:
        existing = _own_retry(s, actor, data.client_id)
        if existing is not None:
            return existing, [], False
    require_open(board, actor)
    _check_text(data.text, settings)
    _check_about(s, board.id, data.about)
    if repo.count_notes(s, board.id) >= settings.max_notes_per_board:
        raise Conflict(f"This board already holds {settings.max_notes_per_board} notes, its limit.", code="board_full")
    # The seq first, so the note is inserted with its sort key (no second UPDATE).
    seq = repo.next_seq(s, board.id, gaps_stale=True)
    # A new note is as its author wrote it: edited_by/edited_at take their defaults (None).
    note = Note(**note_insert.note_values(actor, data, seq, checks.family_for(s, board.id)))
    s.add(note)
    try:
        s.flush()
    except IntegrityError:
        # Another request with the same client_id won the race; answer with its note.
        s.rollback()
        again = _own_retry(s, actor, data.client_id or "")
        if again is None:
            raise
        return again, [], False
    out = note_out(note)
    event = log_event(s, board.id, seq, NOTE_CREATED, out)
    audit(
        s,
        actor,
        "note.created",
        target=note.id,
        seq=event.seq,
        detail={"section": note.section, "kind": note.kind, "text": note.text},
    )
    s.commit()
    return visible_note(out, actor), [event], True


def _editable_note(s: Session, actor: Actor, note_id: str) -> Note:
    actor = refresh_actor(s, actor)
    board = load_board(s, actor.board_id)
    require_open(board, actor)
    note = repo.get_note(s, board.id, note_id)
    if note is None:
        raise NotFound("This note no longer exists; someone may have deleted it.")
    if not actor.is_facilitator and note.author_id != actor.participant_id:
        raise Forbidden("Only the note's author or the facilitator can change it.")
    return note


def update_note(
    s: Session, actor: Actor, note_id: str, data: NoteUpdate, settings: Settings
) -> tuple[NoteJSON, list[BoardEvent]]:
    note = _editable_note(s, actor, note_id)
    if data.version != note.version:
        raise Conflict(
            "Someone changed this note while you were editing it. Here is the current text.",
            code="version_conflict",
            extra={"current": visible_note(note_out(note), actor)},
        )
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise Invalid("Nothing to change: send at least one field besides `version`.", code="no_changes")
    if "text" in changes:
        if data.text is None:
            raise Invalid("A note needs text.", code="empty_text")
        _check_text(data.text, settings)
        if data.text == one_newline(note.text):
            # The same words: a note stored with CRLF before breaks were made one kind (and
            # saved unchanged from the form) keeps its stored text and names no new editor.
            changes["text"] = note.text
    if "section" in changes and data.section is None:
        raise Invalid("A note must stay in one of the four sections.", code="invalid_section")
    if "about" in changes:
        _check_about(s, note.board_id, data.about)
    moved_from = note.section if data.section and data.section != note.section else None
    previous_text = note.text
    was_confidential = note.confidential
    for key, value in changes.items():
        if key == "due":
            value = data.due.isoformat() if data.due else None
        elif key in ("pathways", "about"):
            value = list(value or [])
        elif key in ("kind", "confidential") and value is None:
            continue
        setattr(note, key, value)
    if "text" in changes or moved_from:
        family = checks.family_for(s, note.board_id)
        old: list[FlagJSON] = cast("list[FlagJSON]", note.flags)  # the JSON column, as flags_for made it
        flags = _carry_resolutions(old, checks.flags_for(note.text, note.section, family))
        note.flags = cast("list[dict[str, object]]", flags)
    note.version += 1
    note.updated_at = utcnow()
    if note.text != previous_text:
        # The record names who rewrote the words and when; the words as they were stay in
        # the audit trail (detail.previous_text below).
        note.edited_by = actor.name
        note.edited_at = note.updated_at
    s.add(note)
    s.flush()
    out = note_out(note)
    payload: NoteJSON | NoteUpdatedJSON = {**out, "moved_from": moved_from} if moved_from else out
    event = emit(s, note.board_id, NOTE_UPDATED, payload, gaps_stale=True)
    if moved_from:
        note.sort_key = event.seq
        audit(s, actor, "note.moved", target=note.id, seq=event.seq, detail={"from": moved_from, "to": note.section})
    edited = sorted(k for k in changes if k != "section")
    if edited:
        detail: JSONObject = {"fields": edited}
        if note.text != previous_text:
            detail.update(previous_text=previous_text, text=note.text)
        audit(s, actor, "note.updated", target=note.id, seq=event.seq, detail=detail)
    events = [event]
    if note.confidential and not was_confidential:
        events += _withhold_question(s, note)
    s.commit()
    return visible_note(out, actor), events


def _withhold_question(s: Session, note: Note) -> list[BoardEvent]:
    """A note just marked confidential: its open question leaves the projector in this same
    write, not only when the debounced gap refresh (app/boards/gap_refresh.py) comes round."""
    board = load_board(s, note.board_id)
    stored = checks.stored_gaps(board)
    gaps: list[GapJSON] = [{**g, "confidential": True} if g.get("note_id") == note.id else g for g in stored]
    if gaps == stored:
        return []
    checks.store_gaps(board, gaps)
    s.add(board)
    return [emit(s, board.id, GAPS_UPDATED, {"gaps": gaps, "shown": board.show_gaps})]


def _carry_resolutions(old: list[FlagJSON], new: list[FlagJSON]) -> list[FlagJSON]:
    """A flag the room already resolved stays resolved when the same words fire it again (the
    note moved, or was edited elsewhere). New words of the same category were never reviewed:
    their flag opens again, or the record would say she kept wording she never saw."""
    resolved = {(f["category"], f.get("trigger")): f for f in old if f.get("status") != "open"}
    return [
        {
            **f,
            "status": was["status"],
            "reason": was["reason"],
            "resolved_by": was["resolved_by"],
            "resolved_at": was["resolved_at"],
        }
        if (was := resolved.get((f["category"], f.get("trigger")))) is not None
        else f
        for f in new
    ]


def delete_note(s: Session, actor: Actor, note_id: str) -> list[BoardEvent]:
    note = _editable_note(s, actor, note_id)
    board_id, section, text = note.board_id, note.section, note.text
    s.delete(note)
    s.flush()
    deleted = emit(s, board_id, NOTE_DELETED, {"id": note_id, "section": section}, gaps_stale=True)
    audit(s, actor, "note.deleted", target=note_id, seq=deleted.seq, detail={"section": section, "text": text})
    s.commit()
    return [deleted]


def resolve_flag(
    s: Session, actor: Actor, note_id: str, category: str, data: FlagResolve
) -> tuple[NoteJSON, list[BoardEvent]]:
    actor = refresh_actor(s, actor)
    require_facilitator(actor)
    board = load_board(s, actor.board_id)
    if board.status == "closed":
        raise Conflict("The meeting is closed: the board is read-only.", code="board_closed")
    note = repo.get_note(s, board.id, note_id)
    if note is None:
        raise NotFound("This note no longer exists.")
    if not any(f["category"] == category for f in note.flags):
        raise NotFound(f"This note has no flag {category!r}.", code="no_such_flag")
    if data.status == "kept" and not data.reason:
        raise Invalid(
            "Say why the wording is kept: a short reason is recorded with the decision.", code="reason_required"
        )
    when = utcnow().isoformat(timespec="seconds").replace("+00:00", "Z")
    note.flags = [
        {**f, "status": data.status, "reason": data.reason, "resolved_by": actor.name, "resolved_at": when}
        if f["category"] == category
        else f
        for f in note.flags
    ]
    note.version += 1
    note.updated_at = utcnow()
    s.add(note)
    s.flush()
    out = note_out(note)
    events = [emit(s, board.id, NOTE_UPDATED, out)]
    audit(
        s,
        actor,
        "flag.resolved",
        target=note.id,
        seq=events[0].seq,
        detail={"category": category, "status": data.status, "reason": data.reason},
    )
    s.commit()
    return out, events


def _quoted_action(owner: str, question: str, limit: int) -> str:
    """ "Police to find out: <the question>", shortened with an ellipsis to fit a note, so a
    long question still becomes an action (its note keeps the whole question)."""
    head = f"{owner} to find out: "
    if len(head) + len(question) <= limit:
        return head + question
    return head + question[: max(0, limit - len(head) - 1)].rstrip() + "…"


def gap_to_action(
    s: Session, actor: Actor, gap_id: str, data: GapAction, settings: Settings
) -> tuple[NoteJSON, list[BoardEvent]]:
    """Turn a gap into an owned action in `practice`, in one step. The gap itself stays open
    (marked as owned) until the answer is on the board."""
    actor = refresh_actor(s, actor)
    require_facilitator(actor)
    board = load_board(s, actor.board_id)
    gap = next((g for g in current_gaps(s, board) if g.get("id") == gap_id), None)
    if gap is None:
        raise NotFound("That gap is no longer open; the board may have answered it.", code="no_such_gap")
    text = data.text or _quoted_action(data.owner, str(gap["message"]), settings.max_note_length)
    # A confidential note's question is its text: the action that answers it stays confidential
    # too (the facilitator can open it up), or its words would reach the projector and exports.
    body = NoteCreate(
        section="practice",
        kind="action",
        text=text,
        owner=data.owner,
        due=data.due,
        confidential=bool(gap.get("confidential")),
    )
    audit(s, actor, "gap.action", target=gap_id, detail={"gap": gap["key"], "owner": data.owner})
    note, events, _ = create_note(s, actor, body, settings)
    return note, events
