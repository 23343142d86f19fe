"""Security headers on every answer, no inline script in any template, and personal fields shown only to the
roles the privacy table names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner import create_app
from planner.config import Config
from planner.enums import Role
from planner.privacy import FIELD_RULES, may_see
from tests import factories

TEMPLATES = Path(__file__).resolve().parents[2] / "planner" / "templates"


def test_pages_cannot_be_framed(viewer_client):
    response = viewer_client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_content_security_policy_allows_no_inline_code(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy and "default-src 'self'" in policy


def test_content_types_are_not_sniffed_and_referrers_stay_on_the_site(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_stored_by_caches(viewer_client):
    assert viewer_client.get("/territories/").headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable_for_signed_in_users(viewer_client):
    with viewer_client.get("/static/app.css") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_no_hsts_without_secure_cookies(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_when_secure_cookies_are_on(database_url, tmp_path):
    app = create_app(
        Config(
            database_url=database_url,
            secret_key="t",
            testing=True,
            session_cookie_secure=True,
            queue_path=tmp_path / "queue.sqlite",
        )
    )
    try:
        response = app.test_client().get("/login")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        app.extensions["planner.engine"].dispose()


def test_no_server_software_is_announced(client):
    assert "Server" not in client.get("/login").headers


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_carries_inline_script_or_event_handlers(template):
    text = template.read_text(encoding="utf-8")
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", text)
        if "src=" not in tag and "application/json" not in tag
    ]
    assert not inline_scripts
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text and ' style="' not in text


def test_viewers_see_no_home_location_credit_or_disciplinary_record(viewer_client, db):
    manager = factories.ManagerFactory(
        home_latitude=30.12345,
        home_longitude=114.54321,
        credit_record_clean=False,
        has_disciplinary_record=True,
    )
    db.commit()
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    assert "30.12345" not in page and "114.54321" not in page
    assert 'id="credit-record"' not in page and 'id="disciplinary-record"' not in page
    assert 'id="home-location"' not in page


@pytest.mark.parametrize("role", ["planner", "admin"])
def test_planners_and_admins_see_the_personal_fields_they_need(request, db, role):
    client = request.getfixturevalue(f"{role}_client")
    manager = factories.ManagerFactory(
        home_latitude=30.12345,
        home_longitude=114.54321,
        credit_record_clean=False,
        has_disciplinary_record=True,
    )
    db.commit()
    page = client.get(f"/managers/{manager.id}").get_data(as_text=True)
    assert "30.12345, 114.54321" in page
    assert 'id="credit-record"' in page and 'id="disciplinary-record"' in page


def test_the_privacy_table_hides_every_personal_field_from_viewers():
    hidden = [(entity, field) for entity, fields in FIELD_RULES.items() for field in fields]
    assert ("manager", "home_location") in hidden and ("candidate", "id_number") in hidden
    assert not any(may_see(Role.VIEWER, entity, field) for entity, field in hidden)
    assert all(may_see(Role.PLANNER, entity, field) for entity, field in hidden)


def test_fields_outside_the_privacy_table_are_not_personal():
    assert may_see(Role.VIEWER, "manager", "grade")
