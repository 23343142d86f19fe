"""User administration: only administrators; creating, editing, resetting passwords; no self-demotion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEntry
from planner.auth.models import User
from planner.enums import AuditAction, Role
from planner.errors import InvalidInput
from planner.users.services import reset_password, update_user
from tests import factories


def _user(db, username: str) -> User:
    db.expire_all()
    return db.scalar(select(User).where(User.username == username))


@pytest.mark.parametrize("url", ["/users/", "/users/new", "/users/1/edit", "/users/1/password"])
def test_planner_gets_403_everywhere(planner_client, url):
    assert planner_client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/users/", "/users/new"])
def test_viewer_gets_403(viewer_client, url):
    assert viewer_client.get(url).status_code == 403


def test_viewer_cannot_create_a_user(viewer_client, db):
    response = viewer_client.post(
        "/users/new",
        data={"username": "x1", "password": "longenough", "confirm": "longenough", "role": "admin"},
    )
    assert response.status_code == 403
    assert _user(db, "x1") is None


def test_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get("/users/").status_code == 302


def test_list_shows_username_display_name_role_and_status(admin_client, db):
    factories.UserFactory(username="zhang", display_name="张经理", role=Role.VIEWER, is_active=False)
    db.commit()
    html = admin_client.get("/users/").get_data(as_text=True)
    row = html.split("<td>zhang</td>", 1)[1].split("</tr>", 1)[0]
    assert "<td>张经理</td>" in row
    assert "<td>只读用户</td>" in row
    assert "已停用" in row
    assert "从未登录" in row


def test_admin_creates_a_user_who_can_sign_in(app, admin_client, db):
    response = admin_client.post(
        "/users/new",
        data={
            "username": "liu",
            "display_name": "刘规划",
            "role": "planner",
            "password": "s3cret-pw-42",
            "confirm": "s3cret-pw-42",
        },
    )
    assert response.status_code == 302
    user = _user(db, "liu")
    assert (user.display_name, user.role, user.is_active) == ("刘规划", Role.PLANNER, True)
    assert (
        app.test_client().post("/login", data={"username": "liu", "password": "s3cret-pw-42"}).status_code
        == 302
    )


def test_creating_a_user_is_in_the_audit_log(admin_client, db):
    admin_client.post(
        "/users/new",
        data={"username": "liu", "role": "viewer", "password": "s3cret-pw-42", "confirm": "s3cret-pw-42"},
    )
    user = _user(db, "liu")
    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.entity == "app_user", AuditEntry.entity_id == str(user.id))
    )
    assert entry.action is AuditAction.CREATE
    assert entry.changes["username"] == "liu"
    assert entry.changes["password_hash"] == "***"


def test_short_password_is_refused_and_nothing_created(admin_client, db):
    response = admin_client.post(
        "/users/new", data={"username": "liu", "role": "viewer", "password": "short", "confirm": "short"}
    )
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)
    assert _user(db, "liu") is None


def test_taken_username_is_refused(admin_client, db):
    factories.UserFactory(username="liu", display_name="原来的")
    db.commit()
    response = admin_client.post(
        "/users/new",
        data={"username": "liu", "role": "admin", "password": "s3cret-pw-42", "confirm": "s3cret-pw-42"},
    )
    assert response.status_code == 422
    assert "该用户名已被占用" in response.get_data(as_text=True)
    assert db.scalar(select(User.display_name).where(User.username == "liu")) == "原来的"


def test_admin_changes_role_display_name_and_active_flag(admin_client, db):
    other = factories.UserFactory(username="chen", role=Role.VIEWER)
    db.commit()
    response = admin_client.post(
        f"/users/{other.id}/edit", data={"display_name": "陈规划", "role": "planner", "is_active": ""}
    )
    assert response.status_code == 302
    user = _user(db, "chen")
    assert (user.display_name, user.role, user.is_active) == ("陈规划", Role.PLANNER, False)


def test_admin_cannot_demote_themself(admin_client, db):
    me = _user(db, "admin-user")
    response = admin_client.post(
        f"/users/{me.id}/edit", data={"display_name": "x", "role": "viewer", "is_active": "y"}
    )
    assert response.status_code == 422
    assert "不能取消自己的管理员角色" in response.get_data(as_text=True)
    assert _user(db, "admin-user").role is Role.ADMIN


def test_admin_cannot_deactivate_themself(admin_client, db):
    me = _user(db, "admin-user")
    response = admin_client.post(
        f"/users/{me.id}/edit", data={"display_name": "x", "role": "admin", "is_active": ""}
    )
    assert response.status_code == 422
    assert "不能停用自己的账号" in response.get_data(as_text=True)
    assert _user(db, "admin-user").is_active is True


def test_admin_resets_a_password(app, admin_client, db):
    other = factories.UserFactory(username="chen")
    db.commit()
    response = admin_client.post(
        f"/users/{other.id}/password", data={"password": "brand-new-pw", "confirm": "brand-new-pw"}
    )
    assert response.status_code == 302
    assert _user(db, "chen").check_password("brand-new-pw")


def test_password_reset_needs_matching_passwords(admin_client, db):
    other = factories.UserFactory(username="chen")
    db.commit()
    response = admin_client.post(
        f"/users/{other.id}/password", data={"password": "brand-new-pw", "confirm": "other-pw!"}
    )
    assert response.status_code == 422
    assert _user(db, "chen").check_password(factories.PASSWORD)


def test_editing_a_missing_user_is_404(admin_client):
    assert admin_client.get("/users/9999/edit").status_code == 404


def test_service_refuses_self_demotion_naming_the_role_field(db):
    me = factories.UserFactory(role=Role.ADMIN)
    with pytest.raises(InvalidInput) as error:
        update_user(db, me.id, me.id, display_name="", role=Role.PLANNER, is_active=True)
    assert error.value.field == "role"


def test_service_lets_an_admin_rename_themself(db):
    me = factories.UserFactory(username="boss", role=Role.ADMIN)
    user = update_user(db, me.id, me.id, display_name="  ", role=Role.ADMIN, is_active=True)
    assert user.display_name == "boss"


def test_service_refuses_a_short_password(db):
    user = factories.UserFactory()
    with pytest.raises(InvalidInput) as error:
        reset_password(db, user.id, "1234567")
    assert error.value.field == "password"


def test_page_renders_in_english(admin_client):
    admin_client.post("/locale", data={"locale": "en"})
    html = admin_client.get("/users/").get_data(as_text=True)
    assert "<h1>Users</h1>" in html
    assert "<td>admin-user</td>" in html


def test_edit_form_shows_the_current_role_and_flag(admin_client, db):
    other = factories.UserFactory(username="chen", role=Role.PLANNER, is_active=True)
    db.commit()
    html = admin_client.get(f"/users/{other.id}/edit").get_data(as_text=True)
    assert '<option selected value="planner">' in html
    assert '<input checked id="is_active" name="is_active"' in html


def test_form_without_csrf_token_is_refused(csrf_app, db):
    admin = factories.UserFactory(username="root", role=Role.ADMIN)
    db.commit()
    client = csrf_app.test_client()
    try:
        login = client.get("/login").get_data(as_text=True)
        token = login.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        client.post(
            "/login", data={"username": admin.username, "password": factories.PASSWORD, "csrf_token": token}
        )
        response = client.post(
            "/users/new",
            data={
                "username": "sneaky",
                "role": "admin",
                "password": "s3cret-pw-42",
                "confirm": "s3cret-pw-42",
            },
        )
    finally:
        # The CSRF app has its own engine: close its pooled connections so none outlives the test run.
        csrf_app.extensions["planner.engine"].dispose()
    assert response.status_code == 400
    assert _user(db, "sneaky") is None
