"""Shared fixtures: a migrated real database (SQLite file, or PostgreSQL when DATABASE_URL says so), the app,
a session, factories bound to it, and clients signed in with each role."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from planner import create_app, migrate
from planner.audit.recorder import act_as
from planner.auth.throttle import limiter
from planner.config import Config, normalise_database_url
from tests import factories
from tests.database import empty_all_tables

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'planner.sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database, upgraded to the latest migration once per run."""
    url = _database_url(tmp_path_factory)
    migrate.upgrade(url)
    return url


def _own_queue(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Return a job queue of its own: a SQLite file, or Redis (shared) under a name of its own."""
    # Each test app has its own queue: a consumer started by one app must never take another app's jobs,
    # since only the app that registered a job can run it.
    return {
        "queue_name": f"planner-test-{uuid.uuid4().hex[:12]}",
        "queue_path": tmp_path_factory.mktemp("queue") / "queue.sqlite",
        "redis_url": os.environ.get("REDIS_URL") or None,
    }


@pytest.fixture(scope="session")
def queue_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The job queue of the test app."""
    return _own_queue(tmp_path_factory)


def _test_app(database_url: str, csrf_enabled: bool, queue: dict[str, object]) -> Flask:
    app = create_app(
        Config(
            database_url=database_url,
            secret_key="test",
            testing=True,
            csrf_enabled=csrf_enabled,
            **queue,  # type: ignore[arg-type]
        )
    )
    return app


@pytest.fixture(scope="session")
def app(database_url: str, queue_settings: dict[str, object]) -> Iterator[Flask]:
    """The application on the test database (CSRF off; ``csrf_app`` has it on)."""
    app = _test_app(database_url, csrf_enabled=False, queue=queue_settings)
    yield app
    _stop_queue(app)
    app.extensions["planner.engine"].dispose()


def _stop_queue(app: Flask) -> None:
    from planner.jobs.queue import job_queue

    job_queue(app).close()


@pytest.fixture(scope="session")
def csrf_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application with CSRF protection on, as in production (its own job queue)."""
    app = _test_app(database_url, csrf_enabled=True, queue=_own_queue(tmp_path_factory))
    yield app
    _stop_queue(app)
    app.extensions["planner.engine"].dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session on the test database; factories write through it; every table is emptied afterwards."""
    session = act_as(app.extensions["planner.sessions"](), None)
    factories.bind(session)
    yield session
    session.rollback()
    session.close()
    empty_all_tables(app)
    limiter.reset()  # failed sign-ins of one test do not throttle the next


@pytest.fixture
def client(app: Flask, db: Session) -> FlaskClient:
    """An anonymous browser."""
    return app.test_client()


def _signed_in(app: Flask, db: Session, role: str) -> FlaskClient:
    from planner.enums import Role

    user = factories.UserFactory(username=f"{role}-user", role=Role(role))
    db.commit()
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302, "test user could not sign in"
    return client


@pytest.fixture
def admin_client(app: Flask, db: Session) -> FlaskClient:
    """A browser signed in as an administrator."""
    return _signed_in(app, db, "admin")


@pytest.fixture
def planner_client(app: Flask, db: Session) -> FlaskClient:
    """A browser signed in as a planner."""
    return _signed_in(app, db, "planner")


@pytest.fixture
def viewer_client(app: Flask, db: Session) -> FlaskClient:
    """A browser signed in as a viewer (read-only)."""
    return _signed_in(app, db, "viewer")
