"""Recreate a board from a JSON export (app.boards.import_doc.ImportDoc).

The copy is a new board: every id is new (consistently, also inside the event log and the
audit trail), the join code is new, and only the two tokens returned here open it. Everything
people wrote or decided is kept as it was: notes with their versions, flags and resolutions,
times, the family panel, status and focus, the event log with its seq numbers, the audit trail.

Participants are kept as a record of who attended, each with the status the file gives (an
imported "removed" would make the downloads and minutes say they left early, or leave them
out). Their old tokens must not work on the copy, so each gets an unusable random token hash
that no one is ever given (they can join the copy again with its new join code). Imported by
someone signed in (app/auth), the file's facilitators stay history like everyone else and the
new facilitator token opens a new facilitator record named by the importer's account, so what
she does on the copy is hers, not put under the original facilitator's name. Imported without
sign-in, the facilitator's record is reused for the new facilitator token, so her notes stay
hers. A new projector (viewer) record gets the viewer token.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from app.boards import checks, service
from app.boards.import_doc import ImportDoc, ImportRejected
from app.boards.tokens import hash_token, new_id, new_token
from app.boards.transfer_followup import import_followup
from app.models import Audit, Board, Event, Note, Participant, Person, utcnow


def utc(value: datetime) -> datetime:
    """Stored times are UTC (SQLite keeps no offset)."""
    return value.astimezone(UTC)


class IdMap:
    """Old id -> new id, made up on first sight and the same ever after."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.gaps: dict[str, str] = {}

    def __call__(self, old: str) -> str:
        return self.ids.setdefault(old, new_id())

    def opt(self, old: str | None) -> str | None:
        return self(old) if isinstance(old, str) and old else old

    def gap(self, g: dict[str, Any]) -> dict[str, Any]:
        out = {**g, "note_id": self.opt(g.get("note_id")), "person_id": self.opt(g.get("person_id"))}
        if g.get("owner_note_id"):
            out["owner_note_id"] = self.opt(g["owner_note_id"])
        if "id" in g:
            out["id"] = checks.gap_id(str(g["key"]), out["note_id"] or out["person_id"] or str(g["message"]))
            self.gaps[str(g["id"])] = out["id"]
        return out

    def note(self, n: dict[str, Any]) -> dict[str, Any]:
        out = {**n, "id": self.opt(n.get("id"))}
        if isinstance(n.get("author"), dict):
            out["author"] = {**n["author"], "id": self.opt(n["author"].get("id"))}
        if isinstance(n.get("about"), list):
            out["about"] = [self.opt(a) for a in n["about"]]
        return out

    def event(self, type_: str, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("redacted") is True:
            return data
        if type_.startswith("note."):
            return self.note(data)
        if type_.startswith("participant."):
            return {**data, "id": self.opt(data.get("id"))}
        if type_.startswith("review.") and isinstance(data.get("id"), str):
            return {**data, "id": self.opt(data["id"])}
        if type_ == "gaps.updated" and isinstance(data.get("gaps"), list):
            return {**data, "gaps": [self.gap(g) if isinstance(g, dict) else g for g in data["gaps"]]}
        return data

    def target(self, old: str | None) -> str | None:
        if old is None:
            return None
        return self.ids.get(old) or self.gaps.get(old) or old


def _participants(
    s: Session, doc: ImportDoc, board: Board, ids: IdMap, fac_token: str, importer: dict[str, str | None]
) -> tuple[Participant, Participant | None]:
    """The facilitator the new link opens, and the file's first facilitator (the record's)."""
    start = board.created_at
    facilitator: Participant | None = None
    first: Participant | None = None
    for i, p in enumerate(doc.board.participants):
        # Without sign-in, the first facilitator is the one the new link opens; co-facilitators
        # (staff sign-in) stay on the record, with a token nobody holds. A signed-in importer gets
        # back her own record, if the file has one (by identity).
        if importer:
            mine = p.identity is not None and p.identity == importer.get("identity")
            is_fac = p.role == "facilitator" and facilitator is None and mine
        else:
            is_fac = p.role == "facilitator" and facilitator is None
        row = Participant(
            id=ids(p.id),
            board_id=board.id,
            name=p.name,
            agency=p.agency,
            role=p.role,
            status="admitted" if is_fac else p.status,
            token_hash=hash_token(fac_token if is_fac else new_token()),
            identity=p.identity,
            created_at=start + timedelta(microseconds=i),  # keeps the listing order
        )
        s.add(row)
        facilitator = row if is_fac else facilitator
        first = row if first is None and p.role == "facilitator" else first
    if importer and facilitator is None:
        facilitator = service.new_facilitator(
            s,
            board.id,
            fac_token,
            name=importer.get("name") or "Facilitator",
            agency=importer.get("agency") or "Facilitator",
            identity=importer.get("identity"),
        )
        facilitator.created_at = start + timedelta(microseconds=len(doc.board.participants))
    elif facilitator is None:
        facilitator = service.new_facilitator(s, board.id, fac_token)
    return facilitator, first


def _notes(s: Session, doc: ImportDoc, board_id: str, ids: IdMap) -> None:
    for i, n in enumerate(doc.board.notes):
        s.add(
            Note(
                id=ids(n.id),
                board_id=board_id,
                section=n.section,
                text=n.text,
                kind=n.kind,
                agency=n.agency,
                author_id=ids(n.author.id),
                author_name=n.author.name,
                version=n.version,
                sort_key=i,
                confidential=n.confidential,
                owner=n.owner,
                due=n.due.isoformat() if n.due else None,
                source=n.source,
                pathways=list(n.pathways),
                about=[ids(a) for a in n.about],
                flags=[f.model_dump(exclude_unset=True) for f in n.flags],
                created_at=utc(n.created_at),
                updated_at=utc(n.updated_at),
                edited_by=n.edited_by,
                edited_at=utc(n.edited_at) if n.edited_at else None,
            )
        )


def import_board(
    s: Session,
    doc: ImportDoc,
    *,
    max_notes: int | None = None,
    max_note_length: int | None = None,
    importer: dict[str, str | None] | None = None,
) -> tuple[Board, str, str]:
    """Store `doc` as a new board and commit. Returns the board, the facilitator token and the
    projector (viewer) token; nothing else opens the copy. `importer` ({name, agency, identity}
    of a signed-in importer) names a new facilitator record that the token opens."""
    src = doc.board
    if max_notes is not None and len(src.notes) > max_notes:
        raise ImportRejected(f"This board has {len(src.notes)} notes; this server allows {max_notes} per board.")
    if max_note_length is not None and any(len(n.text) > max_note_length for n in src.notes):
        raise ImportRejected(f"A note in this file is longer than this server's limit of {max_note_length} characters.")
    ids = IdMap()
    last_seq = doc.events[-1].seq if doc.events else 0
    board = Board(
        id=new_id(),
        title=src.title,
        status=src.status,
        focus=src.focus,
        seq=max(src.seq, last_seq),
        admit_mode=src.admit_mode,
        show_gaps=src.show_gaps,
        join_code=service.unique_join_code(s),
        created_at=utc(src.created_at),
        updated_at=utcnow(),
        closed_at=utc(src.closed_at) if src.closed_at else None,
    )
    ids.ids[src.id] = board.id
    s.add(board)
    s.flush()
    for i, p in enumerate(src.family):
        s.add(Person(id=ids(p.id), board_id=board.id, name=p.name, role=p.role, age=p.age, position=i))
    fac_token, view_token = new_token(), new_token()
    facilitator, first = _participants(s, doc, board, ids, fac_token, importer or {})
    service.new_projector(s, board.id, view_token)
    _notes(s, doc, board.id, ids)
    import_followup(s, doc, board.id, ids)
    board.gaps = [ids.gap(g.model_dump(exclude_unset=True)) for g in src.gaps]
    # The file's gaps are kept for the record, but the checks run again on the imported notes
    # before anyone is shown them (an older or edited file may lack `confidential`).
    board.gaps_stale = True
    board.closed_by = (first or facilitator).id if src.status == "closed" else None
    for ev in doc.events:
        s.add(
            Event(
                board_id=board.id,
                seq=ev.seq,
                type=ev.type,
                data=ids.event(ev.type, ev.data),
                created_at=utc(ev.created_at),
            )
        )
    for row in doc.audit:
        s.add(
            Audit(
                board_id=board.id,
                seq=row.seq,
                at=utc(row.at),
                actor_id=ids.opt(row.actor_id),
                actor_name=row.actor_name,
                actor_role=row.actor_role,
                actor_identity=row.actor_identity,
                action=row.action,
                target=ids.target(row.target),
                detail=row.detail,
            )
        )
    s.add(
        Audit(
            board_id=board.id,
            actor_id=facilitator.id,
            actor_name=facilitator.name,
            actor_role="facilitator",
            actor_identity=facilitator.identity,
            action="board.imported",
            detail={"exported_at": doc.exported_at.isoformat(), "notes": len(src.notes), "events": len(doc.events)},
        )
    )
    s.add(board)
    s.commit()
    return board, fac_token, view_token
