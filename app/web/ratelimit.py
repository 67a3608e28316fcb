"""Rate limits (the `limits` library; moving windows in memory, or in Redis when several
processes share the load). Each limit is a setting; going over it is a 429 with Retry-After."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from app.config import Settings
from app.errors import TooMany


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        storage: Storage = (
            RedisStorage("async+" + settings.redis_url, implementation="redispy")
            if settings.redis_url
            else MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(storage)
        self.rules: dict[str, RateLimitItem] = {
            "note": parse(settings.rate_note_changes),
            "note_address": parse(settings.rate_note_changes_address),
            "join": parse(settings.rate_joins),
            "join_failure": parse(settings.rate_join_failures),
            "analyse": parse(settings.rate_analyse),
            "ws_message": parse(settings.rate_ws_messages),
            "create": parse(settings.rate_board_creation),
            "export": parse(settings.rate_exports),
        }

    async def hit(self, rule: str, *keys: str) -> None:
        """Count one request against each key (e.g. the participant and the address)."""
        item = self.rules[rule]
        for key in keys:
            if not await self.limiter.hit(item, rule, key):
                stats = await self.limiter.get_window_stats(item, rule, key)
                retry = max(1, math.ceil(stats.reset_time - time.time()))
                unit = item.GRANULARITY.name
                per = unit if item.multiples == 1 else f"{item.multiples} {unit}s"
                raise TooMany(
                    f"Too many requests: at most {item.amount} per {per}. Try again in {retry} s.",
                    code="rate_limited",
                    extra={"retry_after": retry},
                )

    async def test(self, rule: str, key: str) -> None:
        """Refuse without counting (used before a join attempt, counting only failures)."""
        item = self.rules[rule]
        if not await self.limiter.test(item, rule, key):
            stats = await self.limiter.get_window_stats(item, rule, key)
            retry = max(1, math.ceil(stats.reset_time - time.time()))
            raise TooMany(
                f"Too many wrong join codes from this address. Try again in {retry} s.",
                code="rate_limited",
                extra={"retry_after": retry},
            )
