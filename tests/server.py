"""A real Casemap server in a subprocess on a free port, for WebSocket and browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    port: int
    database_url: str
    proc: subprocess.Popen[bytes]
    log_path: Path
    log_file: BinaryIO | None = None

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://", 1)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.log_file is not None and self.proc.poll() is not None:
            self.log_file.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(
    database_url: str, log_dir: Path, port: int | None = None, env: dict[str, str] | None = None, timeout: float = 30.0
) -> Server:
    port = port or free_port()
    log_path = log_dir / f"server-{port}-{time.monotonic_ns()}.log"
    full_env = {**os.environ, "CASEMAP_DATABASE_URL": database_url, "CASEMAP_PORT": str(port), **(env or {})}
    log_file = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=full_env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", port, database_url, proc, log_path, log_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log_file.close()
            raise RuntimeError(f"server exited with {proc.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not become healthy in {timeout}s:\n{server.log()}")


@contextmanager
def running_server(database_url: str, log_dir: Path, **kwargs: object) -> Iterator[Server]:
    server = start_server(database_url, log_dir, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()
