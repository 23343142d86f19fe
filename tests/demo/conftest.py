"""A tiny demo size that loads in a fraction of a second, and a way to empty the database mid-test."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from planner.db import Base
from planner.demo.sizes import DemoSize

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
        engine = app.extensions["planner.engine"]
        tables = [table.name for table in Base.metadata.sorted_tables]
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                # org_unit refers to itself: switch the checks off while emptying, as tests/conftest.py does.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                for name in reversed(tables):
                    connection.execute(text(f"DELETE FROM {name}"))
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        db.expire_all()

    return _wipe
