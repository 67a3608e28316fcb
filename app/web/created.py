"""The answer to creating a board, whichever way it was made (created, imported, or started as
the review of a closed one): the board as its facilitator sees it, its tokens and its links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlmodel import Session

from app.boards import service
from app.boards.visibility import Actor
from app.config import Settings
from app.models import Board
from app.web.deps import base_url
from app.web.links import board_links


@dataclass(frozen=True)
class NewBoard:
    board: dict[str, Any]
    facilitator_token: str
    viewer_token: str


def new_board(s: Session, board: Board, facilitator_token: str, viewer_token: str) -> NewBoard:
    """Read inside the unit that made the board."""
    facilitator = Actor("", board.id, "facilitator", "admitted", "", "")
    return NewBoard(service.board_view(s, board.id, facilitator), facilitator_token, viewer_token)


def board_created(request: Request, settings: Settings, made: NewBoard, **extra: str) -> dict[str, Any]:
    board = made.board
    links = board_links(
        base_url(request, settings), board["id"], board["join_code"], made.facilitator_token, made.viewer_token
    )
    return {
        "board": board,
        "facilitator_token": made.facilitator_token,
        "viewer_token": made.viewer_token,
        "join_code": board["join_code"],
        **extra,
        **links,
    }
