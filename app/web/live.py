"""Per-subscriber rendering of board events: JSON for API clients, htmx out-of-band HTML
fragments for the browser pages. Renders are cached per (event, audience) so a hundred
screens with the same view cost one render."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import ClassVar, Protocol, cast

from app.boards.shapes import BoardJSON, GapsUpdatedJSON, NoteJSON
from app.boards.visibility import Actor, participant_out, visible_event, visible_participant
from app.models import Participant
from app.realtime.envelope import BoardEvent
from app.realtime.frames import text_frame
from app.web.templating import render

# (board, seq, type, role, own note), with the renderer's prefix in front.
CacheKey = tuple[object, ...]


def audience_key(event: BoardEvent, actor: Actor) -> CacheKey:
    """Everyone with the same key receives the same bytes for this event."""
    own_note = (
        event.type.startswith("note.")
        and isinstance(author := event.data.get("author"), dict)  # `note.deleted` has none
        and author.get("id") == actor.participant_id
    )
    return (event.board_id, event.seq, event.type, actor.role, own_note)


LRU_SIZE = 512


class LRU:
    def __init__(self, size: int = LRU_SIZE) -> None:
        self.size = size
        self.items: OrderedDict[CacheKey, str | None] = OrderedDict()

    def get(self, key: CacheKey) -> tuple[bool, str | None]:
        if key in self.items:
            self.items.move_to_end(key)
            return True, self.items[key]
        return False, None

    def put(self, key: CacheKey, value: str | None) -> None:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)


class Renderer(Protocol):
    async def render(self, event: BoardEvent, actor: Actor) -> str | None: ...


class JsonRenderer:
    cache = LRU()
    # The same text as a ready WebSocket frame (app/realtime/frames.py), per audience too.
    frames: ClassVar[OrderedDict[CacheKey, tuple[str | None, bytes | None]]] = OrderedDict()

    async def render(self, event: BoardEvent, actor: Actor) -> str | None:
        return self.render_now(event, actor)

    def render_now(self, event: BoardEvent, actor: Actor) -> str | None:
        key = ("json", *audience_key(event, actor))
        hit, value = self.cache.get(key)
        if hit:
            return value
        data = visible_event(event.type, event.data, actor)
        out = None if data is None else json.dumps({"seq": event.seq, "type": event.type, "data": data})
        self.cache.put(key, out)
        return out

    def frame_now(self, event: BoardEvent, actor: Actor) -> bytes | None:
        """This audience's message as a frame, built once; None when it sees nothing of it."""
        key = audience_key(event, actor)
        cached = self.frames.get(key)
        if cached is not None:
            return cached[1]
        text = self.render_now(event, actor)
        frame = None if text is None else text_frame(text)
        self.frames[key] = (text, frame)
        if len(self.frames) > LRU_SIZE:
            self.frames.popitem(last=False)
        return frame


ParticipantsLoader = Callable[[str], Awaitable[list[Participant]]]
NotesLoader = Callable[[str], Awaitable[list[NoteJSON]]]


class HtmlRenderer:
    cache = LRU()

    def __init__(
        self, load_participants: ParticipantsLoader, load_flagged: NotesLoader, *, present: bool = False
    ) -> None:
        self.load_participants = load_participants
        self.load_flagged = load_flagged
        self.present = present

    async def render(self, event: BoardEvent, actor: Actor) -> str | None:
        key = ("html", self.present, *audience_key(event, actor))
        hit, value = self.cache.get(key)
        if hit:
            return value
        out = await self._render(event, actor)
        self.cache.put(key, out)
        return out

    async def _render(self, event: BoardEvent, actor: Actor) -> str | None:
        data = visible_event(event.type, event.data, actor)
        if data is None and not event.type.startswith("participant."):
            return None
        ctx = {"actor": actor, "present": self.present, "board_id": event.board_id}
        if event.type.startswith("note."):
            if event.type == "note.created":
                out = render("partials/_note_oob.html", note=data, mode="append", **ctx)
            elif event.type == "note.updated":
                mode = "move" if event.data.get("moved_from") else "replace"
                out = render("partials/_note_oob.html", note=data, mode=mode, **ctx)
            else:
                out = render("partials/_note_oob.html", note=event.data, mode="delete", **ctx)
            if not out.strip():  # a confidential note, new to the projector: nothing to show
                return None
            if actor.is_facilitator and not self.present:
                flagged = await self.load_flagged(event.board_id)
                out += render("partials/_flags.html", flagged=flagged, oob=True, **ctx)
            return out
        if event.type.startswith("participant."):
            people = [
                p
                for p in map(participant_out, await self.load_participants(event.board_id))
                if visible_participant(p, actor)
            ]
            return render("partials/_people.html", participants=people, oob=True, **ctx)
        if event.type == "board.updated":
            return render("partials/_state.html", board=data, oob=True, **ctx)
        if event.type == "gaps.updated":
            update = cast("GapsUpdatedJSON | None", data)
            return render("partials/_gaps.html", gaps=update.get("gaps", []) if update else [], oob=True, **ctx)
        if event.type.startswith("review.") and not self.present:
            # The review panel reloads its live parts for this reader (app/web/followup_pages.py).
            return render("partials/_review_ping.html", oob=True, **ctx)
        return None

    def initial(self, board: BoardJSON, actor: Actor) -> str:
        """Everything live on the page, as one out-of-band refresh: after a (re)connect the
        screen is complete again, with nothing missed and nothing doubled."""
        return render(
            "partials/_refresh.html", board=board, actor=actor, present=self.present, board_id=board["id"], oob=True
        )
