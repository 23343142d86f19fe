"""Settings pages: everyone reads the grade ladder and the settings; only administrators change them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.enums import Role
from planner.settings.models import Grade, Setting
from planner.settings.services import get_setting
from tests import factories

VALID = {
    "qualification_validity_years": "3",
    "qualification_warning_days": "60",
    "households_per_cm_retail": "700",
    "households_per_cm_agriculture": "500",
    "customers_per_cm_corporate": "35",
    "customers_per_cm_small_business": "100",
    "exam_written_weight": "0.4",
    "min_composite_score": "65",
    "min_education": "bachelor",
}


def test_viewer_reads_the_settings_and_the_ladder(viewer_client, db):
    factories.GradeFactory(code="senior", rank=3, name_zh="高级", name_en="Senior")
    db.commit()

    page = viewer_client.get("/settings/").get_data(as_text=True)

    assert "高级" in page
    assert "<dd>800</dd>" in page  # the default households per CM in retail
    assert 'name="households_per_cm_retail"' not in page  # no form for non-administrators


@pytest.mark.parametrize("role_client", ["viewer_client", "planner_client"])
def test_only_administrators_change_settings(request, role_client, db):
    client = request.getfixturevalue(role_client)
    factories.GradeFactory(code="junior", rank=1)
    db.commit()
    grade_id = db.scalar(select(Grade.id))

    assert client.post("/settings/", data=VALID).status_code == 403
    assert client.post("/settings/grades/new", data={"code": "x", "rank": 9}).status_code == 403
    assert (
        client.post(f"/settings/grades/{grade_id}/edit", data={"name_zh": "x", "name_en": "x"}).status_code
        == 403
    )
    assert client.post(f"/settings/grades/{grade_id}/delete").status_code == 403
    assert db.scalar(select(func.count()).select_from(Setting)) == 0
    assert db.scalar(select(func.count()).select_from(Grade)) == 1


def test_admin_saves_the_settings(admin_client, db):
    response = admin_client.post("/settings/", data=VALID)

    assert response.status_code == 302
    db.expire_all()
    assert get_setting(db, "qualification_validity_years") == 3
    assert get_setting(db, "households_per_cm") == {"retail": 700, "agriculture": 500}
    assert get_setting(db, "customers_per_cm") == {"corporate": 35, "small_business": 100}
    assert get_setting(db, "exam_written_weight") == 0.4
    assert get_setting(db, "min_composite_score") == 65
    assert get_setting(db, "min_education") == "bachelor"
    entry = db.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "setting", AuditEntry.changes["key"].as_string() == "min_education"
        )
    )
    assert entry is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("qualification_validity_years", "11"),
        ("qualification_validity_years", "0"),
        ("households_per_cm_retail", "0"),
        ("customers_per_cm_small_business", "-3"),
        ("exam_written_weight", "1.5"),
        ("min_composite_score", "101"),
        ("min_education", "kindergarten"),
    ],
)
def test_a_bad_setting_is_refused_and_nothing_is_stored(admin_client, db, field, value):
    response = admin_client.post("/settings/", data={**VALID, field: value})

    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Setting)) == 0


def test_changed_norm_changes_the_territory_need(admin_client, db):
    territory = factories.TerritoryFactory(households=1200)
    db.commit()

    admin_client.post("/settings/", data={**VALID, "households_per_cm_retail": "400"})

    page = admin_client.get(f"/territories/{territory.id}").get_data(as_text=True)
    assert '<dd id="need">3</dd>' in page


def test_admin_adds_renames_and_deletes_a_grade(admin_client, db):
    response = admin_client.post(
        "/settings/grades/new", data={"code": "trainee", "rank": 0, "name_zh": "见习", "name_en": "Trainee"}
    )
    assert response.status_code == 302
    grade = db.scalar(select(Grade).where(Grade.code == "trainee"))
    assert (grade.rank, grade.name_zh) == (0, "见习")

    admin_client.post(
        f"/settings/grades/{grade.id}/edit", data={"name_zh": "见习客户经理", "name_en": "Trainee CM"}
    )
    db.expire_all()
    assert db.get(Grade, grade.id).name_zh == "见习客户经理"

    admin_client.post(f"/settings/grades/{grade.id}/delete")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Grade)) == 0


def test_ranks_are_unique(admin_client, db):
    factories.GradeFactory(code="junior", rank=1)
    db.commit()

    response = admin_client.post(
        "/settings/grades/new", data={"code": "other", "rank": 1, "name_zh": "其他", "name_en": "Other"}
    )

    assert response.status_code == 422 and 'id="rank-error"' in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Grade)) == 1


def test_grade_held_by_cms_cannot_be_deleted(admin_client, db):
    grade = factories.GradeFactory(code="middle", rank=2, name_zh="中级")
    factories.ManagerFactory.create_batch(2, grade=grade)
    db.commit()

    page = admin_client.post(f"/settings/grades/{grade.id}/delete", follow_redirects=True).get_data(
        as_text=True
    )

    assert "flash-error" in page and "middle" in page
    assert db.scalar(select(func.count()).select_from(Grade)) == 1


def test_settings_page_speaks_chinese_by_default(admin_client):
    page = admin_client.get("/settings/").get_data(as_text=True)

    assert "职级序列" in page and "每名客户经理户数：零售" in page


def test_settings_page_speaks_english_to_an_english_user(app, db):
    factories.UserFactory(username="english-admin", role=Role.ADMIN, locale="en")
    db.commit()
    client = app.test_client()
    client.post("/login", data={"username": "english-admin", "password": factories.PASSWORD})

    page = client.get("/settings/").get_data(as_text=True)

    assert "Grade ladder" in page and "Households per CM: retail" in page
