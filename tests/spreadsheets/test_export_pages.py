"""Export links: every list exports with its page's filters; viewers get candidates masked as on the pages."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from planner.enums import CandidateChannel, Segment
from planner.spreadsheets.importer import preview_import
from planner.territories.models import TerritoryThreshold
from tests import factories
from tests.spreadsheets.conftest import TODAY


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.fixture
def candidates(db, bank):
    """Two candidates, one campus and one experienced hire, both preferring the outlet."""
    for reference, channel in (("C1", CandidateChannel.CAMPUS), ("C2", CandidateChannel.EXPERIENCED)):
        candidate = factories.CandidateFactory(reference=reference, name="王小明", channel=channel)
        factories.PreferenceFactory(candidate=candidate, unit=bank.outlet, rank=1)
    db.commit()


def test_viewers_get_candidate_names_masked_and_personal_data_left_out(viewer_client, candidates):
    rows = _csv(viewer_client.get("/exports/candidates.csv"))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["姓名"] == "王**"
    assert first["身份证号"] == first["手机号"] == first["出生日期"] == ""
    assert first["第一志愿"] == "OU0001"


def test_planners_get_candidates_personal_data(planner_client, candidates):
    rows = _csv(planner_client.get("/exports/candidates.csv"))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["姓名"], first["身份证号"], first["出生日期"]) == (
        "王小明",
        "420102200201150011",
        "2002-01-15",
    )


def test_the_candidate_export_keeps_the_channel_filter(planner_client, candidates):
    rows = _csv(planner_client.get("/exports/candidates.csv?channel=experienced"))
    assert [row[0] for row in rows[1:]] == ["C2"]


def test_the_cm_export_keeps_the_segment_filter(viewer_client, db, bank):
    factories.ManagerFactory(employee_no="R1", unit=bank.outlet, grade=bank.junior)
    factories.ManagerFactory(employee_no="C1", unit=bank.outlet, grade=bank.junior, segment=Segment.CORPORATE)
    db.commit()
    rows = _csv(viewer_client.get("/exports/managers.csv?segment=corporate"))
    assert [row[0] for row in rows[1:]] == ["C1"]


def test_the_territory_export_keeps_the_filters_and_reads_back(planner_client, db, bank):
    factories.TerritoryFactory(code="T1", unit=bank.outlet, segment=Segment.RETAIL)
    t2 = factories.TerritoryFactory(
        code="T2", unit=bank.outlet, segment=Segment.AGRICULTURE, min_grade_rank=1
    )
    risk = factories.DimensionFactory(code="risk", name_zh="风险控制")
    db.add(TerritoryThreshold(territory=t2, dimension=risk, min_score=60))
    db.commit()
    response = planner_client.get("/exports/territories.xlsx?segment=agriculture")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("片区代码", "片区名称", "所属机构", "条线")
    assert rows[0][-2:] == ("最低等级", "最低分：风险控制")
    assert [(row[0], row[2], row[3], row[-2], row[-1]) for row in rows[1:]] == [
        ("T2", "OU0001", "三农", "初级", 60)
    ]
    report = preview_import(db, "territories", "t.xlsx", response.data, today=TODAY)
    assert (report.problems, report.unchanged) == ([], 1)


def test_the_review_export_has_one_column_per_indicator(viewer_client, db, bank):
    scheme = factories.KpiSchemeFactory(name="2025方案")
    deposits = factories.IndicatorFactory(scheme=scheme, code="dep", name_zh="存款余额", name_en="Deposits")
    review = factories.ReviewFactory(
        manager=factories.ManagerFactory(employee_no="E1", unit=bank.outlet, grade=bank.junior), scheme=scheme
    )
    factories.IndicatorValueFactory(review=review, indicator=deposits, value=1234.5)
    db.commit()
    rows = _csv(viewer_client.get("/exports/reviews.csv"))
    assert rows == [["工号", "考核期", "考核方案", "存款余额"], ["E1", "2025", "2025方案", "1234.5"]]


def test_the_assessment_export_names_the_subject_and_dimension(viewer_client, db, bank):
    manager = factories.ManagerFactory(employee_no="E1", unit=bank.outlet, grade=bank.junior)
    factories.AssessmentFactory(manager=manager, dimension=factories.DimensionFactory(code="risk"), score=81)
    db.commit()
    rows = _csv(viewer_client.get("/exports/assessments.csv"))
    assert rows[1] == ["E1", "", "risk", "81", "2026-03-01", "上级评价"]


def test_an_unknown_list_or_format_is_not_found(viewer_client):
    assert viewer_client.get("/exports/users.csv").status_code == 404
    assert viewer_client.get("/exports/managers.pdf").status_code == 404


def test_the_export_speaks_english_to_an_english_user(client, db):
    factories.UserFactory(username="en-user", locale="en", role="viewer")
    db.commit()
    client.post("/login", data={"username": "en-user", "password": factories.PASSWORD})
    rows = _csv(client.get("/exports/managers.csv"))
    assert rows[0][:2] == ["Employee number", "Name"]


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("/managers/?segment=retail", "managers"),
        ("/territories/?segment=retail", "territories"),
        ("/candidates/?segment=retail", "candidates"),
        ("/performance/reviews?segment=retail", "reviews"),
        ("/competencies/assessments?segment=retail", "assessments"),
    ],
)
def test_each_list_links_to_its_export_with_its_filters(viewer_client, page, name):
    html = viewer_client.get(page).get_data(as_text=True)
    assert f'href="/exports/{name}.xlsx?segment=retail"' in html
    assert f'href="/exports/{name}.csv?segment=retail"' in html
    assert 'id="import-link"' not in html
