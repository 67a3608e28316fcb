"""Fan-out of board events to the subscribers of this process, through a backend that may
span processes (Redis pub/sub, one channel per board) or not (in memory).

Delivery is at-least-once and may be out of order across processes; each subscriber keeps
the last seq it sent and fills holes from the event log, so clients see one order.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol, TypeVar

from app.realtime.envelope import BoardEvent

log = logging.getLogger("casemap.hub")

T = TypeVar("T")

# Sentinel put in a subscriber's queue when it may have missed events (overflow, or the
# broker reconnected): the connection then resynchronises from the event log.
RESYNC = "resync"


def channel(board_id: str) -> str:
    return f"board:{board_id}"


class Backend(Protocol):
    async def start(self, deliver: Callable[[BoardEvent], None], resync: Callable[[], None]) -> None: ...
    async def stop(self) -> None: ...
    async def subscribe(self, board_id: str) -> None: ...
    async def unsubscribe(self, board_id: str) -> None: ...
    async def publish(self, event: BoardEvent) -> None: ...


class MemoryBackend:
    """One process: publishing is delivering."""

    def __init__(self) -> None:
        self._deliver: Callable[[BoardEvent], None] | None = None

    async def start(self, deliver: Callable[[BoardEvent], None], resync: Callable[[], None]) -> None:
        self._deliver = deliver

    async def stop(self) -> None:
        self._deliver = None

    async def subscribe(self, board_id: str) -> None:
        return None

    async def unsubscribe(self, board_id: str) -> None:
        return None

    async def publish(self, event: BoardEvent) -> None:
        if self._deliver is not None:
            self._deliver(event)


class Subscription:
    def __init__(self, board_id: str, maxsize: int) -> None:
        self.board_id = board_id
        self.queue: asyncio.Queue[BoardEvent | str] = asyncio.Queue(maxsize=maxsize)
        # Set by the connection: deliver an event right now, in the publisher's turn, if it
        # can (True); nothing queued may be overtaken, so only while the queue is empty.
        self.now: Callable[[BoardEvent], bool] | None = None

    def offer(self, item: BoardEvent | str) -> None:
        if self.now is not None and isinstance(item, BoardEvent) and self.queue.empty() and self.now(item):
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # A stalled client: drop what is queued and make it catch up from the log.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC)


class Hub:
    def __init__(self, backend: Backend, queue_size: int = 2000) -> None:
        self.backend = backend
        self.queue_size = queue_size
        self._subs: dict[str, set[Subscription]] = defaultdict(set)
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        # Called with (board_id, events) once a write's events are committed and published
        # (the gap refresh, app/boards/gap_refresh.py).
        self.after_write: list[Callable[[str, list[BoardEvent]], None]] = []

    async def start(self) -> None:
        await self.backend.start(self._deliver, self._resync_all)

    async def stop(self) -> None:
        await self.backend.stop()

    def _deliver(self, event: BoardEvent) -> None:
        for sub in list(self._subs.get(event.board_id, ())):
            sub.offer(event)

    def _resync_all(self) -> None:
        for subs in self._subs.values():
            for sub in subs:
                sub.offer(RESYNC)

    @asynccontextmanager
    async def subscribe(self, board_id: str) -> AsyncIterator[Subscription]:
        sub = Subscription(board_id, self.queue_size)
        first = not self._subs.get(board_id)
        self._subs[board_id].add(sub)
        if first:
            await self.backend.subscribe(board_id)
        try:
            yield sub
        finally:
            self._subs[board_id].discard(sub)
            if not self._subs[board_id]:
                del self._subs[board_id]
                self._locks.pop(board_id, None)
                await self.backend.unsubscribe(board_id)

    def subscriber_count(self, board_id: str) -> int:
        return len(self._subs.get(board_id, ()))

    async def publish(self, events: list[BoardEvent]) -> None:
        for event in events:
            await self.backend.publish(event)

    async def announce_deleted(self, board_id: str) -> None:
        """Tell every socket of a deleted board to close (seq 0: outside the board's order)."""
        await self.backend.publish(BoardEvent(board_id, 0, "board.deleted", {"id": board_id}))

    async def write_and_publish(self, board_id: str, work: Callable[[], Awaitable[tuple[T, list[BoardEvent]]]]) -> T:
        """Run one write and publish its events while holding the board's lock, so the events
        of this process leave in commit order."""
        async with self._locks[board_id]:
            result, events = await work()
            await self.publish(events)
        if events:
            for callback in self.after_write:
                callback(board_id, events)
        return result


def encode(event: BoardEvent) -> str:
    return json.dumps(event.to_wire(), separators=(",", ":"))


def decode(raw: str | bytes) -> BoardEvent:
    return BoardEvent.from_wire(json.loads(raw))
