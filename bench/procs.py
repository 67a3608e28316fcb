"""Start, watch and stop the processes under test (Casemap and the relay)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


class StartError(RuntimeError):
    """The process under test did not come up; the message says why."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_kib(pid: int) -> int:
    """Resident set size of one process, from /proc (Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def host_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores, /proc/stat), to tell how much of
    it went to processes outside the bench (another job on a shared host, or PostgreSQL and
    Redis in the pg targets)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    busy = sum(ticks[:8]) - idle  # user..steal, without guest (already in user)
    return busy / CLK_TCK


def total_cpu_seconds(pids: int | list[int]) -> float:
    """User + system CPU time of one or several processes so far."""
    return sum(cpu_seconds(p) for p in ([pids] if isinstance(pids, int) else pids))


def total_rss_kib(pids: int | list[int]) -> int:
    return sum(rss_kib(p) for p in ([pids] if isinstance(pids, int) else pids))


async def wait_idle(pids: int | list[int], below: float = 0.05, window: float = 0.3, limit: float = 30.0) -> float:
    """Wait until the processes together use under ``below`` of a core over ``window`` seconds
    (e.g. after a thousand sockets closed and they are still writing presence changes).
    Returns seconds waited."""
    start = time.monotonic()
    try:
        while time.monotonic() - start < limit:
            before = total_cpu_seconds(pids)
            await asyncio.sleep(window)
            if (total_cpu_seconds(pids) - before) / window < below:
                break
    except OSError:
        pass  # a process is gone; whoever uses it next reports that
    return time.monotonic() - start


class ServerProcess:
    """One server in a subprocess, its output kept in a log file for when it fails."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=REPO,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _check_alive(self) -> None:
        assert self.proc is not None
        code = self.proc.poll()
        if code is not None:
            raise StartError(
                f"{self.name} exited with code {code} before it was ready.\n"
                f"Last lines of {self.log_path}:\n{self.log_tail()}"
            )

    def wait_http_ok(self, url: str, timeout: float) -> float:
        """Poll ``url`` until it answers 200; return seconds waited."""
        start = time.monotonic()
        last = "no answer yet"
        with httpx.Client(trust_env=False, timeout=2.0) as client:
            while time.monotonic() - start < timeout:
                self._check_alive()
                try:
                    r = client.get(url)
                    if r.status_code == 200:
                        return time.monotonic() - start
                    last = f"HTTP {r.status_code}: {r.text[:200]}"
                except httpx.HTTPError as exc:
                    last = f"{type(exc).__name__}: {exc}"
                time.sleep(0.2)
        self.stop()
        raise StartError(
            f"{self.name} did not answer 200 on {url} within {timeout:.0f} s (last: {last}).\n"
            f"Last lines of {self.log_path}:\n{self.log_tail()}"
        )

    def wait_tcp(self, port: int, timeout: float) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            self._check_alive()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                    return time.monotonic() - start
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise StartError(f"{self.name} did not listen on 127.0.0.1:{port} within {timeout:.0f} s")

    def stop(self, grace: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


def sqlite_url(workdir: Path) -> str:
    return f"sqlite:///{workdir / 'bench.db'}"


def casemap_server(
    port: int,
    workdir: Path,
    python: str,
    extra_env: dict[str, str],
    app_dir: Path = REPO,
    label: str = "casemap",
    uvicorn_args: list[str] | None = None,
) -> ServerProcess:
    """One uvicorn process. The database is SQLite in ``workdir`` unless ``extra_env`` sets
    CASEMAP_DATABASE_URL (PostgreSQL runs); CASEMAP_REDIS_URL makes it one of several."""
    env = dict(os.environ)
    env["CASEMAP_DATABASE_URL"] = sqlite_url(workdir)
    env.update(extra_env)
    argv = [python, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "warning", "--no-access-log", *(uvicorn_args or [])]
    if app_dir != REPO:
        argv += ["--app-dir", str(app_dir)]
    return ServerProcess(f"Casemap server ({label}, port {port})", argv, env, workdir / f"{label}-{port}.log")


PG_ADMIN_URL = "postgresql://root@127.0.0.1:5432/test"


class PgDatabase:
    """A fresh PostgreSQL database for one run, dropped at the end (even if the run failed)."""

    def __init__(self, admin_url: str = PG_ADMIN_URL) -> None:
        self.admin_url = admin_url
        self.name = f"casemap_bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
        self.created = False

    @property
    def url(self) -> str:
        host = self.admin_url.split("://", 1)[1].rsplit("/", 1)[0]
        return f"postgresql+psycopg://{host}/{self.name}"

    def _exec(self, sql: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StartError(f"psycopg is not installed: {exc}") from None
        try:
            with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(sql)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise StartError(f"PostgreSQL at {self.admin_url}: {exc}".strip()) from None

    def create(self) -> str:
        self._exec(f'CREATE DATABASE "{self.name}"')
        self.created = True
        return self.url

    def drop(self) -> None:
        if self.created:
            self._exec(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.created = False


def redis_ping(url: str) -> str | None:
    """None when Redis answers PING at ``url``, else why not."""
    try:
        import redis
    except ImportError as exc:
        return f"redis-py is not installed: {exc}"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means: no Redis for this run
        return f"{type(exc).__name__}: {exc}"
    return None


def migrate(workdir: Path, python: str, extra_env: dict[str, str], app_dir: Path) -> str | None:
    """Bring the fresh database to the head revision; return why not, or None when it did.

    Harmless if the server also migrates on start-up (upgrade to head is idempotent).
    """
    if not (app_dir / "alembic.ini").exists():
        return "no alembic.ini"
    env = dict(os.environ)
    env["CASEMAP_DATABASE_URL"] = sqlite_url(workdir)
    env.update(extra_env)
    try:
        done = subprocess.run(
            [python, "-m", "alembic", "upgrade", "head"],
            cwd=app_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        return "alembic upgrade head did not finish in 120 s"
    if done.returncode != 0:
        return f"alembic upgrade head failed:\n{(done.stdout + done.stderr)[-1500:]}"
    return None


def relay_server(port: int, workdir: Path, python: str, *, deflate: bool = True) -> ServerProcess:
    argv = [python, "-m", "bench.relay", "--host", "127.0.0.1", "--port", str(port)]
    if not deflate:
        argv.append("--no-compression")
    return ServerProcess("bare relay", argv, dict(os.environ), workdir / "relay.log")


def default_python() -> str:
    return sys.executable
