"""Stopping the server while database work is running: the work finishes and its PostgreSQL
connection is closed, not left to a pool nobody closes (the test run turns the warning Python
gives for such a connection into a failure)."""

from __future__ import annotations

import gc
import threading
import warnings

import anyio
import pytest
from sqlalchemy import text

from app.db import Database, run_read
from tests.services import fresh_postgres

pytestmark = pytest.mark.services


def test_a_unit_running_at_shutdown_finishes_and_its_connection_is_closed() -> None:
    with fresh_postgres() as url:
        db = Database(url)
        started = threading.Event()

        def slow_read() -> int:
            with db.session(read_only=True) as s:
                started.set()
                return int(s.execute(text("SELECT 1 FROM pg_sleep(0.3)")).scalar_one())

        async def main() -> int:
            result: list[int] = []
            async with anyio.create_task_group() as tg:

                async def read() -> None:
                    result.append(await run_read(db, slow_read))

                tg.start_soon(read)
                await anyio.to_thread.run_sync(started.wait)
                await db.aclose()  # the server stops while the read runs
            return result[0]

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert anyio.run(main) == 1
            gc.collect()
        assert not [w for w in caught if issubclass(w.category, ResourceWarning)], [str(w.message) for w in caught]
