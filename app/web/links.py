"""The three links a facilitator hands out."""

from __future__ import annotations

from urllib.parse import quote

from app.boards.shapes import BoardLinksJSON


def join_url(base: str, board_id: str, join_code: str) -> str:
    return f"{base}/join/{board_id}?code={quote(join_code)}"


def enter_url(base: str, board_id: str, token: str) -> str:
    return f"{base}/b/{board_id}/enter?k={quote(token)}"


def board_links(base: str, board_id: str, join_code: str, facilitator_token: str, viewer_token: str) -> BoardLinksJSON:
    return {
        "join_url": join_url(base, board_id, join_code),
        "facilitator_url": enter_url(base, board_id, facilitator_token),
        "present_url": enter_url(base, board_id, viewer_token),
    }
