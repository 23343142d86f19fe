"""Fixtures of the planning tests: the hand-built bank and its default scenario."""

from __future__ import annotations

import pytest

from planner.jobs.queue import job_queue
from planner.scenarios.services import bank_parameters, create_scenario
from tests.planning.bank import SMALL_BANK_PARAMETERS, SmallBank, build_small_bank


@pytest.fixture
def consumer(app):  # type: ignore[no-untyped-def]
    """A real consumer of the test run's queue (threads of this process; with REDIS_URL, on Redis)."""
    queue = job_queue(app)
    queue.start_consumer()
    return queue


@pytest.fixture
def small_bank(db) -> SmallBank:  # type: ignore[no-untyped-def]
    """The hand-built bank of ``tests/planning/bank.py``."""
    return build_small_bank(db)


@pytest.fixture
def small_scenario(db, small_bank):  # type: ignore[no-untyped-def]
    """A scenario of the small bank owned by its planner, with a plan that exists."""
    params = {**bank_parameters(db), **SMALL_BANK_PARAMETERS}
    scenario = create_scenario(db, small_bank.planner_user, "small", params)
    db.commit()
    return scenario
