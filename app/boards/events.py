"""Board event types: what is stored in the log and fanned out to every subscriber (in the
envelope of app/realtime/envelope.py, which carries the data without reading it)."""

from __future__ import annotations

NOTE_CREATED = "note.created"
NOTE_UPDATED = "note.updated"
NOTE_DELETED = "note.deleted"
PARTICIPANT_JOINED = "participant.joined"
PARTICIPANT_UPDATED = "participant.updated"
PARTICIPANT_LEFT = "participant.left"
BOARD_UPDATED = "board.updated"
GAPS_UPDATED = "gaps.updated"
BOARD_DELETED = "board.deleted"
