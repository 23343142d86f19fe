"""Alembic environment: migrate the database named by the configuration, comparing against our models."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import planner.models  # noqa: F401  (registers every table on Base.metadata)
from planner.config import Config
from planner.db import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or Config.from_env().database_url
target_metadata = Base.metadata


def run_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on a live connection (batch mode so SQLite can alter tables)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
