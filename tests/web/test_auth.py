"""Signing in, signing out and role-based access."""

from flask import Flask
from sqlalchemy import select

from planner.auth.models import User
from tests import factories


def test_anonymous_visitor_is_sent_to_the_sign_in_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/")


def test_correct_password_signs_in_and_returns_to_the_requested_page(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    response = client.post("/login?next=/", data={"username": "wang", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_rerenders_the_form_with_an_error(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    response = client.post("/login", data={"username": "wang", "password": "nope"})
    assert response.status_code == 200
    assert "field-error" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_next_parameter_never_leaves_the_site(client, db):
    factories.UserFactory(username="wang")
    db.commit()
    response = client.post(
        "/login?next=https://evil.example/", data={"username": "wang", "password": factories.PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_inactive_user_cannot_sign_in(client, db):
    user = factories.UserFactory(username="gone", is_active=False)
    db.commit()
    response = client.post("/login", data={"username": "gone", "password": factories.PASSWORD})
    # The form comes back with the same error as a wrong password, and the user stays signed out.
    assert response.status_code == 200
    assert "field-error" in response.get_data(as_text=True)
    assert client.get("/").headers["Location"].startswith("/login")
    db.refresh(user)
    assert user.last_login_at is None


def test_password_is_stored_hashed(db):
    user = factories.UserFactory(username="li")
    assert factories.PASSWORD not in user.password_hash
    assert user.check_password(factories.PASSWORD)


def test_sign_out_ends_the_session(planner_client):
    assert planner_client.get("/").status_code == 200
    planner_client.post("/logout")
    assert planner_client.get("/").status_code == 302


def test_forms_refuse_a_post_without_csrf_token(csrf_app: Flask, db):
    factories.UserFactory(username="zhao")
    db.commit()
    browser = csrf_app.test_client()
    response = browser.post("/login", data={"username": "zhao", "password": factories.PASSWORD})
    # The right password does not help: the request is refused before the form is read.
    assert response.status_code == 400
    assert browser.get("/").status_code == 302


def test_sign_in_records_the_time(client, db):
    factories.UserFactory(username="sun")
    db.commit()
    client.post("/login", data={"username": "sun", "password": factories.PASSWORD})
    db.expire_all()
    assert db.scalar(select(User.last_login_at).where(User.username == "sun")) is not None


def test_navigation_shows_each_role_only_what_it_may_open(admin_client, viewer_client):
    admin_page = admin_client.get("/").get_data(as_text=True)
    viewer_page = viewer_client.get("/").get_data(as_text=True)
    assert 'href="/users/"' in admin_page and 'href="/audit/"' in admin_page
    assert 'href="/users/"' not in viewer_page and 'href="/audit/"' not in viewer_page
    assert 'href="/managers/"' in viewer_page
