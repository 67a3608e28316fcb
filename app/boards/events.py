"""Board events: what is stored in the log and fanned out to every subscriber."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NOTE_CREATED = "note.created"
NOTE_UPDATED = "note.updated"
NOTE_DELETED = "note.deleted"
PARTICIPANT_JOINED = "participant.joined"
PARTICIPANT_UPDATED = "participant.updated"
PARTICIPANT_LEFT = "participant.left"
BOARD_UPDATED = "board.updated"
GAPS_UPDATED = "gaps.updated"
BOARD_DELETED = "board.deleted"


@dataclass(frozen=True)
class BoardEvent:
    board_id: str
    seq: int
    type: str
    data: dict[str, Any]

    def to_wire(self) -> dict[str, Any]:
        return {"board_id": self.board_id, "seq": self.seq, "type": self.type, "data": self.data}

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> BoardEvent:
        return cls(board_id=str(raw["board_id"]), seq=int(raw["seq"]), type=str(raw["type"]), data=dict(raw["data"]))
