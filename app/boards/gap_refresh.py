"""Gap refresh after note changes, debounced per board.

A note is committed and published without waiting for the board's gap checks (they read every
note of the board). The write marks the board's gaps stale in its own transaction; this
process then recomputes them at most once per `delay` per board, in a transaction of their
own, announcing `gaps.updated` only when the gaps changed. Whoever reads the board before that
(a page, a snapshot, an export) computes the gaps afresh, so nothing ever shows gaps older than
the notes it shows.

The final state is never lost: each refresh starts after the write that asked for it was
committed and runs under the board's row lock, and a board written to during a refresh is
refreshed again. Each process debounces its own writes; a refresh that finds the board no
longer stale (another process did it) does nothing. A board left stale by a crash is
refreshed at the next start (`sweep`), and shutdown flushes what is pending.
"""

from __future__ import annotations

import asyncio
import logging
import time

from app.boards import repository as repo
from app.boards import service
from app.boards.events import NOTE_CREATED, NOTE_DELETED, NOTE_UPDATED
from app.db import Database, run_write
from app.realtime.envelope import BoardEvent
from app.realtime.hub import Hub

log = logging.getLogger("casemap.gaps")

NOTE_CHANGES = frozenset({NOTE_CREATED, NOTE_UPDATED, NOTE_DELETED})


class GapRefresher:
    def __init__(self, db: Database, hub: Hub, delay: float, retries: int = 5) -> None:
        self.db, self.hub, self.delay, self.retries = db, hub, delay, retries
        self._dirty: set[str] = set()  # boards written to since their refresh started
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._closed = False
        # CPU seconds the last refresh of each board took: a board whose checks are slow (many
        # notes) waits longer between refreshes, so all of them together take about 25% of a core.
        self._cost: dict[str, float] = {}

    def after_write(self, board_id: str, events: list[BoardEvent]) -> None:
        """Called by the hub once a write's events are committed and published."""
        if any(e.type in NOTE_CHANGES for e in events):
            self.touch(board_id)

    def touch(self, board_id: str) -> None:
        if self._closed:
            return
        self._dirty.add(board_id)
        if board_id not in self._tasks:
            self._tasks[board_id] = asyncio.create_task(self._run(board_id), name=f"gaps:{board_id}")

    def pending(self) -> set[str]:
        return self._dirty | set(self._tasks)

    async def _run(self, board_id: str) -> None:
        failures = 0
        try:
            while board_id in self._dirty:
                # Busy boards share one budget: with many boards being written to at once, each
                # waits in proportion to how many, so the refreshes together stay near a quarter
                # of a core instead of a quarter per board.
                spacing = 4 * self._cost.get(board_id, 0.0) * max(1, len(self._tasks))
                await asyncio.sleep(max(self.delay, spacing) * (2**failures))
                self._dirty.discard(board_id)
                if await self.refresh(board_id):
                    failures = 0
                elif failures < self.retries:
                    failures += 1
                    self._dirty.add(board_id)
        finally:
            if self._tasks.get(board_id) is asyncio.current_task():
                del self._tasks[board_id]
                self._cost.pop(board_id, None)

    async def refresh(self, board_id: str) -> bool:
        """Recompute one board's gaps now; False if that failed (the board stays stale)."""

        def unit() -> tuple[None, list[BoardEvent]]:
            started = time.thread_time()
            try:
                with self.db.session() as s:
                    return None, service.refresh_gaps(s, board_id)
            finally:
                self._cost[board_id] = time.thread_time() - started

        async def work() -> tuple[None, list[BoardEvent]]:
            return await run_write(self.db, unit)

        try:
            await self.hub.write_and_publish(board_id, work)
        except Exception as exc:  # the board stays stale: readers compute its gaps meanwhile
            log.warning("gap refresh failed on board %s: %s", board_id, type(exc).__name__)
            return False
        return True

    async def sweep(self) -> None:
        """Refresh (after the usual delay) every board a previous run left stale."""

        def load() -> list[str]:
            with self.db.session() as s:
                return repo.stale_gap_boards(s)

        try:
            stale = await run_write(self.db, load)
        except Exception as exc:  # not worth failing a start over: readers compute stale gaps
            log.warning("could not look for boards with stale gaps: %s", type(exc).__name__)
            return
        for board_id in stale:
            self.touch(board_id)

    async def stop(self, timeout: float = 5.0) -> None:
        """Cancel the waits and run what is pending once, within `timeout` (a board left stale
        is still computed on read, and refreshed at the next start)."""
        self._closed = True
        boards = self.pending()
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._dirty.clear()
        try:
            async with asyncio.timeout(timeout):
                for board_id in boards:
                    await self.refresh(board_id)
        except TimeoutError:
            log.warning("gap refresh of %d board(s) did not finish before shutdown", len(boards))
