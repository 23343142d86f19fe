"""Sessions really end: sign-out, a new password, a role change and deactivation invalidate every copy of a
session cookie; sessions last the configured time; the app refuses to start without a secret key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from planner import create_app
from planner.auth.models import User
from planner.config import Config, ConfigurationError
from planner.enums import Role
from planner.territories.models import Territory
from tests import factories


def _sign_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """Return a second browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _user(db, username: str) -> User:
    db.expire_all()
    return db.scalar(select(User).where(User.username == username))


def test_a_copied_cookie_reads_nothing_after_sign_out(app, db):
    factories.UserFactory(username="wang", role=Role.PLANNER)
    db.commit()
    browser = _sign_in(app, "wang")
    copy = _copy(app, browser)
    assert copy.get("/").status_code == 200

    browser.post("/logout")

    response = copy.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_copied_cookie_changes_nothing_after_sign_out(app, db):
    factories.UserFactory(username="wang", role=Role.PLANNER)
    outlet = factories.OutletFactory()
    db.commit()
    browser = _sign_in(app, "wang")
    copy = _copy(app, browser)
    browser.post("/logout")

    copy.post(
        "/territories/new",
        data={
            "code": "T1",
            "name": "x",
            "unit_id": outlet.id,
            "segment": "retail",
            "households": 1,
            "customers": 0,
            "villages": 0,
            "loan_balance": "0",
            "deposit_balance": "0",
        },
    )

    assert db.scalar(select(func.count()).select_from(Territory)) == 0


def test_an_admin_password_reset_ends_the_users_sessions(app, admin_client, db):
    factories.UserFactory(username="chen", role=Role.PLANNER)
    db.commit()
    chen = _sign_in(app, "chen")
    user = _user(db, "chen")

    response = admin_client.post(
        f"/users/{user.id}/password", data={"password": "Fresh-pass-2026", "confirm": "Fresh-pass-2026"}
    )

    assert response.status_code == 302
    assert chen.get("/").status_code == 302


def test_an_admin_resetting_their_own_password_stays_signed_in(admin_client, db):
    admin = _user(db, "admin-user")
    admin_client.post(
        f"/users/{admin.id}/password", data={"password": "Fresh-pass-2026", "confirm": "Fresh-pass-2026"}
    )
    assert admin_client.get("/").status_code == 200


def test_a_role_change_ends_the_users_sessions(app, admin_client, db):
    factories.UserFactory(username="chen", role=Role.PLANNER)
    db.commit()
    chen = _sign_in(app, "chen")
    user = _user(db, "chen")

    admin_client.post(
        f"/users/{user.id}/edit", data={"display_name": "chen", "role": "viewer", "is_active": "y"}
    )

    assert _user(db, "chen").role is Role.VIEWER
    assert chen.get("/").status_code == 302


def test_deactivation_ends_the_users_sessions(app, admin_client, db):
    factories.UserFactory(username="chen", role=Role.PLANNER)
    db.commit()
    chen = _sign_in(app, "chen")
    user = _user(db, "chen")

    admin_client.post(f"/users/{user.id}/edit", data={"display_name": "chen", "role": "planner"})

    assert not _user(db, "chen").is_active
    assert chen.get("/").status_code == 302


def test_renaming_a_user_keeps_their_sessions(app, admin_client, db):
    factories.UserFactory(username="chen", role=Role.PLANNER)
    db.commit()
    chen = _sign_in(app, "chen")
    user = _user(db, "chen")

    admin_client.post(
        f"/users/{user.id}/edit", data={"display_name": "Chen Jing", "role": "planner", "is_active": "y"}
    )

    assert chen.get("/").status_code == 200


def test_a_session_older_than_its_lifetime_is_signed_out(planner_client):
    with planner_client.session_transaction() as session:
        session["signed_in_at"] = (datetime.now(UTC) - timedelta(hours=8, minutes=1)).timestamp()
    assert planner_client.get("/").status_code == 302


def test_a_session_within_its_lifetime_stays(planner_client):
    with planner_client.session_transaction() as session:
        session["signed_in_at"] = (datetime.now(UTC) - timedelta(hours=7, minutes=59)).timestamp()
    assert planner_client.get("/").status_code == 200


def test_session_lifetime_defaults_to_eight_hours_and_is_configurable():
    assert Config.from_env({}).session_hours == 8
    assert Config.from_env({"PLANNER_SESSION_HOURS": "2.5"}).session_hours == 2.5


def test_the_app_refuses_to_start_without_a_secret_key(database_url):
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app(Config(database_url=database_url, secret_key=None))


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-the-file\n")
    assert Config.from_env({"PLANNER_SECRET_KEY_FILE": str(key_file)}).secret_key == "from-the-file"


def test_the_environment_secret_key_wins_over_the_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-the-file")
    env = {"SECRET_KEY": "from-env", "PLANNER_SECRET_KEY_FILE": str(key_file)}
    assert Config.from_env(env).secret_key == "from-env"


def test_sessions_are_signed_by_the_configured_key_so_every_process_accepts_them(
    database_url, app, db, tmp_path
):
    factories.UserFactory(username="wang", role=Role.PLANNER)
    db.commit()
    browser = _sign_in(app, "wang")
    other_process = create_app(
        Config(
            database_url=database_url, secret_key="test", testing=True, queue_path=tmp_path / "queue.sqlite"
        )
    )
    other = other_process.test_client()
    other.set_cookie("session", browser.get_cookie("session").value)
    try:
        assert other.get("/").status_code == 200
    finally:
        other_process.extensions["planner.engine"].dispose()
