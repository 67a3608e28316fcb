"""Engine and session scopes.

Sessions are synchronous and always used from a worker thread (see `run_db`), so the event
loop never waits on the database. SQLite runs in WAL mode with foreign keys on; write
transactions start with BEGIN IMMEDIATE so concurrent writers queue on the busy timeout
instead of failing to upgrade a read lock.

SQLite has one writer at a time. Within a process, write units (`run_write`) queue for it in
their worker thread on a FIFO lock that hands over to the next writer the moment a commit is
done, instead of sleeping in sqlite's busy handler (which backs off up to 100 ms at a time,
even once the lock is free). The busy timeout still covers other processes (the retention
command, a second server).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

P = ParamSpec("P")
T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def normalise_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); pysqlite's implicit transactions get in the way.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A read-only session (Database.session(read_only=True)) reads a snapshot without
        # taking the write lock; everything else may write, so it takes the lock up front.
        read_only = conn.get_execution_options().get("casemap_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class Database:
    """Owns the engine; hands out sessions for one unit of work."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.read_only_engine = self.engine.execution_options(casemap_read_only=True)
        # SQLite's write turn in this process; none on PostgreSQL, where writers to different
        # boards run in parallel and one board's writers queue on its row lock.
        self.writer: FifoLock | None = FifoLock() if self.is_sqlite else None

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """read_only: the unit never writes (on SQLite it then does not queue for the write lock)."""
        engine = self.read_only_engine if read_only else self.engine
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


async def run_db(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking database work in a worker thread."""
    return await anyio.to_thread.run_sync(lambda: func(*args, **kwargs))


async def run_write(db: Database, func: Callable[[], T]) -> T:
    """Run one write unit (a transaction that writes) in a worker thread, in its turn."""
    writer = db.writer
    if writer is None:
        return await anyio.to_thread.run_sync(func)

    def in_turn() -> T:
        with writer:
            return func()

    return await anyio.to_thread.run_sync(in_turn)


class FifoLock:
    """A thread lock granted in arrival order: release hands it straight to the oldest waiter."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def __enter__(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the holder when it is our turn; the lock stays held

    def __exit__(self, *exc: object) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._held = False
