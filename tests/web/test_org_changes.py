"""Changing units and their yearly staff totals: rules, messages, and nothing changed on a refusal."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from planner.org.models import OrgUnit, UnitStaffCount
from tests import factories


def _flash_error(page: str) -> str:
    match = re.search(r'class="flash flash-error"[^>]*>([^<]*)<', page)
    assert match, "no error message shown"
    return match.group(1)


def test_deleting_a_branch_with_outlets_shows_why_and_keeps_it(planner_client, db):
    branch = factories.BranchFactory(code="BR5", name="城北支行")
    factories.OutletFactory.create_batch(2, parent=branch)
    factories.TerritoryFactory(unit=branch)
    db.commit()

    response = planner_client.post(f"/units/{branch.id}/delete", follow_redirects=True)

    message = _flash_error(response.get_data(as_text=True))
    assert "BR5 城北支行" in message
    assert "下级机构（2 个）" in message and "片区（1 个）" in message
    assert db.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.code == "BR5")) == 1


def test_unit_with_staff_totals_cannot_be_deleted(planner_client, db):
    branch = factories.BranchFactory()
    factories.StaffCountFactory(unit=branch)
    db.commit()

    response = planner_client.post(f"/units/{branch.id}/delete", follow_redirects=True)

    assert "年度员工总数（1 条）" in _flash_error(response.get_data(as_text=True))
    assert db.scalar(select(func.count()).select_from(UnitStaffCount)) == 1


def test_unit_nothing_refers_to_is_deleted(planner_client, db):
    outlet_id = factories.OutletFactory().id
    db.commit()

    response = planner_client.post(f"/units/{outlet_id}/delete")

    assert response.headers["Location"] == "/units/"
    db.expire_all()
    assert db.get(OrgUnit, outlet_id) is None


def test_a_second_bank_is_refused(planner_client, db):
    factories.BankFactory()
    db.commit()

    response = planner_client.post("/units/new", data={"code": "B2", "name": "另一总行", "kind": "bank"})

    assert response.status_code == 422
    assert 'id="kind-error">总行已存在，不能再新增。' in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(OrgUnit)) == 1


def test_duplicate_code_and_bad_coordinates_are_refused(planner_client, db):
    bank = factories.BankFactory()
    factories.BranchFactory(code="BR1", parent=bank)
    db.commit()

    response = planner_client.post(
        "/units/new",
        data={
            "code": "BR1",
            "name": "重复",
            "kind": "branch",
            "parent_id": bank.id,
            "latitude": "91",
            "longitude": "-181",
        },
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code-error">已有机构使用代码 BR1。' in page
    assert 'id="latitude-error"' in page and 'id="longitude-error"' in page
    assert db.scalar(select(func.count()).select_from(OrgUnit)) == 2


def test_branch_with_outlets_cannot_become_an_outlet(planner_client, db):
    branch = factories.BranchFactory(code="BR1")
    other = factories.BranchFactory(code="BR2", parent=branch.parent)
    factories.OutletFactory(parent=branch)
    db.commit()

    response = planner_client.post(
        f"/units/{branch.id}/edit", data={"code": "BR1", "name": "x", "kind": "outlet", "parent_id": other.id}
    )

    assert response.status_code == 422
    db.expire_all()
    assert db.get(OrgUnit, branch.id).parent_id == branch.parent_id


def test_staff_totals_are_added_changed_and_removed(planner_client, db):
    branch = factories.BranchFactory()
    db.commit()
    base = f"/units/{branch.id}/staff"

    assert planner_client.post(f"{base}/new", data={"year": 2026, "total_staff": 120}).status_code == 302
    row = db.scalar(select(UnitStaffCount))
    assert (row.year, row.total_staff) == (2026, 120)

    planner_client.post(f"{base}/{row.id}/edit", data={"year": 2026, "total_staff": 130})
    db.expire_all()
    assert db.get(UnitStaffCount, row.id).total_staff == 130

    planner_client.post(f"{base}/{row.id}/delete")
    assert db.scalar(select(func.count()).select_from(UnitStaffCount)) == 0


def test_one_total_per_year(planner_client, db):
    branch = factories.BranchFactory()
    factories.StaffCountFactory(unit=branch, year=2026, total_staff=100)
    db.commit()

    response = planner_client.post(f"/units/{branch.id}/staff/new", data={"year": 2026, "total_staff": 90})

    assert response.status_code == 422
    assert "2026 年的员工总数已录入，请直接修改。" in response.get_data(as_text=True)
    assert db.scalar(select(UnitStaffCount.total_staff)) == 100


def test_year_outside_2000_2100_and_negative_total_are_refused(planner_client, db):
    branch = factories.BranchFactory()
    db.commit()

    response = planner_client.post(f"/units/{branch.id}/staff/new", data={"year": 1999, "total_staff": -1})

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="year-error"' in page and 'id="total_staff-error"' in page
    assert db.scalar(select(func.count()).select_from(UnitStaffCount)) == 0


def test_staff_total_of_another_unit_is_not_found(planner_client, db):
    row = factories.StaffCountFactory()
    other = factories.BranchFactory()
    db.commit()

    assert planner_client.post(f"/units/{other.id}/staff/{row.id}/delete").status_code == 404
    assert db.scalar(select(func.count()).select_from(UnitStaffCount)) == 1
