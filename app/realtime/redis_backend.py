"""Fan-out between server processes through Redis pub/sub, one channel per board.

If Redis drops, the listener reconnects (redis-py resubscribes its channels) and every local
subscriber is told to resynchronise from the event log, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from app.realtime.envelope import BoardEvent
from app.realtime.hub import channel, decode, encode

log = logging.getLogger("casemap.redis")
CONTROL = "casemap:control"


class RedisBackend:
    def __init__(self, url: str) -> None:
        self.url = url
        self.redis: aioredis.Redis | None = None
        self.pubsub: aioredis.client.PubSub | None = None
        self.task: asyncio.Task[None] | None = None
        self._deliver: Callable[[BoardEvent], None] = lambda e: None
        self._resync: Callable[[], None] = lambda: None

    async def start(self, deliver: Callable[[BoardEvent], None], resync: Callable[[], None]) -> None:
        self._deliver, self._resync = deliver, resync
        self.redis = aioredis.from_url(self.url, health_check_interval=10, socket_keepalive=True)
        self.pubsub = self.redis.pubsub()
        # Always subscribed to something, so listening never ends for lack of channels.
        await self.pubsub.subscribe(CONTROL)
        self.task = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        assert self.pubsub is not None
        delay = 0.1
        while True:
            try:
                async for message in self.pubsub.listen():
                    delay = 0.1
                    if message["type"] == "message" and message["channel"] != CONTROL.encode():
                        try:
                            self._deliver(decode(message["data"]))
                        except (ValueError, KeyError, TypeError):
                            log.warning("ignored a malformed message on %s", message["channel"])
            except (RedisConnectionError, RedisTimeoutError, OSError):
                log.warning("lost the Redis connection; reconnecting in %.1fs", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                with contextlib.suppress(RedisConnectionError, RedisTimeoutError, OSError):
                    await self.pubsub.ping()
                    # Reconnected (channels resubscribed): events may have gone by meanwhile.
                    self._resync()

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.pubsub is not None:
            with contextlib.suppress(Exception):
                await self.pubsub.aclose()  # type: ignore[no-untyped-call]
        if self.redis is not None:
            await self.redis.aclose()

    async def subscribe(self, board_id: str) -> None:
        assert self.pubsub is not None
        try:
            await self.pubsub.subscribe(channel(board_id))
        except (RedisConnectionError, RedisTimeoutError, OSError):
            log.warning("could not subscribe to board channel; will resubscribe on reconnect")

    async def unsubscribe(self, board_id: str) -> None:
        assert self.pubsub is not None
        with contextlib.suppress(RedisConnectionError, RedisTimeoutError, OSError):
            await self.pubsub.unsubscribe(channel(board_id))

    async def publish(self, event: BoardEvent) -> None:
        assert self.redis is not None
        try:
            await self.redis.publish(channel(event.board_id), encode(event))
        except (RedisConnectionError, RedisTimeoutError, OSError):
            # Stored already; our own clients get it now, other processes catch up on reconnect.
            log.warning("Redis publish failed; delivering locally only")
            self._deliver(event)
