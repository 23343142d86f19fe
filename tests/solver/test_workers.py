"""How many processes the solver uses: the cores this process may run on, on every platform."""

from __future__ import annotations

import os

from solver.cores import available_cores
from solver.plan.workers import MAX_WORKERS, PARTS_PER_WORKER, part_workers


def test_available_cores_are_the_cores_this_process_may_run_on() -> None:
    if hasattr(os, "sched_getaffinity"):
        assert available_cores() == len(os.sched_getaffinity(0))
    else:
        assert available_cores() == (os.cpu_count() or 1)
    assert available_cores() >= 1


def test_a_requested_worker_count_is_used_up_to_one_process_per_part() -> None:
    assert part_workers(16, workers=2) == 2
    assert part_workers(3, workers=8) == 3
    assert part_workers(16, workers=0) == 1


def test_few_parts_are_solved_in_this_process() -> None:
    assert part_workers(PARTS_PER_WORKER - 1) == 1


def test_many_parts_use_every_core_up_to_the_most_processes() -> None:
    assert part_workers(100 * PARTS_PER_WORKER) == min(available_cores(), MAX_WORKERS)


def test_each_process_gets_at_least_eight_parts() -> None:
    assert part_workers(2 * PARTS_PER_WORKER + 1) <= 2
