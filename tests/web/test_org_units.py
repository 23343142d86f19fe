"""Organisation pages: the bank → branch → outlet tree, a unit's page, and changing units."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.enums import AuditAction, ManagerStatus, UnitKind
from planner.org.models import OrgUnit
from tests import factories


def _row(page: str, unit_id: int) -> str:
    """Return the HTML of the table row of ``unit_id``."""
    match = re.search(rf'<tr id="unit-{unit_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, f"no row for unit {unit_id}"
    return match.group(1)


def _numbers(row: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]


def test_tree_lists_outlets_under_their_branch_with_counts(viewer_client, db):
    bank = factories.BankFactory(code="BANK", name="某农商银行")
    east = factories.BranchFactory(code="BR1", name="城东支行", parent=bank)
    west = factories.BranchFactory(code="BR2", name="城西支行", parent=bank)
    market = factories.OutletFactory(code="OU1", name="菜市场网点", parent=east)
    factories.OutletFactory(code="OU2", name="火车站网点", parent=west)
    factories.TerritoryFactory.create_batch(2, unit=market)
    factories.TerritoryFactory(unit=east)
    factories.ManagerFactory.create_batch(3, unit=market)
    factories.ManagerFactory(unit=market, status=ManagerStatus.EXITED)
    db.commit()

    page = viewer_client.get("/units/").get_data(as_text=True)

    assert "某农商银行" in page
    # Branch rows come in code order, each followed by its own outlets.
    assert (
        page.index("城东支行") < page.index("菜市场网点") < page.index("城西支行") < page.index("火车站网点")
    )
    assert f'data-parent="{east.id}"' in _row_tag(page, market.id)
    assert _numbers(_row(page, market.id)) == [2, 3]  # territories, CMs in the team (the exited one is not)
    assert _numbers(_row(page, east.id)) == [3, 3]  # the branch's own territory plus its outlet's
    assert _numbers(_row(page, west.id)) == [0, 0]


def _row_tag(page: str, unit_id: int) -> str:
    match = re.search(rf'<tr id="unit-{unit_id}"[^>]*>', page)
    assert match
    return match.group(0)


def test_unit_page_shows_cm_share_of_total_staff_per_year(viewer_client, db):
    branch = factories.BranchFactory(code="BR9", name="城南支行")
    outlet = factories.OutletFactory(parent=branch)
    factories.ManagerFactory.create_batch(4, unit=branch)
    factories.ManagerFactory.create_batch(4, unit=outlet)
    factories.StaffCountFactory(unit=branch, year=2025, total_staff=50)
    factories.StaffCountFactory(unit=branch, year=2026, total_staff=40)
    db.commit()

    page = viewer_client.get(f"/units/{branch.id}").get_data(as_text=True)

    # 8 CMs in the branch and its outlet: 8 ÷ 50 = 16.0 %, 8 ÷ 40 = 20.0 %.
    assert re.search(r'<tr id="staff-2025">.*?16\.0%', page, re.S)
    assert re.search(r'<tr id="staff-2026">.*?20\.0%', page, re.S)
    assert '<dd id="manager-count">8</dd>' in page


def test_planner_adds_a_branch_under_the_bank(planner_client, db):
    bank = factories.BankFactory()
    db.commit()

    response = planner_client.post(
        "/units/new", data={"code": "BR77", "name": "新城支行", "kind": "branch", "parent_id": bank.id}
    )

    assert response.status_code == 302
    created = db.scalar(select(OrgUnit).where(OrgUnit.code == "BR77"))
    assert created.parent_id == bank.id and created.kind == UnitKind.BRANCH
    assert created.name == "新城支行"


def test_renaming_a_unit_is_recorded_in_the_audit_log(planner_client, db):
    branch = factories.BranchFactory(code="BR3", name="旧名支行")
    db.commit()

    response = planner_client.post(
        f"/units/{branch.id}/edit",
        data={"code": "BR3", "name": "新名支行", "kind": "branch", "parent_id": branch.parent_id},
    )

    assert response.status_code == 302
    entry = db.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "org_unit",
            AuditEntry.entity_id == str(branch.id),
            AuditEntry.action == AuditAction.UPDATE,
        )
    )
    assert entry.changes["name"] == ["旧名支行", "新名支行"]


def test_outlet_under_an_outlet_is_refused_with_a_field_error(planner_client, db):
    outlet = factories.OutletFactory(code="OU5")
    db.commit()
    before = db.scalar(select(func.count()).select_from(OrgUnit))

    response = planner_client.post(
        "/units/new", data={"code": "OU6", "name": "网点中的网点", "kind": "outlet", "parent_id": outlet.id}
    )

    assert response.status_code == 422
    assert 'id="parent_id-error">网点的上级必须是支行。' in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(OrgUnit)) == before
