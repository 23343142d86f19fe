"""A tiny demo size that loads in a fraction of a second, and a way to empty the database mid-test."""

from __future__ import annotations

import pytest

from planner.demo.sizes import DemoSize
from tests.database import empty_all_tables

# Tests only: enough CMs for every kind (exited, newly hired, on leave) but quick to load.
TINY = DemoSize(branches=3, outlets=8, territories=30, managers=120, candidates=40)


@pytest.fixture
def tiny() -> DemoSize:
    return TINY


@pytest.fixture
def wipe(app, db):
    """Return a function that empties every table (to load the demo twice in one test)."""

    def _wipe() -> None:
        db.commit()
        empty_all_tables(app)
        db.expire_all()

    return _wipe
