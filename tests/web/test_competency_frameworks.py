"""Competency framework pages: reading for everyone, changes for editors, clear refusals."""

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from tests import factories


def _english(client):
    client.post("/locale", data={"locale": "en"})
    return client


@pytest.fixture
def framework(db):
    """An active framework v1: 品德素质 (weight 1) with 诚信, 业务素质 (weight 3) with 风险控制."""
    fw = factories.FrameworkFactory(name="胜任素质模型", version=1, is_active=True)
    ethics = factories.CompetencyGroupFactory(
        framework=fw, code="ethics", name_zh="品德素质", name_en="Integrity", weight=1.0, position=0
    )
    skills = factories.CompetencyGroupFactory(
        framework=fw, code="skills", name_zh="业务素质", name_en="Business competence", weight=3.0, position=1
    )
    factories.DimensionFactory(group=ethics, code="honesty", name_zh="诚信正直", name_en="Honesty")
    factories.DimensionFactory(group=skills, code="risk", name_zh="风险控制", name_en="Risk control")
    db.commit()
    return fw


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/competencies/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_list_shows_each_version_with_its_counts(viewer_client, framework, db):
    factories.FrameworkFactory(name="胜任素质模型", version=2, is_active=False)
    db.commit()
    page = _english(viewer_client).get("/competencies/").get_data(as_text=True)
    assert page.count("胜任素质模型") == 2
    assert "v1" in page and "v2" in page
    assert "Active" in page and "Inactive" in page
    assert "New framework" not in page  # viewers get no change buttons


def test_framework_page_shows_group_weights_as_shares_in_english(viewer_client, framework):
    page = _english(viewer_client).get(f"/competencies/{framework.id}").get_data(as_text=True)
    assert "Integrity" in page and "Business competence" in page and "Risk control" in page
    assert "25.0%" in page and "75.0%" in page


def test_framework_page_speaks_chinese_by_default(viewer_client, framework):
    page = viewer_client.get(f"/competencies/{framework.id}").get_data(as_text=True)
    assert "品德素质" in page and "风险控制" in page
    assert "Risk control" not in page
    assert "占综合得分比重" in page and "25.0%" in page


def test_planner_creates_a_framework(planner_client, db):
    response = planner_client.post("/competencies/new", data={"name": "新模型", "description": "试行"})
    assert response.status_code == 302
    created = db.scalar(select(CompetencyFramework).where(CompetencyFramework.name == "新模型"))
    assert (created.version, created.description) == (1, "试行")


def test_framework_form_without_a_name_is_rerendered_and_changes_nothing(planner_client, db):
    response = planner_client.post("/competencies/new", data={"name": ""})
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(CompetencyFramework)) == 0


def test_new_version_copies_the_framework_inactive(planner_client, framework, db):
    response = planner_client.post(f"/competencies/{framework.id}/new-version")
    assert response.status_code == 302
    copy = db.scalar(select(CompetencyFramework).where(CompetencyFramework.version == 2))
    assert response.headers["Location"].endswith(f"/competencies/{copy.id}")
    assert not copy.is_active
    assert [(g.code, g.weight) for g in copy.groups] == [("ethics", 1.0), ("skills", 3.0)]


def test_activating_a_version_leaves_exactly_one_active(planner_client, framework, db):
    draft = factories.FrameworkFactory(name="胜任素质模型", version=2, is_active=False)
    db.commit()
    planner_client.post(f"/competencies/{draft.id}/activate")
    db.expire_all()
    assert db.scalars(select(CompetencyFramework.version).where(CompetencyFramework.is_active)).all() == [2]


def test_planner_adds_a_dimension_and_it_is_audited(planner_client, framework, db):
    group = db.scalar(select(CompetencyGroup).where(CompetencyGroup.code == "skills"))
    response = planner_client.post(
        f"/competencies/groups/{group.id}/dimensions/new",
        data={"code": "marketing", "name_zh": "营销能力", "name_en": "Marketing", "weight": "2"},
    )
    assert response.status_code == 302
    dimension = db.scalar(select(CompetencyDimension).where(CompetencyDimension.code == "marketing"))
    assert (dimension.group_id, dimension.weight) == (group.id, 2.0)
    entry = db.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "competency_dimension", AuditEntry.entity_id == str(dimension.id)
        )
    )
    assert (entry.action.value, entry.changes["name_zh"]) == ("create", "营销能力")


def test_duplicate_dimension_code_is_shown_on_the_field(planner_client, framework, db):
    group = db.scalar(select(CompetencyGroup).where(CompetencyGroup.code == "skills"))
    response = _english(planner_client).post(
        f"/competencies/groups/{group.id}/dimensions/new",
        data={"code": "risk", "name_zh": "风险", "name_en": "Risk", "weight": "1"},
    )
    assert response.status_code == 422
    assert "This code is already used here." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(CompetencyDimension)) == 2


def test_negative_weight_is_refused(planner_client, framework, db):
    group = db.scalar(select(CompetencyGroup).where(CompetencyGroup.code == "skills"))
    response = planner_client.post(
        f"/competencies/groups/{group.id}/edit",
        data={"code": "skills", "name_zh": "业务素质", "name_en": "Business", "weight": "-1"},
    )
    assert response.status_code == 422
    db.expire_all()
    assert db.get(CompetencyGroup, group.id).weight == 3.0


def test_assessed_dimension_cannot_be_deleted_and_the_message_says_why(planner_client, framework, db):
    dimension = db.scalar(select(CompetencyDimension).where(CompetencyDimension.code == "risk"))
    factories.AssessmentFactory(dimension=dimension)
    db.commit()
    _english(planner_client)
    response = planner_client.post(f"/competencies/dimensions/{dimension.id}/delete", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "cannot be deleted: 1 assessments" in page
    assert "new version" in page
    assert db.scalar(select(func.count()).select_from(CompetencyDimension)) == 2


def test_unused_dimension_is_deleted(planner_client, framework, db):
    dimension = db.scalar(select(CompetencyDimension).where(CompetencyDimension.code == "risk"))
    planner_client.post(f"/competencies/dimensions/{dimension.id}/delete")
    assert db.scalar(select(func.count()).select_from(CompetencyDimension)) == 1


def test_admin_seeds_the_default_model_when_none_exists(admin_client, db):
    page = _english(admin_client).get("/competencies/").get_data(as_text=True)
    assert "Seed the default competency model" in page
    response = admin_client.post("/competencies/seed")
    assert response.status_code == 302
    names = db.scalars(select(CompetencyGroup.name_zh).order_by(CompetencyGroup.position)).all()
    assert names == ["品德素质", "业务素质", "心理素质"]


def test_planner_may_not_seed_the_default_model(planner_client, db):
    assert planner_client.post("/competencies/seed").status_code == 403
    assert db.scalar(select(func.count()).select_from(CompetencyFramework)) == 0


def test_viewer_gets_403_on_every_change(viewer_client, framework, db):
    group = db.scalar(select(CompetencyGroup).where(CompetencyGroup.code == "skills"))
    dimension = db.scalar(select(CompetencyDimension).where(CompetencyDimension.code == "risk"))
    part = {"code": "x", "name_zh": "甲", "name_en": "X", "weight": "1"}
    attempts = [
        ("/competencies/new", {"name": "偷改"}),
        (f"/competencies/{framework.id}/edit", {"name": "偷改"}),
        (f"/competencies/{framework.id}/new-version", {}),
        (f"/competencies/{framework.id}/activate", {}),
        (f"/competencies/{framework.id}/delete", {}),
        ("/competencies/seed", {}),
        (f"/competencies/{framework.id}/groups/new", part),
        (f"/competencies/groups/{group.id}/edit", part),
        (f"/competencies/groups/{group.id}/delete", {}),
        (f"/competencies/groups/{group.id}/dimensions/new", part),
        (f"/competencies/dimensions/{dimension.id}/edit", part),
        (f"/competencies/dimensions/{dimension.id}/delete", {}),
    ]
    for url, data in attempts:
        assert viewer_client.post(url, data=data).status_code == 403, url
    assert viewer_client.get(f"/competencies/{framework.id}/edit").status_code == 403
    assert db.scalar(select(func.count()).select_from(CompetencyFramework)) == 1
    assert db.scalar(select(func.count()).select_from(CompetencyDimension)) == 2
