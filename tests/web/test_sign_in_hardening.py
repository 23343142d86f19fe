"""Sign-in: throttled per account and per address, failures in the audit log, a password policy, no user
enumeration by timing, the sign-in time recorded as the user's own change, a warning about demo passwords."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEntry
from planner.auth import passwords
from planner.auth.models import User
from planner.auth.passwords import password_problem
from planner.auth.services import authenticate, create_user
from planner.demo.loader import _ensure_users
from planner.enums import AuditAction, Role
from planner.errors import InvalidInput
from tests import factories


def _attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    for _ in range(30):
        _attempt(client, "wang", "wrong password")

    response = _attempt(client, "wang", factories.PASSWORD)

    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_an_account_is_throttled_after_five_failures_from_any_addresses(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    for attempt in range(5):
        assert _attempt(client, "wang", "wrong", address=f"10.0.1.{attempt}").status_code == 200

    assert _attempt(client, "wang", factories.PASSWORD, address="10.0.2.1").status_code == 429


def test_four_failures_do_not_stop_the_right_password(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    for _ in range(4):
        _attempt(client, "wang", "wrong")

    assert _attempt(client, "wang", factories.PASSWORD).status_code == 302


def test_an_address_is_throttled_after_thirty_failures_over_any_accounts(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    for attempt in range(30):
        _attempt(client, f"nobody{attempt}", "wrong", address="10.0.3.3")

    assert _attempt(client, "wang", factories.PASSWORD, address="10.0.3.3").status_code == 429
    assert _attempt(client, "wang", factories.PASSWORD, address="10.0.3.4").status_code == 302


def test_successful_sign_ins_are_never_counted(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    for _ in range(8):
        assert _attempt(client, "wang", factories.PASSWORD).status_code == 302
        client.post("/logout")


def test_a_failed_sign_in_is_in_the_audit_log_against_the_account(client, db):
    user = factories.UserFactory(username="wang")
    db.commit()
    _attempt(client, "wang", "wrong", address="10.9.8.7")

    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == AuditAction.SIGN_IN_FAILED))
    assert (entry.user_id, entry.entity, entry.entity_id) == (user.id, "app_user", str(user.id))
    assert entry.changes == {"username": "wang", "address": "10.9.8.7"}


def test_a_failed_sign_in_with_an_unknown_name_is_in_the_audit_log(client, db):
    _attempt(client, "ghost", "wrong")
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == AuditAction.SIGN_IN_FAILED))
    assert entry.user_id is None and entry.changes["username"] == "ghost"


def test_the_sign_in_time_is_recorded_as_the_users_own_change(client, db):
    user = factories.UserFactory(username="wang")
    db.commit()
    _attempt(client, "wang", factories.PASSWORD)

    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.entity == "app_user", AuditEntry.action == AuditAction.UPDATE)
    )
    assert "last_login_at" in entry.changes
    assert entry.user_id == user.id


@pytest.mark.parametrize(
    "password", ["password", "12345678", "short-pw", "qwertyuiop", "1q2w3e4r5t", "Password123"]
)
def test_short_or_common_passwords_are_refused(password):
    assert password_problem(password, "wang") is not None


def test_the_username_is_refused_as_password():
    assert password_problem("Wang.Xiaoming", "wang.xiaoming") == "The password cannot be the username."


def test_a_long_uncommon_password_is_accepted():
    assert password_problem("tea-at-the-river-2026", "wang") is None


def test_the_common_password_list_has_at_least_a_thousand_entries_of_policy_length():
    assert sum(len(word) >= passwords.MIN_PASSWORD_LENGTH for word in passwords.common_passwords()) >= 1000


def test_creating_a_user_with_a_common_password_is_refused_and_nothing_created(db):
    with pytest.raises(InvalidInput) as error:
        create_user(db, "wang", "1234567890", Role.VIEWER)
    assert error.value.field == "password"
    assert db.scalar(select(User.id).where(User.username == "wang")) is None


def test_the_admin_form_refuses_a_common_password(admin_client, db):
    response = admin_client.post(
        "/users/new",
        data={"username": "liu", "role": "viewer", "password": "qwertyuiop", "confirm": "qwertyuiop"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "most commonly used" in response.get_data(as_text=True)


def test_the_password_reset_form_refuses_the_username(admin_client, db):
    user = factories.UserFactory(username="chen.jing.2026")
    db.commit()
    response = admin_client.post(
        f"/users/{user.id}/password", data={"password": "chen.jing.2026", "confirm": "chen.jing.2026"}
    )
    assert response.status_code == 422
    db.expire_all()
    assert db.get(User, user.id).check_password(factories.PASSWORD)


class _CountingCheck:
    """Count password-hash checks while still doing them (the real werkzeug function runs)."""

    def __init__(self, real):  # type: ignore[no-untyped-def]
        self.real, self.calls = real, 0

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        self.calls += 1
        return self.real(*args)


@pytest.mark.parametrize("case", ["unknown", "inactive"])
def test_a_missing_or_inactive_user_costs_one_password_check_like_a_wrong_password(db, monkeypatch, case):
    if case == "inactive":
        factories.UserFactory(username="gone", is_active=False)
    counting = _CountingCheck(passwords.check_password_hash)
    monkeypatch.setattr(passwords, "check_password_hash", counting)

    assert authenticate(db, "gone", "whatever") is None
    assert counting.calls == 1


def test_admins_see_a_warning_while_a_demo_password_is_in_use(admin_client, db):
    _ensure_users(db)
    db.commit()
    page = admin_client.get("/").get_data(as_text=True)
    assert 'id="demo-password-warning"' in page
    assert "admin, planner, viewer" in page


def test_the_warning_goes_once_every_demo_password_is_changed(admin_client, db):
    _ensure_users(db)
    for user in db.scalars(select(User).where(User.has_demo_password.is_(True))):
        user.set_password("a-real-password-2026")
    db.commit()
    assert 'id="demo-password-warning"' not in admin_client.get("/").get_data(as_text=True)


def test_planners_see_no_demo_password_warning(planner_client, db):
    _ensure_users(db)
    db.commit()
    assert 'id="demo-password-warning"' not in planner_client.get("/").get_data(as_text=True)


def test_the_audit_log_page_lists_failed_sign_ins(app, admin_client, db):
    app.test_client().post("/login", data={"username": "ghost", "password": "wrong"})
    page = admin_client.get("/audit/?action=sign_in_failed").get_data(as_text=True)
    assert "ghost" in page
