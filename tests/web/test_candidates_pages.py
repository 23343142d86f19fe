"""Candidate list and page: what each role reads, in Chinese and English."""

from __future__ import annotations

import re

import pytest

from planner.enums import AssessmentSource, CandidateChannel, Education, PipelineStatus
from planner.settings.services import set_setting
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    DimensionFactory,
    OutletFactory,
    PreferenceFactory,
    UserFactory,
)


def in_english(client):
    """Switch the signed-in user's pages to English (before any other request: the locale is then kept)."""
    client.post("/locale", data={"locale": "en"})
    return client


def refs(page: str) -> list[str]:
    """Return the candidate references linked in a list page, in order."""
    return re.findall(r'/candidates/\d+">([^<]+)</a>', page)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/candidates/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_list_shows_the_columns_of_each_candidate(planner_client, db):
    outlet = OutletFactory(name="城关网点")
    candidate = CandidateFactory(
        reference="XZ2026-001",
        name="王小明",
        written_score=81.0,
        interview_score=76.0,
        education=Education.MASTER,
    )
    PreferenceFactory(candidate=candidate, unit=outlet, rank=1)
    db.commit()
    page = in_english(planner_client).get("/candidates/").get_data(as_text=True)
    row = page[page.index("XZ2026-001") :]
    row = row[: row.index("</tr>")]
    for value in ("王小明", "Campus hiring", "Master", "81.0", "76.0", "78.50", "Applied", "城关网点"):
        assert value in row


def test_list_filters_by_channel_in_the_query_string(viewer_client, db):
    CandidateFactory(reference="CAMPUS-1")
    CandidateFactory(reference="INTERNAL-1", channel=CandidateChannel.INTERNAL, employee_no="E1")
    db.commit()
    page = viewer_client.get("/candidates/?channel=internal").get_data(as_text=True)
    assert refs(page) == ["INTERNAL-1"]


def test_list_filters_by_status_education_unit_and_gates(planner_client, db):
    outlet = OutletFactory()
    hit = CandidateFactory(reference="HIT", status=PipelineStatus.INTERVIEW, education=Education.BACHELOR)
    PreferenceFactory(candidate=hit, unit=outlet, rank=2)
    PreferenceFactory(candidate=hit, rank=1)
    CandidateFactory(reference="NO-PREF", status=PipelineStatus.INTERVIEW)
    failing = CandidateFactory(reference="FAILS", status=PipelineStatus.INTERVIEW, credit_record_clean=False)
    PreferenceFactory(candidate=failing, unit=outlet, rank=1)
    db.commit()
    url = f"/candidates/?status=interview&education=bachelor&unit={outlet.id}"
    assert refs(planner_client.get(url).get_data(as_text=True)) == ["FAILS", "HIT"]
    assert refs(planner_client.get(url + "&gates=yes").get_data(as_text=True)) == ["HIT"]
    assert refs(planner_client.get(url + "&gates=no").get_data(as_text=True)) == ["FAILS"]


def test_list_paginates_with_the_configured_page_size(planner_client, db, app):
    size = app.extensions["planner.config"].page_size
    for n in range(size + 2):
        CandidateFactory(reference=f"R{n:04d}")
    db.commit()
    second = planner_client.get("/candidates/?page=2").get_data(as_text=True)
    assert refs(second) == [f"R{size:04d}", f"R{size + 1:04d}"]


def test_page_keeps_filters_in_the_pager_links(planner_client, db, app):
    size = app.extensions["planner.config"].page_size
    for n in range(size + 1):
        CandidateFactory(reference=f"R{n:04d}", education=Education.MASTER)
    db.commit()
    page = planner_client.get("/candidates/?education=master").get_data(as_text=True)
    assert "education=master" in page[page.index('rel="next"') - 200 : page.index('rel="next"')]


def test_unknown_filter_values_are_ignored(planner_client, db):
    CandidateFactory(reference="ONLY")
    db.commit()
    page = planner_client.get("/candidates/?channel=spaceship&unit=abc&gates=maybe").get_data(as_text=True)
    assert refs(page) == ["ONLY"]


def test_candidate_page_shows_exam_composite_with_the_setting_weight_and_gates(planner_client, db):
    set_setting(db, "exam_written_weight", 0.4)
    candidate = CandidateFactory(
        written_score=80.0,
        interview_score=50.0,
        personality_score=66.0,
        channel=CandidateChannel.INTERNAL,
        employee_no="E0042",
        qualification_passed_on=None,
    )
    db.commit()
    page = in_english(planner_client).get(f"/candidates/{candidate.id}").get_data(as_text=True)
    # 80 × 0.4 + 50 × 0.6 = 62.
    assert re.search(r'id="composite"><strong>62.00</strong>', page)
    assert "Reference only, not scored" in page
    assert "66.0" in page
    assert "Not passed; internal candidates must hold a valid qualification." in page
    assert page.count('data-outcome="passed"') == 4
    assert page.count('data-outcome="failed"') == 1
    assert "Not all gates met" in page


def test_candidate_page_shows_pending_composite_and_after_hiring_qualification(planner_client, db):
    candidate = CandidateFactory(interview_score=None, education=Education.HIGH_SCHOOL)
    db.commit()
    page = in_english(planner_client).get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Waiting for both the written exam and the interview." in page
    assert "Not passed yet; to be taken after hiring." in page
    assert "High school is below the minimum (Junior college)." in page


def test_candidate_page_lists_preferences_assessments_and_history(planner_client, db):
    candidate = CandidateFactory()
    PreferenceFactory(candidate=candidate, unit=OutletFactory(name="城关网点"), rank=1)
    PreferenceFactory(candidate=candidate, unit=OutletFactory(name="开发区网点"), rank=2)
    dimension = DimensionFactory(name_zh="风险控制", name_en="Risk control")
    AssessmentFactory(
        candidate=candidate, manager=None, dimension=dimension, score=88.5, source=AssessmentSource.INTERVIEW
    )
    db.commit()
    in_english(planner_client)
    planner_client.post(
        f"/candidates/{candidate.id}/move", data={"to_status": "screened", "note": "材料齐全"}
    )
    page = planner_client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert page.index("城关网点") < page.index("开发区网点")
    assert "Risk control" in page and "88.5" in page and "Interview" in page
    history = page[page.index("<th>When</th>") :]
    assert "planner-user" in history and "Screened" in history and "材料齐全" in history


def test_candidate_page_renders_in_chinese(viewer_client, db):
    candidate = CandidateFactory(credit_record_clean=False)
    db.commit()
    page = viewer_client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    for text in ("准入条件", "征信记录良好", "仅供参考，不计分", "综合成绩", "未通过"):
        assert text in page


def test_viewer_sees_no_edit_controls(viewer_client, db):
    candidate = CandidateFactory()
    db.commit()
    page = viewer_client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f"/candidates/{candidate.id}/edit" not in page
    assert f"/candidates/{candidate.id}/move" not in page
    assert f"/candidates/{candidate.id}/delete" not in page
    assert "/candidates/new" not in viewer_client.get("/candidates/").get_data(as_text=True)


def test_unknown_candidate_is_404(planner_client):
    assert planner_client.get("/candidates/999999").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/candidates/new"),
        ("post", "/candidates/new"),
        ("get", "/candidates/{id}/edit"),
        ("post", "/candidates/{id}/edit"),
        ("post", "/candidates/{id}/delete"),
        ("post", "/candidates/{id}/move"),
    ],
)
def test_viewer_gets_403_on_every_change(viewer_client, db, method, url):
    candidate = CandidateFactory(status=PipelineStatus.APPLIED)
    db.commit()
    response = getattr(viewer_client, method)(url.format(id=candidate.id), data={"to_status": "screened"})
    assert response.status_code == 403
    db.expire_all()
    assert candidate.status is PipelineStatus.APPLIED


def test_history_shows_who_moved_the_candidate(admin_client, db):
    UserFactory(username="someone-else")
    candidate = CandidateFactory()
    db.commit()
    admin_client.post(f"/candidates/{candidate.id}/move", data={"to_status": "withdrawn", "note": ""})
    page = admin_client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "admin-user" in page[page.index("<tbody>", page.rindex("<table>")) :]
