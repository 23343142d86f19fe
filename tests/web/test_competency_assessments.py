"""Assessment pages: exact filters, pagination, one subject, score and date rules, roles."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from planner.assessments.models import Assessment
from planner.enums import AssessmentSource
from tests import factories


def _english(client):
    client.post("/locale", data={"locale": "en"})
    return client


@pytest.fixture
def world(db):
    """An active framework with two dimensions, a CM and a candidate, and four assessments."""
    group = factories.CompetencyGroupFactory(framework=factories.FrameworkFactory(is_active=True))
    risk = factories.DimensionFactory(group=group, code="risk", name_zh="风险控制", name_en="Risk control")
    sales = factories.DimensionFactory(group=group, code="sales", name_zh="营销能力", name_en="Marketing")
    manager = factories.ManagerFactory(employee_no="E000777", name="李明")
    candidate = factories.CandidateFactory(reference="C2026-001")
    rows = {
        "cm_risk": factories.AssessmentFactory(
            manager=manager,
            dimension=risk,
            score=81,
            assessed_on=dt.date(2025, 3, 1),
            source=AssessmentSource.SUPERVISOR,
        ),
        "cm_sales": factories.AssessmentFactory(
            manager=manager,
            dimension=sales,
            score=62,
            assessed_on=dt.date(2025, 9, 1),
            source=AssessmentSource.REVIEW_360,
        ),
        "cand_risk": factories.AssessmentFactory(
            manager=None,
            candidate=candidate,
            dimension=risk,
            score=70,
            assessed_on=dt.date(2026, 1, 10),
            source=AssessmentSource.EXAM,
        ),
        "cand_sales": factories.AssessmentFactory(
            manager=None,
            candidate=candidate,
            dimension=sales,
            score=55,
            assessed_on=dt.date(2026, 1, 11),
            source=AssessmentSource.INTERVIEW,
        ),
    }
    db.commit()
    return {"risk": risk, "sales": sales, "manager": manager, "candidate": candidate, **rows}


def _scores(client, query: str) -> list[str]:
    """Return the score column of the list, in page order."""
    import re

    page = client.get(f"/competencies/assessments?{query}").get_data(as_text=True)
    return re.findall(r'<td class="num">(\d+)</td>', page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["55", "70", "62", "81"]),
        ("kind=manager", ["62", "81"]),
        ("kind=candidate", ["55", "70"]),
        ("source=exam", ["70"]),
        ("date_from=2025-06-01&date_to=2026-01-10", ["70", "62"]),
        ("q=E000777", ["62", "81"]),
        ("q=C2026-001", ["55", "70"]),
        ("q=E999", []),
    ],
)
def test_list_filters_return_exactly_the_matching_rows(viewer_client, world, query, expected):
    assert _scores(viewer_client, query) == expected


def test_list_filters_by_dimension(viewer_client, world):
    assert _scores(viewer_client, f"dimension={world['risk'].id}") == ["70", "81"]


def test_list_paginates(viewer_client, world, db, app):
    per_page = app.extensions["planner.config"].page_size
    for _ in range(per_page):
        factories.AssessmentFactory(
            manager=world["manager"], dimension=world["risk"], score=99, assessed_on=dt.date(2024, 1, 1)
        )
    db.commit()
    # 54 rows, newest first: the four of the fixture, then the old ones; the last four spill over.
    assert _scores(viewer_client, "") == ["55", "70", "62", "81"] + ["99"] * (per_page - 4)
    assert _scores(viewer_client, "page=2") == ["99"] * 4


def test_list_shows_subject_dimension_and_source_in_english(viewer_client, world):
    page = _english(viewer_client).get("/competencies/assessments?kind=manager").get_data(as_text=True)
    assert "E000777" in page and "李明" in page
    assert "Risk control" in page and "360° review" in page
    assert "C2026-001" not in page


def test_planner_records_an_assessment_for_a_cm(planner_client, world, db):
    response = planner_client.post(
        "/competencies/assessments/new",
        data={
            "employee_no": "E000777",
            "dimension_id": world["risk"].id,
            "score": "88",
            "assessed_on": "2026-02-01",
            "source": "exam",
        },
    )
    assert response.status_code == 302
    row = db.scalar(select(Assessment).where(Assessment.score == 88))
    assert (row.manager_id, row.candidate_id, row.source) == (
        world["manager"].id,
        None,
        AssessmentSource.EXAM,
    )


def test_planner_records_an_assessment_for_a_candidate(planner_client, world, db):
    planner_client.post(
        "/competencies/assessments/new",
        data={
            "candidate_reference": "C2026-001",
            "dimension_id": world["sales"].id,
            "score": "77",
            "assessed_on": "2026-02-01",
            "source": "interview",
        },
    )
    row = db.scalar(select(Assessment).where(Assessment.score == 77))
    assert (row.manager_id, row.candidate_id) == (None, world["candidate"].id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"candidate_reference": "C2026-001"}, "not both"),
        ({"employee_no": ""}, "not both"),
        ({"employee_no": "E404"}, "No CM has employee number E404."),
        ({"score": "101"}, "between 0 and 100"),
        ({"assessed_on": "tomorrow"}, "cannot be in the future"),
    ],
)
def test_bad_assessment_is_refused_with_a_message_and_nothing_changes(
    planner_client, world, db, changes, message
):
    if changes.get("assessed_on") == "tomorrow":
        # Worked out when the test runs, not when it is collected: a run across midnight stays right.
        changes = {"assessed_on": (dt.date.today() + dt.timedelta(days=1)).isoformat()}
    data = {
        "employee_no": "E000777",
        "dimension_id": world["risk"].id,
        "score": "88",
        "assessed_on": "2026-02-01",
        "source": "exam",
    } | changes
    response = _english(planner_client).post("/competencies/assessments/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Assessment)) == 4


def test_new_assessment_offers_the_active_frameworks_dimensions(planner_client, world, db):
    old = factories.DimensionFactory(
        group=factories.CompetencyGroupFactory(framework=factories.FrameworkFactory(is_active=False)),
        name_en="Retired dimension",
    )
    db.commit()
    page = _english(planner_client).get("/competencies/assessments/new").get_data(as_text=True)
    assert "Risk control" in page and "Marketing" in page
    assert "Retired dimension" not in page and f'value="{old.id}"' not in page


def test_planner_edits_and_deletes_an_assessment(planner_client, world, db):
    target = world["cm_risk"]
    form = planner_client.get(f"/competencies/assessments/{target.id}/edit").get_data(as_text=True)
    assert 'value="E000777"' in form
    planner_client.post(
        f"/competencies/assessments/{target.id}/edit",
        data={
            "employee_no": "E000777",
            "dimension_id": world["risk"].id,
            "score": "90",
            "assessed_on": "2025-03-01",
            "source": "supervisor",
        },
    )
    db.expire_all()
    assert db.get(Assessment, target.id).score == 90
    planner_client.post(f"/competencies/assessments/{target.id}/delete")
    assert db.scalars(select(Assessment.id).where(Assessment.id == target.id)).all() == []


def test_viewer_gets_403_on_every_change(viewer_client, world, db):
    target = world["cm_risk"]
    data = {
        "employee_no": "E000777",
        "dimension_id": world["risk"].id,
        "score": "1",
        "assessed_on": "2025-03-01",
        "source": "exam",
    }
    assert viewer_client.get("/competencies/assessments/new").status_code == 403
    assert viewer_client.post("/competencies/assessments/new", data=data).status_code == 403
    assert viewer_client.post(f"/competencies/assessments/{target.id}/edit", data=data).status_code == 403
    assert viewer_client.post(f"/competencies/assessments/{target.id}/delete").status_code == 403
    db.expire_all()
    assert db.get(Assessment, target.id).score == 81


def test_assessment_list_speaks_chinese_by_default(viewer_client, world):
    page = viewer_client.get("/competencies/assessments").get_data(as_text=True)
    assert "胜任素质测评" in page and "测评来源" in page and "风险控制" in page
