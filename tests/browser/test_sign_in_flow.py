"""A person signs in, reads the overview in Chinese, switches to English and signs out, in a real browser."""

from tests import factories


def test_sign_in_switch_language_and_sign_out(page, db):
    factories.UserFactory(username="hr-wang", display_name="王芳")
    db.commit()

    page.goto("/")
    assert page.url.endswith("/login?next=/")
    page.fill("#username", "hr-wang")
    page.fill("#password", factories.PASSWORD)
    page.click("main button[type=submit]")

    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "总览"
    assert "王芳" in page.inner_text("header")

    page.click("button[name=locale][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text("h1") == "Overview"

    page.click("text=Sign out")
    page.wait_for_selector("#username")
    assert "/login" in page.url


def test_wrong_password_shows_the_error_next_to_the_field(page, db):
    factories.UserFactory(username="hr-li")
    db.commit()
    page.goto("/login")
    page.fill("#username", "hr-li")
    page.fill("#password", "wrong-password")
    page.click("main button[type=submit]")
    assert page.inner_text("#password-error") == "用户名不存在或密码错误。"
    assert page.get_attribute("#password", "aria-invalid") == "true"


def test_overview_draws_the_grade_pyramid_with_echarts(page, db):
    grade = factories.GradeFactory(code="junior", rank=1, name_zh="初级", name_en="Junior")
    factories.ManagerFactory(grade=grade)
    factories.UserFactory(username="hr-zhao")
    db.commit()
    page.goto("/login")
    page.fill("#username", "hr-zhao")
    page.fill("#password", factories.PASSWORD)
    page.click("main button[type=submit]")
    # ECharts renders into a canvas inside the chart's container once the library has loaded locally.
    page.wait_for_selector("#chart-grades canvas")
    assert page.evaluate("typeof echarts") == "object"
    assert page.inner_text("#table-grades") == "初级\t1"
