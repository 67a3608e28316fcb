"""The envelope every board event travels in: the hub and its backends route it by board and
order it by seq; the data is opaque to them (its meaning is app/boards/events.py's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
