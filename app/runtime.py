"""Process-wide runtime settings the server applies once it has started."""

from __future__ import annotations

import gc


def settle_garbage_collector() -> None:
    """Keep the garbage collector from pausing the event loop mid-meeting.

    Python's full (generation 2) collection walks every tracked object; with the app's modules,
    templates and a few hundred sockets that took 85-200 ms at a time under load (measured with
    a gc callback in `make bench`: WebSocket pings stalled as long). What exists after start-up
    lives as long as the process, so it is frozen out of the collector's walk, and the young
    generation is collected less often (allocation-heavy fan-out churns it quickly). Once per
    process: a test run starts the app many times. The PDF export renders in the server
    process under these settings, so `bench.pdf` applies them too."""
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
