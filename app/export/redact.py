"""Redaction: take every trace of confidential notes out of an export bundle.

A confidential note (her refuge address, a safe phone number, a child's new school) must never
reach a copy that may go to the perpetrator's side (domain.md §7). Its text lives in more places
than the note itself, so a redacted bundle:

- drops every note that is confidential now;
- treats a note as confidential for the log when it is confidential now *or was at any time*
  (a note typed in the open and then marked confidential carried its text in earlier events);
- replaces the `data` of every event about such a note with `{"redacted": true}` (the event's
  `seq`, `type` and time stay, so the log has no holes);
- replaces the `detail` of every audit row targeting such a note with `{"redacted": true}`;
- drops gaps that point at a withheld note (a `gap` note's question *is* its text), from the
  board and, for notes that ever were confidential, from `gaps.updated` events;
- takes the quoted action out of a gap being found out by such a note (`action`,
  `owner_note_id`): the gap stays, saying only who is finding it out.

Pure functions over plain dicts (typed as app/boards/shapes.py's `BundleJSON`); the input
bundle is never changed. A bundle may hold events and gaps stored by earlier versions, so
their keys are read with `.get()`.
"""

from __future__ import annotations

import copy

from app.boards.shapes import AuditJSON, BundleJSON, ExportEventJSON, GapJSON, JSONObject, NoteJSON

REDACTED: JSONObject = {"redacted": True}
_NOTE_EVENTS = ("note.created", "note.updated", "note.deleted")


def confidential_ids(bundle: BundleJSON) -> set[str]:
    """Ids of notes that are, or ever were, confidential, and on a review board the earlier
    meeting's notes, actions and evidence that are confidential (a question carried over from
    last time points at its earlier note)."""
    ids = {str(n["id"]) for n in bundle["board"]["notes"] if n.get("confidential")}
    for ev in bundle.get("events", []):
        data = ev.get("data") or {}
        if ev.get("type") in ("note.created", "note.updated") and data.get("confidential"):
            ids.add(str(data.get("id")))
    review = bundle.get("review")
    if review:
        items = [*review.get("earlier_notes", []), *review.get("actions", []), *review.get("evidence", [])]
        ids |= {str(item["id"]) for item in items if item.get("confidential")}
    return ids


def withheld_notes(bundle: BundleJSON) -> list[NoteJSON]:
    """The notes a redacted copy leaves out (those confidential now)."""
    return [n for n in bundle["board"]["notes"] if n.get("confidential")]


def _keep_gap(gap: GapJSON, hidden: set[str]) -> bool:
    # A gap computed from a withheld note says so itself: trust that as well as the ids.
    return not gap.get("confidential") and gap.get("note_id") not in hidden


def _gaps(gaps: list[GapJSON], hidden: set[str]) -> list[GapJSON]:
    out: list[GapJSON] = []
    for g in gaps:  # as stored: an event's gaps are not checked on import
        if not isinstance(g, dict):
            out.append(g)
        elif _keep_gap(g, hidden):
            out.append({**g, "owner_note_id": None, "action": None} if g.get("owner_note_id") in hidden else g)
    return out


def _event(ev: ExportEventJSON, hidden: set[str]) -> ExportEventJSON:
    data = ev.get("data") or {}
    if ev.get("type") in _NOTE_EVENTS and str(data.get("id")) in hidden:
        return {**ev, "data": dict(REDACTED)}
    if ev.get("type") == "gaps.updated" and isinstance(data.get("gaps"), list):
        return {**ev, "data": {**data, "gaps": _gaps(data["gaps"], hidden)}}
    if ev.get("type") == "snapshot":  # never stored today; refuse to guess what it carries
        return {**ev, "data": dict(REDACTED)}
    return ev


def _audit(row: AuditJSON, hidden: set[str]) -> AuditJSON:
    if row.get("target") in hidden:
        return {**row, "detail": dict(REDACTED)}
    return row


def _board_note_ids(bundle: BundleJSON) -> set[str]:
    return {str(n["id"]) for n in bundle["board"]["notes"]}


def redact_bundle(bundle: BundleJSON) -> BundleJSON:
    """A deep copy of `bundle` with no confidential text anywhere in it."""
    hidden = confidential_ids(bundle)
    out = copy.deepcopy(bundle)
    board = out["board"]
    current = {str(n["id"]) for n in withheld_notes(bundle)} | (hidden - _board_note_ids(bundle))
    # A note that was confidential once but is open now stays on the map; only its history goes.
    board["notes"] = [n for n in board["notes"] if str(n["id"]) not in current]
    board["gaps"] = _gaps(board.get("gaps", []), current)
    out["events"] = [_event(ev, hidden) for ev in out.get("events", [])]
    out["audit"] = [_audit(row, hidden) for row in out.get("audit", [])]
    return out
