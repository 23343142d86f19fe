"""Emptying the test database between tests (and mid-test, where a test loads data twice)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from planner.db import Base


def empty_all_tables(app: Flask) -> None:
    """Delete every row of every table, keeping the schema and the foreign-key checks on."""
    engine = app.extensions["planner.engine"]
    tables = [table.name for table in Base.metadata.sorted_tables]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            # Children before parents; the unit tree refers to itself, so cut it first.
            connection.execute(text("UPDATE org_unit SET parent_id = NULL"))
            for name in reversed(tables):
                connection.execute(text(f"DELETE FROM {name}"))
