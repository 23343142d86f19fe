"""In a real browser the Content-Security-Policy blocks nothing the pages need: charts draw, the delete
confirmation asks, the branch filter submits, and no page can be framed."""

from __future__ import annotations

from sqlalchemy import select

from planner.assessments.models import Assessment
from tests import factories

# Collect every CSP violation the page reports (init scripts run before the page's own, whatever its CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
  window.__samples = (window.__samples || []).concat([e.sourceFile + ":" + e.lineNumber + " " + e.sample]);
});
"""


def _sign_in(page, username: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1")


def test_the_overview_and_a_cm_page_draw_their_charts_without_any_violation(page, db):
    dimension = factories.DimensionFactory()
    manager = factories.ManagerFactory()
    factories.AssessmentFactory(dimension=dimension, manager=manager)
    factories.IndicatorValueFactory(review=factories.ReviewFactory(manager=manager))
    factories.UserFactory(username="hr-csp")
    db.commit()
    _sign_in(page, "hr-csp")
    page.wait_for_selector("#chart-grades canvas")
    page.hover("#chart-grades canvas")
    page.wait_for_timeout(300)
    samples = page.evaluate("window.__samples")
    assert page.evaluate("window.__violations") == [], samples

    page.goto(f"/managers/{manager.id}")
    page.wait_for_selector("#competency-radar canvas")
    page.wait_for_selector("#performance-line canvas")
    page.hover("#performance-line canvas")
    assert page.evaluate("window.__violations") == []


def test_the_delete_button_asks_first_and_a_no_keeps_the_record(page, db):
    assessment_id = factories.AssessmentFactory().id
    factories.UserFactory(username="hr-del")
    db.commit()
    _sign_in(page, "hr-del")
    page.goto("/competencies/assessments")
    questions = []

    def dismiss(dialog):  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.click("form[data-confirm] button")
    page.wait_for_timeout(300)
    assert questions == ["确定删除这条记录吗？"]
    assert posts == []
    assert db.scalar(select(Assessment.id).where(Assessment.id == assessment_id)) == assessment_id

    page.remove_listener("dialog", dismiss)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("form[data-confirm] button")
    assert db.scalar(select(Assessment.id).where(Assessment.id == assessment_id)) is None
    assert page.evaluate("window.__violations") == []


def test_choosing_a_branch_submits_the_filter_and_clears_the_outlet(page, db):
    branch = factories.BranchFactory()
    factories.UserFactory(username="hr-filter")
    db.commit()
    _sign_in(page, "hr-filter")
    page.goto("/managers/?outlet=77")
    with page.expect_navigation():
        page.select_option("#branch", str(branch.id))
    assert f"branch={branch.id}" in page.url
    assert "outlet=77" not in page.url


def test_no_page_of_the_app_can_be_framed(page, db, live_server):
    page.set_content(f'<iframe id="framed" src="{live_server}/login"></iframe>')
    page.wait_for_timeout(1000)
    framed = next(frame for frame in page.frames if frame != page.main_frame)
    assert framed.query_selector("#username") is None
