"""The JSON export: the whole board, versioned, for archiving and for moving a board between
Casemap servers (`POST /api/boards/import`). Documented for people in docs/export-format.md.

Format version 1 (`"casemap_export": 1`)::

    {
      "casemap_export": 1,               # format version; importers refuse other values
      "exported_at": "2026-11-28T11:42:07.120Z",   # ISO 8601 UTC
      "exported_by": "Facilitator",      # who asked for the copy
      "redacted": false,                 # true: confidential notes were taken out (not importable)
      "withheld_notes": 0,               # how many notes a redacted copy leaves out
      "board": {
        "id", "title", "status" (open|locked|closed), "seq" (last event number),
        "focus" (section key|null), "admit_mode" (auto|manual), "show_gaps" (bool),
        "created_at", "closed_at" (ISO|null),
        "sections": [{"key", "title", "prompt"}],          # the four sections, in order
        "family": [{"id", "name", "role", "age"}],         # Person, contract.md
        "participants": [{"id", "name", "agency", "role", "status", "identity"}],
                               # identity: a signed-in member's e-mail/username (app/auth), else
                               # null; optional on import (older files lack it)
        "notes": [Note],       # contract.md Note, flags included with their resolutions:
                               # {kind, category, message, pivot[3], status, reason, trigger,
                               #  suggestion, resolved_by?, resolved_at?}
        "gaps": [{"id", "key", "section", "message", "severity", "note_id", "person_id", "owned_by",
                  "status" (open|finding_out), "owner_note_id", "action", "confidential"}],
        "actions": [{"note_id", "section", "text", "owner", "due", "agency"}]   # derived
      },
      "events": [{"seq", "type", "data", "created_at"}],   # the event log, in seq order
      "audit": [{"seq", "at", "actor_id", "actor_name", "actor_role", "actor_identity", "action",
                 "target", "detail"}],     # actor_identity as participants' identity
      "review": null | {...},            # a review meeting's side (app.export.followup_bundle)
      "minutes": null | {...}            # the minutes, once drafted
    }

Left out on purpose: the join code (it lets people into a live meeting), tokens and their
hashes (never exported), participants' `online` (a moment's state), the projector's own
participant record. `actions` is derived from the notes of kind `action` and ignored on import.

Redaction (`redact=True`) applies `app.export.redact`: confidential notes are removed, and the
events and audit details that carried their text become `{"redacted": true}`. A redacted copy
also leaves out staff identities (`identity`, `actor_identity`, the `invite` of
`facilitator.added`): it is made to go beyond the core group, and people are named there by
name and agency as in every other download.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.boards.import_doc import FORMAT_VERSION, ImportDoc, ImportRejected, parse_import
from app.boards.shapes import BundleJSON, FollowupPartsJSON, JSONObject, NoteJSON
from app.export.followup_bundle import confidential_refs, redact_minutes, redact_review
from app.export.redact import redact_bundle, withheld_notes

__all__ = ["FORMAT_VERSION", "ImportDoc", "ImportRejected", "parse_import", "render_json"]

BOARD_FIELDS = (
    "id",
    "title",
    "status",
    "seq",
    "focus",
    "admit_mode",
    "show_gaps",
    "created_at",
    "closed_at",
    "sections",
    "family",
)
PARTICIPANT_FIELDS = ("id", "name", "agency", "role", "status", "identity")
EVENT_FIELDS = ("seq", "type", "data", "created_at")
AUDIT_FIELDS = ("seq", "at", "actor_id", "actor_name", "actor_role", "actor_identity", "action", "target", "detail")
# Staff e-mail addresses/usernames: kept in the archive, left out of a redacted copy.
IDENTITY_FIELDS = ("identity", "actor_identity")


def _actions(notes: list[NoteJSON]) -> list[JSONObject]:
    return [
        {
            "note_id": n["id"],
            "section": n["section"],
            "text": n["text"],
            "owner": n.get("owner"),
            "due": n.get("due"),
            "agency": n["agency"],
        }
        for n in notes
        if n["kind"] == "action"
    ]


def _pick(row: Mapping[str, object], keys: tuple[str, ...]) -> JSONObject:
    """The listed keys of a shape, in the document's order (None where an old row lacks one)."""
    return {key: row.get(key) for key in keys}


def render_json(bundle: BundleJSON, redact: bool) -> JSONObject:
    """The export document (a JSON-ready dict). With `redact`, nothing confidential is in it."""
    withheld = len(withheld_notes(bundle)) if redact else 0
    source = bundle
    if redact:
        bundle = redact_bundle(bundle)
    src = bundle["board"]
    board = _pick(src, BOARD_FIELDS)
    kept = tuple(key for key in PARTICIPANT_FIELDS if not (redact and key in IDENTITY_FIELDS))
    people = [p for p in src["participants"] if p.get("role") != "viewer"]
    board["participants"] = [_pick(p, kept) for p in people]
    board["notes"] = list(src["notes"])
    board["gaps"] = list(src.get("gaps", []))
    board["actions"] = _actions(list(src["notes"]))
    return {
        "casemap_export": FORMAT_VERSION,
        "exported_at": bundle["exported_at"],
        "exported_by": bundle.get("exported_by"),
        "redacted": redact,
        "withheld_notes": withheld,
        "board": board,
        "events": [_pick(ev, EVENT_FIELDS) for ev in bundle.get("events", [])],
        "audit": [_audit_row(row, redact) for row in bundle.get("audit", [])],
        **_followup(source, redact),
    }


def _audit_row(row: Mapping[str, object], redact: bool) -> JSONObject:
    if not redact:
        return _pick(row, AUDIT_FIELDS)
    out = _pick(row, tuple(key for key in AUDIT_FIELDS if key not in IDENTITY_FIELDS))
    detail = out.get("detail")
    if isinstance(detail, dict) and "invite" in detail:  # facilitator.added: whose e-mail/username
        out["detail"] = {k: v for k, v in detail.items() if k != "invite"}
    return out


def _followup(bundle: BundleJSON, redact: bool) -> FollowupPartsJSON:
    """The review side and the minutes (app.export.followup_bundle), redacted like the rest."""
    review, minutes = bundle.get("review"), bundle.get("minutes")
    if redact:
        return {"review": redact_review(review), "minutes": redact_minutes(minutes, confidential_refs(bundle))}
    return {"review": review, "minutes": minutes}
