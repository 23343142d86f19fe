"""Behind reverse proxies: the client address comes from X-Forwarded-For only when PLANNER_PROXY_FIX_FOR says
how many proxies to trust; otherwise the header is ignored (a client could write any address into it)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from planner import create_app
from planner.audit.models import AuditEntry
from planner.config import Config, ConfigurationError
from tests import factories

PROXY = "10.0.0.1"  # the socket's address: the proxy's


@pytest.fixture
def proxied_app(database_url: str, db, tmp_path) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """The app behind one trusted proxy (same database; the throttle's storage as the test app's)."""
    app = create_app(
        Config(
            database_url=database_url,
            secret_key="test",
            testing=True,
            csrf_enabled=False,
            proxy_fix_for=1,
            queue_name="planner-test-proxy",
            queue_path=tmp_path / "queue.sqlite",
            redis_url=os.environ.get("REDIS_URL") or None,
        )
    )
    yield app
    app.extensions["planner.engine"].dispose()


def _fail(client, username: str, forwarded: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"username": username, "password": "wrong"},
        headers={"X-Forwarded-For": forwarded},
        environ_base={"REMOTE_ADDR": PROXY},
    )


def _addresses(db) -> list[str]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return [e.changes["address"] for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_without_the_setting_the_forwarded_address_is_ignored(client, db):
    _fail(client, "nobody", "203.0.113.7")
    assert _addresses(db) == [PROXY]


def test_without_the_setting_a_forged_header_does_not_escape_the_address_limit(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    for attempt in range(30):
        _fail(client, f"nobody{attempt}", f"198.51.100.{attempt}")  # a new "address" each time
    response = client.post(
        "/login",
        data={"username": "wang", "password": factories.PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.200"},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(proxied_app, db):
    client = proxied_app.test_client()
    _fail(client, "nobody", "203.0.113.7")
    # Only the last (the proxy's own) entry is trusted with one proxy: a forged earlier one is skipped.
    _fail(client, "nobody", "192.0.2.66, 203.0.113.8")
    assert _addresses(db) == ["203.0.113.7", "203.0.113.8"]


def test_behind_a_trusted_proxy_the_address_limit_counts_each_client(proxied_app, db):
    factories.UserFactory(username="wang")
    db.commit()
    client = proxied_app.test_client()
    for attempt in range(30):
        _fail(client, f"nobody{attempt}", "203.0.113.9")

    def sign_in(forwarded: str) -> int:
        return client.post(
            "/login",
            data={"username": "wang", "password": factories.PASSWORD},
            headers={"X-Forwarded-For": forwarded},
            environ_base={"REMOTE_ADDR": PROXY},
        ).status_code

    assert sign_in("203.0.113.9") == 429  # that client is throttled
    assert sign_in("203.0.113.10") == 302  # another one behind the same proxy is not


def test_the_setting_is_read_from_the_environment_and_checked():
    assert Config.from_env({}).proxy_fix_for == 0
    assert Config.from_env({"PLANNER_PROXY_FIX_FOR": "2"}).proxy_fix_for == 2
    for bad in ("-1", "one", "11"):
        with pytest.raises(ConfigurationError, match="PLANNER_PROXY_FIX_FOR"):
            Config.from_env({"PLANNER_PROXY_FIX_FOR": bad})
