"""Rendering a file (PDF, Word) takes seconds of CPU: one at a time per process, in a worker
thread, so the live boards on the same process keep their pace."""

from __future__ import annotations

import anyio

renders = anyio.CapacityLimiter(1)
