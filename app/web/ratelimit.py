"""Rate limits: sliding-window counters, in this process's memory or in Redis when several
processes share the load. Each limit is a setting ("N/second|minute|hour", parsed by the
`limits` library); going over it is a 429 with Retry-After.

A sliding-window counter keeps two counts per key, the current clock-aligned window and the
one before, and counts `floor(previous * share of it still inside the window) + current`
(the `limits` library's sliding-window-counter strategy). It approximates "at most N in any
window of that length" in O(1) per hit, with no per-hit timestamps to expire: the moving
window this replaces walked every key (one thread hop per key) after each hit.

Several hits (a WebSocket note: per connection, per participant, per address) are taken in
one call - one Lua script on Redis instead of a round trip each - and behave as if taken one
after the other: each is counted only if the ones before it passed, and the first refusal
stops the rest.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any, Protocol

from limits import RateLimitItem, parse

from app.config import Settings
from app.errors import TooMany

# (limit, window in seconds, key) of one hit.
Hit = tuple[int, int, str]


def _weighted(previous: int, current: int, elapsed: float) -> int:
    """The count in the sliding window: `elapsed` is the share (0..1) of the current window gone."""
    return math.floor(previous * (1 - elapsed)) + current


def retry_after(limit: int, window: int, previous: int, current: int, elapsed: float) -> int:
    """Whole seconds until one more hit fits, given the counts at refusal."""
    if current < limit:
        # Within this window, once enough of the previous window's share has slid out:
        # floor(previous * (1 - e)) <= limit - current - 1  <=>  previous * (1 - e) < limit - current.
        wait = (1 - (limit - current) / previous - elapsed) * window if previous else 0.0
    else:
        # Only in the next window, where this window's count becomes the previous one.
        wait = (1 - elapsed) * window + max(0.0, 1 - limit / current) * window
    # The test is strict (a hit at exactly `wait` is still one too many), so the next whole second.
    return max(1, math.floor(wait) + 1)


class Backend(Protocol):
    async def acquire(self, hits: Sequence[Hit], *, count: bool) -> tuple[int, int] | None:
        """Take the hits in order; on the first refusal return (its index, retry-after seconds).
        With count=False nothing is counted (a test)."""
        ...

    async def close(self) -> None: ...


class MemoryWindows:
    """One process: plain dicts, no locks needed (the event loop runs one hit at a time), and
    a sweep of expired keys at most once a minute."""

    SWEEP_SECONDS = 60.0

    def __init__(self) -> None:
        # key -> [window index, previous count, current count, window seconds]
        self.counts: dict[str, list[int]] = {}
        self.next_sweep = time.time() + self.SWEEP_SECONDS

    def _entry(self, key: str, window: int, now: float) -> tuple[list[int], float]:
        index = math.floor(now / window)
        elapsed = now / window - index
        entry = self.counts.get(key)
        if entry is None:
            entry = self.counts[key] = [index, 0, 0, window]
        elif entry[0] != index:
            entry[1] = entry[2] if entry[0] == index - 1 else 0
            entry[2] = 0
            entry[0] = index
        return entry, elapsed

    async def acquire(self, hits: Sequence[Hit], *, count: bool) -> tuple[int, int] | None:
        now = time.time()
        if now >= self.next_sweep:
            self._sweep(now)
        for i, (limit, window, key) in enumerate(hits):
            entry, elapsed = self._entry(key, window, now)
            if _weighted(entry[1], entry[2], elapsed) + 1 > limit:
                return i, retry_after(limit, window, entry[1], entry[2], elapsed)
            if count:
                entry[2] += 1
        return None

    def _sweep(self, now: float) -> None:
        self.next_sweep = now + self.SWEEP_SECONDS
        stale = [k for k, (index, _, _, window) in self.counts.items() if index < math.floor(now / window) - 1]
        for key in stale:
            del self.counts[key]

    async def close(self) -> None:
        self.counts.clear()


# KEYS: one base key per hit; ARGV[1]: "1" to count, "0" to test; then limit, window per hit.
# Windows are aligned on Redis's clock (TIME), the same for every process. Returns {0} when
# every hit passed, else {index (1-based), previous, current, elapsed (as a string)}.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local count = ARGV[1] == '1'
for i, base in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  local index = math.floor(now / window)
  local elapsed = now / window - index
  local current_key = base .. '/' .. string.format('%d', index)
  local previous = tonumber(redis.call('GET', base .. '/' .. string.format('%d', index - 1)) or '0')
  local current = tonumber(redis.call('GET', current_key) or '0')
  if math.floor(previous * (1 - elapsed)) + current + 1 > limit then
    return {i, previous, current, tostring(elapsed)}
  end
  if count then
    if redis.call('INCR', current_key) == 1 then
      redis.call('PEXPIRE', current_key, window * 2000)
    end
  end
end
return {0}
"""


class RedisWindows:
    """Several processes: the counters live in Redis, one script call per acquire."""

    PREFIX = "casemap:rate:"

    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis  # loaded only when CASEMAP_REDIS_URL is set

        self.redis: Any = aioredis.from_url(url)
        self.script: Any = self.redis.register_script(_SCRIPT)

    async def acquire(self, hits: Sequence[Hit], *, count: bool) -> tuple[int, int] | None:
        args: list[Any] = ["1" if count else "0"]
        for limit, window, _ in hits:
            args += [limit, window]
        out = await self.script(keys=[self.PREFIX + key for _, _, key in hits], args=args)
        if int(out[0]) == 0:
            return None
        i = int(out[0]) - 1
        limit, window, _ = hits[i]
        return i, retry_after(limit, window, int(out[1]), int(out[2]), float(out[3]))

    async def close(self) -> None:
        await self.redis.aclose()


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.backend: Backend = RedisWindows(settings.redis_url) if settings.redis_url else MemoryWindows()
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

    def _hit(self, rule: str, key: str) -> Hit:
        item = self.rules[rule]
        # The limit is part of the key (as in the `limits` library): a changed setting starts afresh.
        return item.amount, item.get_expiry(), f"{rule}/{key}/{item.amount}/{item.get_expiry()}"

    async def hit(self, rule: str, *keys: str) -> None:
        """Count one request against each key (e.g. the participant and the address)."""
        await self.hit_many([(rule, key) for key in keys])

    async def hit_many(self, hits: Sequence[tuple[str, str]]) -> None:
        """Count one request per (rule, key), in order, in one call; the first refusal is a 429
        and the hits after it are not counted."""
        refused = await self.backend.acquire([self._hit(rule, key) for rule, key in hits], count=True)
        if refused is not None:
            index, retry = refused
            item = self.rules[hits[index][0]]
            unit = item.GRANULARITY.name
            per = unit if item.multiples == 1 else f"{item.multiples} {unit}s"
            raise TooMany(
                f"Too many requests: at most {item.amount} per {per}. Try again in {retry} s.",
                code="rate_limited",
                extra={"retry_after": retry},
            )

    async def test(self, rule: str, key: str) -> None:
        """Refuse without counting (used before a join attempt, counting only failures)."""
        refused = await self.backend.acquire([self._hit(rule, key)], count=False)
        if refused is not None:
            raise TooMany(
                f"Too many wrong join codes from this address. Try again in {refused[1]} s.",
                code="rate_limited",
                extra={"retry_after": refused[1]},
            )

    async def close(self) -> None:
        await self.backend.close()
