"""The answer to creating a board, whichever way it was made (created, imported, or started as
the review of a closed one): the board as its facilitator sees it, its tokens and its links."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from app.boards import service
from app.boards.shapes import BoardCreatedJSON, BoardJSON
from app.boards.visibility import Actor
from app.config import Settings
from app.models import Board
from app.web.deps import base_url
from app.web.links import board_links


@dataclass(frozen=True)
class NewBoard:
    board: BoardJSON
    facilitator_token: str
    viewer_token: str


def new_board(s: Session, board: Board, facilitator_token: str, viewer_token: str) -> NewBoard:
    """Read inside the unit that made the board."""
    facilitator = Actor("", board.id, "facilitator", "admitted", "", "")
    return NewBoard(service.board_view(s, board.id, facilitator), facilitator_token, viewer_token)


def board_created(
    request: Request, settings: Settings, made: NewBoard, previous_id: str | None = None
) -> BoardCreatedJSON:
    """`previous_id`: a review names the board it follows (before the links, where it has been)."""
    board = made.board
    join_code = board["join_code"] or ""  # the facilitator's view always has it
    links = board_links(base_url(request, settings), board["id"], join_code, made.facilitator_token, made.viewer_token)
    if previous_id is None:
        return {
            "board": board,
            "facilitator_token": made.facilitator_token,
            "viewer_token": made.viewer_token,
            "join_code": join_code,
            "join_url": links["join_url"],
            "facilitator_url": links["facilitator_url"],
            "present_url": links["present_url"],
        }
    return {
        "board": board,
        "facilitator_token": made.facilitator_token,
        "viewer_token": made.viewer_token,
        "join_code": join_code,
        "previous_id": previous_id,
        **links,
    }
