"""The home page shows the CM team at a glance."""

import datetime as dt
import json
import re

from planner.enums import ManagerStatus, PipelineStatus, Segment
from planner.home.overview import build_overview
from planner.people.qualification import QualificationState
from tests import factories

TODAY = dt.date(2026, 11, 23)


def _cm(grade, segment, passed_on, status=ManagerStatus.ACTIVE):
    return factories.ManagerFactory(
        grade=grade, segment=segment, qualification_passed_on=passed_on, status=status
    )


def _team(db):
    trainee = factories.GradeFactory(code="trainee", rank=0, name_zh="见习", name_en="Trainee")
    senior = factories.GradeFactory(code="senior", rank=3, name_zh="高级", name_en="Senior")
    _cm(trainee, Segment.RETAIL, dt.date(2025, 6, 1))
    _cm(trainee, Segment.AGRICULTURE, None)
    # Passed 2024-12-01: valid for two years, so it expires within the 90-day warning window.
    _cm(senior, Segment.RETAIL, dt.date(2024, 12, 1))
    _cm(senior, Segment.RETAIL, None, status=ManagerStatus.EXITED)
    _cm(senior, Segment.CORPORATE, dt.date(2020, 1, 1))
    factories.CandidateFactory(status=PipelineStatus.INTERVIEW)
    factories.CandidateFactory(status=PipelineStatus.HIRED)
    db.commit()


def test_overview_counts_the_team_without_exited_cms(db):
    _team(db)
    overview = build_overview(db, TODAY)
    assert overview.managers == 4
    assert [(grade.code, count) for grade, count in overview.by_grade] == [("trainee", 2), ("senior", 2)]
    assert dict(overview.by_segment)[Segment.RETAIL] == 2
    assert dict(overview.by_segment)[Segment.SMALL_BUSINESS] == 0


def test_overview_sorts_qualifications_into_their_states(db):
    _team(db)
    assert build_overview(db, TODAY).qualification == {
        QualificationState.VALID: 1,
        QualificationState.EXPIRING: 1,
        QualificationState.EXPIRED: 1,
        QualificationState.NONE: 1,
    }


def test_overview_pipeline_leaves_out_finished_candidates(db):
    _team(db)
    overview = build_overview(db, TODAY)
    assert overview.candidates_in_pipeline == 1
    assert dict(overview.pipeline)[PipelineStatus.HIRED] == 1


def test_home_page_shows_the_counts_and_the_chart_data(planner_client, db):
    _team(db)
    page = planner_client.get("/").get_data(as_text=True)
    assert re.search(r'id="count-managers">4<', page)
    charts = json.loads(re.search(r"var charts = (\{.*?\});", page).group(1))
    assert charts["grades"] == ["见习", "高级"]
    assert charts["grade_counts"] == [2, 2]
    # The chart's labels are in the page's language too (they reach the page as JSON, not through a template).
    assert "零售" in charts["segments"]
