"""Migrations: the head matches the models; every revision upgrades and downgrades with data in place.

Runs on a fresh SQLite file always, and on PostgreSQL when DATABASE_URL points at it (in its own database).
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from planner import migrate
from planner.config import normalise_database_url
from planner.db import Base


def _postgres_scratch_database() -> Iterator[str]:
    base = normalise_database_url(os.environ["DATABASE_URL"])
    name = f"planner_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


BACKENDS = ["sqlite"]
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    BACKENDS.append("postgresql")


@pytest.fixture(params=BACKENDS)
def scratch_url(request, tmp_path) -> Iterator[str]:
    """An empty database of each available backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite'}"
    else:
        yield from _postgres_scratch_database()


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_head_matches_the_models(scratch_url):
    migrate.upgrade(scratch_url)
    assert migrate.pending_differences(scratch_url) == []


def test_upgrade_creates_every_model_table(scratch_url):
    migrate.upgrade(scratch_url)
    engine = create_engine(scratch_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def _unit_codes(engine) -> set[str] | None:
    """Codes of the org units in the database, or None when the table does not exist at this revision."""
    if "org_unit" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        return set(connection.execute(text("SELECT code FROM org_unit")).scalars())


def _add_unit(engine, code: str) -> None:
    if "org_unit" in inspect(engine).get_table_names():
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO org_unit (code, name, kind) VALUES (:code, '农商银行', 'bank')"),
                {"code": code},
            )


def test_every_revision_upgrades_and_downgrades_keeping_data(scratch_url):
    engine = create_engine(scratch_url)
    steps = ["base", *_revisions()]
    for previous, revision in itertools.pairwise(steps):
        _add_unit(engine, f"before-{revision}")
        before = _unit_codes(engine)
        migrate.upgrade(scratch_url, revision)
        after_upgrade = _unit_codes(engine)
        if before is not None:
            assert after_upgrade == before, f"upgrade to {revision} lost rows"
        _add_unit(engine, f"at-{revision}")
        migrate.downgrade(scratch_url, previous)
        if before is not None:
            assert _unit_codes(engine) == before | {f"at-{revision}"}, f"downgrade from {revision} lost rows"
        migrate.upgrade(scratch_url, revision)
    migrate.downgrade(scratch_url, "base")
    assert "org_unit" not in inspect(engine).get_table_names()
    engine.dispose()
