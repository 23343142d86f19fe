"""How many processes solve the parts of a plan."""

from __future__ import annotations

import multiprocessing

from solver.cores import available_cores

PARTS_PER_WORKER = 8  # fewer parts than this per process are solved in this process
MAX_WORKERS = 8


def part_workers(parts: int, workers: int | None = None) -> int:
    """Return how many processes share out ``parts`` parts (1: this process solves them all).

    ``workers`` asks for that many (never more than the parts); None lets the cores and the number of parts
    decide. Only where processes can be forked: they share the parts' state without importing anything again.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is None:
        workers = min(available_cores(), parts // PARTS_PER_WORKER, MAX_WORKERS)
    return max(1, min(workers, parts))
