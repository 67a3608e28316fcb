"""Engine and session scopes.

Sessions are synchronous and always used from a worker thread (see `run_db`), so the event
loop never waits on the database. SQLite runs in WAL mode with foreign keys on; write
transactions start with BEGIN IMMEDIATE so concurrent writers queue on the busy timeout
instead of failing to upgrade a read lock.

SQLite has one writer at a time. Within a process, write units (`run_write`) go to one writer
thread (`GroupWriter`) that takes them in arrival order and runs whatever has queued up in one
transaction, each unit in its own SAVEPOINT (none when the group is a single unit: its own
transaction is rolled back instead): a unit that fails is rolled back alone, and one
COMMIT (one fsync) makes the whole group durable. The writer keeps its connection. No unit's
result is handed back before that COMMIT returned, so nothing is acknowledged before it is
stored. The busy timeout still covers other processes (the retention command, a second server).
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DisconnectionError
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
    engine = create_engine(url, pool_size=PG_POOL_SIZE, max_overflow=20, hide_parameters=True)
    _ping_after_idle(engine)
    return engine


# PostgreSQL: at most this many threads of a process do database work at once (`run_read`,
# `run_write`), so 30 busy boards share about this many connections instead of opening 30.
PG_POOL_SIZE = 10
# A pooled connection idle for longer than this is pinged before use (one round trip), so one
# the server or a proxy closed meanwhile is replaced without an error; a connection reused
# within this time (a busy meeting) is not, which saves a round trip per write.
PING_AFTER_IDLE_S = 1.0


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool drops this connection and checks out another (a fresh one if need be).
            raise DisconnectionError("connection closed while idle") from exc


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
        # SQLite's writer in this process; none on PostgreSQL, where writers to different
        # boards run in parallel and one board's writers queue on its row lock.
        self.writer: GroupWriter | None = GroupWriter(self.engine) if self.is_sqlite else None
        # PostgreSQL: database work waits for one of PG_POOL_SIZE turns rather than opening a
        # connection per busy thread (SQLite reads use anyio's default thread limit).
        self.limiter: anyio.CapacityLimiter | None = None if self.is_sqlite else anyio.CapacityLimiter(PG_POOL_SIZE)

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """read_only: the unit never writes (on SQLite it then does not queue for the write lock).
        In the writer thread a session joins the group's transaction: its commit releases its
        savepoint and its rollback undoes only its own work."""
        group = None if read_only or self.writer is None else self.writer.connection()
        if group is not None:
            session = Session(bind=group, join_transaction_mode="create_savepoint", expire_on_commit=False)
        else:
            session = Session(self.read_only_engine if read_only else self.engine, expire_on_commit=False)
        with session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        if self.writer is not None:
            self.writer.stop()
        self.engine.dispose()

    async def aclose(self, timeout: float = 5.0) -> None:
        """Stop serving: database work already running in threads finishes first (its
        connection goes back to the pool), then every connection is closed. Disposing under a
        running unit would leave its connection to a pool nobody closes."""
        if self.limiter is not None:
            with anyio.move_on_after(timeout):
                while self.limiter.borrowed_tokens:
                    await anyio.sleep(0.01)
        self.dispose()


async def run_db(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking database work in a worker thread."""
    return await anyio.to_thread.run_sync(lambda: func(*args, **kwargs))


async def run_read(db: Database, func: Callable[[], T]) -> T:
    """Run a database unit that is not a queued write (a read, or a rare write such as creating
    a board) in a worker thread, within the database's limit of threads at once."""
    return await anyio.to_thread.run_sync(func, limiter=db.limiter)


async def run_write(db: Database, func: Callable[[], T]) -> T:
    """Run one write unit (a transaction that writes) in its turn: on SQLite in the writer
    thread, possibly grouped with others into one commit; else in a worker thread, within the
    database's limit of threads at once."""
    if db.writer is None:
        return await anyio.to_thread.run_sync(func, limiter=db.limiter)
    return await db.writer.run(func)


class _Job:
    __slots__ = ("func", "future", "loop")

    def __init__(self, func: Callable[[], Any], loop: asyncio.AbstractEventLoop, future: asyncio.Future[Any]) -> None:
        self.func, self.loop, self.future = func, loop, future

    def settle(self, ok: bool, value: Any) -> None:
        def done() -> None:
            if self.future.cancelled():
                return
            if ok:
                self.future.set_result(value)
            else:
                self.future.set_exception(value)

        try:
            self.loop.call_soon_threadsafe(done)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            pass


class GroupWriter:
    """One thread that runs every write unit of this process against SQLite, in arrival order,
    grouping the units that queued up while the previous group ran (at most `max_group`) into
    one transaction and one COMMIT. A unit's result is handed back only after that COMMIT."""

    def __init__(self, engine: Engine, max_group: int = 64) -> None:
        self.engine = engine
        self.max_group = max_group
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._local = threading.local()
        self._conn: Connection | None = None  # used by the writer thread only
        # Units per transaction, for the curious (the bench reads nothing from here).
        self.groups = 0
        self.units = 0

    def connection(self) -> Connection | None:
        """The group's connection, in the writer thread while a group runs; else None."""
        conn: Connection | None = getattr(self._local, "conn", None)
        return conn

    async def run(self, func: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._ensure_thread()
        self._jobs.put(_Job(func, loop, future))
        return await future

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="casemap-sqlite-writer", daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        thread = self._thread
        if thread is None:
            return
        self._jobs.put(None)
        thread.join(timeout)
        self._thread = None

    def _serve(self) -> None:
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                group = [job]
                stop = False
                while len(group) < self.max_group:
                    try:
                        more = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stop = True
                        break
                    group.append(more)
                self._run_group(group)
                if stop:
                    return
        finally:
            self._close()

    def _connect(self) -> Connection:
        """The writer's connection, kept from one group to the next (no pool checkout, and
        the sqlite3 statement cache stays warm); opened again after a failed group."""
        if self._conn is None:
            self._conn = self.engine.connect()
        return self._conn

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(Exception):  # a broken connection: nothing left to release
                conn.close()

    def _run_group(self, group: list[_Job]) -> None:
        outcomes: list[tuple[_Job, bool, Any]] = []
        try:
            conn = self._connect()
            self._local.conn = conn
            try:
                with conn.begin() as transaction:  # BEGIN IMMEDIATE (see _configure_sqlite)
                    if len(group) == 1:
                        # Alone in its transaction, a unit needs no savepoint: if it fails,
                        # the transaction is rolled back, which undoes only its work.
                        outcomes.append(self._run_alone(group[0]))
                        if not outcomes[0][1]:
                            transaction.rollback()
                    else:
                        for job in group:
                            outcomes.append(self._run_one(conn, job))
                # COMMIT on leaving the block (when not rolled back)
            finally:
                self._local.conn = None
        except BaseException as exc:  # BEGIN or COMMIT failed: nothing of the group is stored
            self._close()
            for job in group:
                job.settle(False, exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.groups += 1
        self.units += len(group)
        for job, ok, value in outcomes:
            job.settle(ok, value)

    @staticmethod
    def _run_alone(job: _Job) -> tuple[_Job, bool, Any]:
        try:
            return job, True, job.func()
        except Exception as exc:
            return job, False, exc

    @staticmethod
    def _run_one(conn: Connection, job: _Job) -> tuple[_Job, bool, Any]:
        # A unit's own savepoint, so a unit that fails part-way (without a session of its own
        # to roll back) leaves nothing behind for the units after it.
        savepoint = conn.begin_nested()
        try:
            value = job.func()
        except Exception as exc:
            if savepoint.is_active:
                savepoint.rollback()
            return job, False, exc
        if savepoint.is_active:
            savepoint.commit()
        return job, True, value
