"""The UI speaks Simplified Chinese and English; a user's choice sticks."""

from sqlalchemy import select

from planner.auth.models import User


def test_chinese_is_the_default_language(planner_client):
    page = planner_client.get("/").get_data(as_text=True)
    assert 'lang="zh-CN"' in page
    assert "客户经理" in page


def test_browser_asking_for_english_gets_english_sign_in_page(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Sign in" in page


def test_switching_language_is_remembered_for_the_user(app, planner_client, db):
    planner_client.post("/locale", data={"locale": "en"})
    assert 'lang="en"' in planner_client.get("/").get_data(as_text=True)
    assert db.scalar(select(User.locale).where(User.username == "planner-user")) == "en"
    # A new sign-in of the same user keeps English.
    fresh = app.test_client()
    from tests.factories import PASSWORD

    fresh.post("/login", data={"username": "planner-user", "password": PASSWORD})
    assert 'lang="en"' in fresh.get("/").get_data(as_text=True)


def test_unknown_locale_is_refused(planner_client):
    assert planner_client.post("/locale", data={"locale": "xx"}).status_code == 400
