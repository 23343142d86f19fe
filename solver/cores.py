"""How many cores this process may use, on every platform."""

from __future__ import annotations

import os


def available_cores() -> int:
    """Return the number of cores this process may run on (at least 1).

    Linux limits a process to its affinity set (containers, ``taskset``), which can be fewer than the
    machine's cores; macOS and Windows have no ``sched_getaffinity``, so the machine's count is used there.
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1
