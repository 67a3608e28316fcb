"""The envelope every board event travels in: the hub and its backends route it by board and
order it by seq; the data is opaque to them (its meaning is app/boards/events.py's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# A JSON object the envelope carries without reading it (app/boards/shapes.py has its shapes).
Payload = Mapping[str, object]


@dataclass(frozen=True)
class BoardEvent:
    board_id: str
    seq: int
    type: str
    data: Payload

    def to_wire(self) -> dict[str, object]:
        return {"board_id": self.board_id, "seq": self.seq, "type": self.type, "data": self.data}

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> BoardEvent:
        """`raw` is what the hub's backend decoded from JSON: free-form until read here."""
        return cls(board_id=str(raw["board_id"]), seq=int(raw["seq"]), type=str(raw["type"]), data=dict(raw["data"]))
