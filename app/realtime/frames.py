"""One WebSocket frame, built once, written to every socket of an audience.

Sending a message through ASGI costs, per socket, starlette's and uvicorn's checks and
websockets' framing of the same bytes again. For a live event the text is the same for
everyone in an audience (app/web/live.py caches it), and without permessage-deflate (Casemap
declines it) so is the frame. `DirectSocket` writes such a prepared frame straight to uvicorn's
transport for one socket, when - and only when - uvicorn's websockets-sansio protocol serves
it, the socket is open, not compressed, not in the middle of a fragmented message and not
pushing back (paused writing). Otherwise it declines and the caller sends through ASGI as usual.

`RawSendMiddleware` keeps the server's own `send` in the scope: the application's middleware
wraps `send`, and only the server's is bound to the protocol object.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from websockets.frames import Frame, Opcode
from websockets.protocol import State

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
except ImportError:  # pragma: no cover - another server: every send goes through ASGI
    WebSocketsSansIOProtocol = None  # type: ignore[assignment, misc]

SCOPE_KEY = "casemap.server_send"


def text_frame(text: str) -> bytes:
    """A final, unmasked text frame (server to client), no extensions."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])


class DirectSocket:
    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol

    @classmethod
    def of(cls, scope: Scope) -> DirectSocket | None:
        send = scope.get(SCOPE_KEY)
        protocol = getattr(send, "__self__", None)
        if WebSocketsSansIOProtocol is None or not isinstance(protocol, WebSocketsSansIOProtocol):
            return None
        return cls(protocol)

    def write(self, frame: bytes) -> bool:
        """Write the frame now; False (nothing written) when it must go through ASGI."""
        p = self.protocol
        conn = p.conn
        if (
            p.close_sent
            or p.disconnected
            or not p.handshake_complete
            or not p.writable.is_set()
            or conn.state is not State.OPEN
            or conn.extensions
            or conn.expect_continuation_frame
            or p.transport.is_closing()
        ):
            return False
        p.transport.write(frame)
        return True


class RawSendMiddleware:
    """Puts the server's `send` of a WebSocket connection into its scope (see DirectSocket)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            scope[SCOPE_KEY] = send
        await self.app(scope, receive, send)
