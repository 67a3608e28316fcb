"""WebSockets: the JSON event stream of the contract, and the HTML streams of the pages.

Each connection: check Origin and token -> subscribe -> send hello and what the client missed
(or a snapshot) -> relay live events in seq order, filling any hole from the event log.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import AliasChoices, Field, TypeAdapter, ValidationError
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from starlette.websockets import WebSocketState

from app.boards import notes as note_service
from app.boards import repository as repo
from app.boards import service
from app.boards.events import BOARD_DELETED, GAPS_UPDATED, NOTE_CREATED, NOTE_UPDATED, PARTICIPANT_LEFT
from app.boards.shapes import GapJSON, GapsUpdatedJSON, NoteJSON
from app.boards.visibility import Actor, flagged_notes, note_out, participant_out, visible_event
from app.config import Settings, get_settings
from app.db import Database, run_write
from app.errors import DomainError
from app.models import Event, Participant
from app.realtime.envelope import BoardEvent, Payload
from app.realtime.frames import DirectSocket
from app.realtime.hub import RESYNC, Hub, Subscription
from app.schemas import NoteCreate, NoteUpdate, Strict
from app.web.deps import authenticate, client_address, origin_allowed, projector_actor, read_only
from app.web.live import HtmlRenderer, JsonRenderer, Renderer
from app.web.ratelimit import RateLimits
from app.web.validation import describe_errors

log = logging.getLogger("casemap.ws")
router = APIRouter()

Ref = Annotated[str, Field(max_length=100)] | None
NoteId = Annotated[str, Field(max_length=32, validation_alias=AliasChoices("id", "note_id"))]


class CreateCommand(NoteCreate):
    op: Literal["note.create"]
    ref: Ref = None


class UpdateCommand(NoteUpdate):
    op: Literal["note.update"]
    ref: Ref = None
    id: NoteId


class DeleteCommand(Strict):
    op: Literal["note.delete"]
    ref: Ref = None
    id: NoteId


Command = TypeAdapter(Annotated[CreateCommand | UpdateCommand | DeleteCommand, Field(discriminator="op")])


NOTE_TEXT_EVENTS = frozenset({NOTE_CREATED, NOTE_UPDATED})
# Events that may close the socket: always through the pump.
DIRECT_EXCLUDED = frozenset({PARTICIPANT_LEFT, BOARD_DELETED})


def replayed(row: Event, confidential: set[str]) -> Payload:
    """A stored event's data for replay. A note event, or a gap of a note, stored before the
    note was marked confidential is replayed as confidential (`confidential`: the ids that are now,
    and deleted notes that ever were), so the projector never gets the text it had then."""
    if row.type in NOTE_TEXT_EVENTS and row.data.get("id") in confidential:
        return {**row.data, "confidential": True}
    if row.type == GAPS_UPDATED and confidential:
        # An open question is its note's text.
        stored = cast(GapsUpdatedJSON, row.data)
        gaps = [_replayed_gap(g, confidential) for g in stored.get("gaps", [])]
        return {**stored, "gaps": gaps}
    return row.data


def _replayed_gap(gap: GapJSON, confidential: set[str]) -> GapJSON:
    if gap.get("note_id") in confidential:
        gap = {**gap, "confidential": True}
    if gap.get("owner_note_id") in confidential:
        # The action that will find it out is now confidential: its words and note go, as they
        # do from a gap computed after the change.
        gap = {**gap, "owner_note_id": None, "action": None}
    return gap


class Connection:
    def __init__(
        self,
        ws: WebSocket,
        actor: Actor,
        renderer: Renderer,
        sub: Subscription,
        db: Database,
        hub: Hub,
        settings: Settings,
    ) -> None:
        self.ws, self.actor, self.renderer, self.sub = ws, actor, renderer, sub
        self.db, self.hub, self.settings = db, hub, settings
        self.last = 0
        self.key = f"{actor.participant_id}:{id(self)}"
        self.send_lock = asyncio.Lock()
        self.closed = False
        # Live events go straight to the socket (deliver_now) once the start-up messages are
        # out, and while the pump is not in the middle of one.
        self.direct = DirectSocket.of(ws.scope) if isinstance(renderer, JsonRenderer) else None
        self.live = False
        self.busy = False
        if self.direct is not None:
            sub.now = self.deliver_now

    async def send(self, text: str) -> None:
        async with self.send_lock:
            await self.ws.send_text(text)

    async def close(self, code: int, reason: str) -> None:
        self.closed = True
        if self.ws.application_state == WebSocketState.CONNECTED:
            try:
                await self.ws.close(code=code, reason=reason)
            except RuntimeError:
                pass

    async def deliver(self, event: BoardEvent) -> None:
        if event.seq <= self.last:
            return
        text = await self.renderer.render(event, self.actor)
        self.last = event.seq
        if text is not None:
            await self.send(text)
        if event.type == PARTICIPANT_LEFT and event.data.get("id") == self.actor.participant_id:
            await self.close(4403, "You have been removed from this board.")

    def deliver_now(self, event: BoardEvent) -> bool:
        """Deliver the next event in order, synchronously, as the same prepared frame as every
        socket of this audience; False when it has to wait its turn in the queue."""
        if (
            not self.live
            or self.busy
            or self.closed
            or event.seq != self.last + 1
            or self.send_lock.locked()
            or event.type in DIRECT_EXCLUDED
            or self.direct is None
        ):
            return False
        assert isinstance(self.renderer, JsonRenderer)
        frame = self.renderer.frame_now(event, self.actor)
        if frame is not None and not self.direct.write(frame):
            return False
        self.last = event.seq
        return True

    async def catch_up(self, upto: int | None) -> None:
        viewer = self.actor.role == "viewer"

        def load(s: Session) -> tuple[list[Event], set[str]]:
            rows = list(repo.events_after(s, self.actor.board_id, self.last, upto, limit=self.settings.replay_limit))
            return rows, repo.withheld_note_ids(s, self.actor.board_id) if viewer else set()

        rows, confidential = await read_only(self.db, load)
        for row in rows:
            await self.deliver(BoardEvent(row.board_id, row.seq, row.type, replayed(row, confidential)))
            if self.closed:
                return

    async def pump(self) -> None:
        """Relay events from the hub, in order, until the socket closes."""
        self.live = True
        while not self.closed:
            self.busy = False
            item = await self.sub.queue.get()
            self.busy = True
            if item == RESYNC:
                await self.catch_up(None)
            elif isinstance(item, BoardEvent):
                if item.type == "board.deleted":
                    await self.close(4404, "The facilitator deleted this board.")
                    return
                if item.seq > self.last + 1:
                    await self.catch_up(item.seq - 1)
                await self.deliver(item)


async def _accept(ws: WebSocket, board_id: str, *, viewer: bool) -> tuple[Actor, Settings] | None:
    settings = get_settings()
    if not origin_allowed(ws, settings):
        await ws.close(code=1008, reason="This page's origin may not open the board.")
        return None
    db: Database = ws.app.state.db
    try:
        if viewer:
            actor = await projector_actor(ws, db, board_id, settings)
        else:
            actor = await authenticate(ws, db, board_id, settings)
    except DomainError as exc:
        await ws.close(code=1008, reason=exc.detail[:120])
        return None
    await ws.accept()
    return actor, settings


async def _presence(db: Database, hub: Hub, actor: Actor, delta: int) -> None:
    def unit(s: Session) -> tuple[None, list[BoardEvent]]:
        return None, service.change_presence(s, actor, delta)

    async def work() -> tuple[None, list[BoardEvent]]:
        def inner() -> tuple[None, list[BoardEvent]]:
            with db.session() as s:
                return unit(s)

        return await run_write(db, inner)

    try:
        await hub.write_and_publish(actor.board_id, work)
    except Exception:  # presence is best effort; the note stream must not suffer for it
        log.warning("presence update failed for participant %s", actor.participant_id, exc_info=True)


# Sends what a new connection starts with (hello and replay, or the page's refresh).
Starter = Callable[["Connection"], Awaitable[None]]


async def _serve(
    ws: WebSocket, board_id: str, actor: Actor, settings: Settings, renderer: Renderer, start: Starter, commands: bool
) -> None:
    db: Database = ws.app.state.db
    hub: Hub = ws.app.state.hub
    async with hub.subscribe(board_id) as sub:
        conn = Connection(ws, actor, renderer, sub, db, hub, settings)
        presence = actor.role != "viewer" and not (
            actor.is_facilitator and isinstance(renderer, HtmlRenderer) and renderer.present
        )
        if presence:
            await _presence(db, hub, actor, +1)
        pump: asyncio.Task[None] | None = None
        try:
            await start(conn)
            pump = asyncio.create_task(conn.pump())
            await _receive(conn, commands)
        except WebSocketDisconnect:
            pass
        finally:
            if pump is not None:
                pump.cancel()
            if presence:
                await _presence(db, hub, actor, -1)


async def _receive(conn: Connection, commands: bool) -> None:
    while not conn.closed:
        message = await conn.ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        if not commands:
            continue
        raw = message.get("text")
        if raw is None and message.get("bytes") is not None:
            raw = message["bytes"].decode("utf-8", "replace")
        await _command(conn, raw or "")


async def _command(conn: Connection, raw: str) -> None:
    ref: str | int | None = None
    try:
        limits: RateLimits = conn.ws.app.state.limits
        try:
            body = _read_message(conn, raw)
            ref = body.get("ref") if isinstance(body.get("ref"), str | int) else None
            try:
                cmd = Command.validate_python(body)
            except ValidationError as exc:
                raise DomainError(describe_errors(exc.errors()), code="invalid_message") from None
        except DomainError:
            # Every message counts against the connection's limit, a bad one too, and the
            # limit is answered first.
            await limits.hit("ws_message", conn.key)
            raise
        # The connection's, the participant's and the address's limits in one call.
        await limits.hit_many(
            [("ws_message", conn.key), ("note", conn.actor.participant_id), ("note_address", client_address(conn.ws))]
        )
        note, events = await _run(conn, cmd)
        seq = max([conn.last, *(e.seq for e in events)])
        await conn.send(json.dumps({"seq": seq, "type": "ack", "data": {"ref": ref, "note": note}}))
    except DomainError as exc:
        data = {"ref": ref, **exc.body()}
        await conn.send(json.dumps({"seq": conn.last, "type": "error", "data": data}))
    except (WebSocketDisconnect, asyncio.CancelledError):
        raise
    except DBAPIError as exc:
        log.error("ws command hit a database error on board %s: %s", conn.actor.board_id, type(exc.orig).__name__)
        detail = "The database is not answering, so this was not saved. Please try again in a moment."
        await conn.send(
            json.dumps(
                {
                    "seq": conn.last,
                    "type": "error",
                    "data": {"ref": ref, "code": "database_unavailable", "detail": detail},
                }
            )
        )
    except Exception as exc:  # one bad message must not take the socket down; say so and carry on
        # The type only: an exception's text can carry what was typed.
        log.error("ws command failed on board %s: %s", conn.actor.board_id, type(exc).__name__)
        data = {"ref": ref, "code": "internal_error", "detail": "Something went wrong on the server with this message."}
        await conn.send(json.dumps({"seq": conn.last, "type": "error", "data": data}))


def _read_message(conn: Connection, raw: str) -> dict[str, Any]:
    """The message as a JSON object, or a DomainError saying what is wrong with it."""
    if len(raw.encode()) > conn.settings.max_ws_message_bytes:
        raise DomainError(
            f"Message too large: at most {conn.settings.max_ws_message_bytes} bytes.", code="message_too_large"
        )
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise DomainError("Messages must be JSON objects (and not nested too deeply).", code="invalid_json") from None
    if not isinstance(body, dict):
        raise DomainError("Messages must be JSON objects with an `op`.", code="invalid_message")
    return body


async def _run(
    conn: Connection, cmd: CreateCommand | UpdateCommand | DeleteCommand
) -> tuple[NoteJSON | None, list[BoardEvent]]:
    actor, settings = conn.actor, conn.settings
    if actor.role == "viewer":
        raise DomainError("The projector view is read-only.", code="forbidden")

    def unit() -> tuple[tuple[NoteJSON | None, list[BoardEvent]], list[BoardEvent]]:
        note: NoteJSON | None
        with conn.db.session() as s:
            if isinstance(cmd, CreateCommand):
                # Already validated as a NoteCreate (its subclass): no second validation.
                note, events, _ = note_service.create_note(s, actor, cmd, settings)
            elif isinstance(cmd, UpdateCommand):
                body_u = NoteUpdate.model_validate(cmd.model_dump(exclude={"op", "ref", "id"}, exclude_unset=True))
                note, events = note_service.update_note(s, actor, cmd.id, body_u, settings)
            else:
                note, events = None, note_service.delete_note(s, actor, cmd.id)
            return (note, events), events

    async def work() -> tuple[tuple[NoteJSON | None, list[BoardEvent]], list[BoardEvent]]:
        return await run_write(conn.db, unit)

    result: tuple[NoteJSON | None, list[BoardEvent]] = await conn.hub.write_and_publish(actor.board_id, work)
    return result


def _parse_since(ws: WebSocket) -> int | None:
    raw = ws.query_params.get("since")
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        return -1
    return value


@router.websocket("/ws/boards/{board_id}")
async def json_socket(ws: WebSocket, board_id: str) -> None:
    accepted = await _accept(ws, board_id, viewer=False)
    if accepted is None:
        return
    actor, settings = accepted
    since = _parse_since(ws)

    async def start(conn: Connection) -> None:
        def load(s: Session) -> tuple[int, str, Participant | None, list[Event] | None, set[str]]:
            board = service.load_board(s, board_id)
            me = repo.get_participant(s, board_id, actor.participant_id)
            events = None
            confidential: set[str] = set()
            if since is not None and 0 <= since <= board.seq:
                events = list(repo.events_after(s, board_id, since, board.seq, limit=settings.replay_limit + 1))
                first = events[0].seq if events else board.seq + 1
                if len(events) > settings.replay_limit or (since < board.seq and first != since + 1):
                    events = None
                elif actor.role == "viewer":
                    confidential = repo.withheld_note_ids(s, board_id)
            return board.seq, board.status, me, events, confidential

        seq, status, me, events, confidential = await read_only(conn.db, load)
        hello = {"participant": participant_out(me) if me else None, "board_status": status, "role": actor.role}
        await conn.send(json.dumps({"seq": seq, "type": "hello", "data": hello}))
        if since is not None and events is None:
            board = await read_only(conn.db, lambda s: service.board_view(s, board_id, actor))
            await conn.send(json.dumps({"seq": board["seq"], "type": "snapshot", "data": {"board": board}}))
            conn.last = board["seq"]
            return
        for row in events or []:
            data = visible_event(row.type, replayed(row, confidential), actor)
            if data is not None:
                await conn.send(json.dumps({"seq": row.seq, "type": row.type, "data": data}))
        conn.last = seq

    await _serve(ws, board_id, actor, settings, JsonRenderer(), start, commands=True)


async def _html_socket(ws: WebSocket, board_id: str, *, present: bool) -> None:
    accepted = await _accept(ws, board_id, viewer=present)
    if accepted is None:
        return
    actor, settings = accepted
    db: Database = ws.app.state.db

    async def load_participants(bid: str) -> list[Participant]:
        return await read_only(db, lambda s: list(repo.participants(s, bid)))

    async def load_flagged(bid: str) -> list[NoteJSON]:
        return await read_only(db, lambda s: flagged_notes([note_out(n) for n in repo.notes(s, bid)]))

    renderer = HtmlRenderer(load_participants, load_flagged, present=present)

    async def start(conn: Connection) -> None:
        board = await read_only(db, lambda s: service.board_view(s, board_id, actor))
        await conn.send(renderer.initial(board, actor))
        conn.last = board["seq"]

    await _serve(ws, board_id, actor, settings, renderer, start, commands=False)


@router.websocket("/ws/boards/{board_id}/html")
async def html_socket(ws: WebSocket, board_id: str) -> None:
    await _html_socket(ws, board_id, present=False)


@router.websocket("/ws/boards/{board_id}/present")
async def present_socket(ws: WebSocket, board_id: str) -> None:
    await _html_socket(ws, board_id, present=True)
