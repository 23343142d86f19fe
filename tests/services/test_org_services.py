"""Organisation rules: where a unit may hang, what blocks a delete, and the CM share of total staff."""

from __future__ import annotations

import pytest

from planner.enums import ManagerStatus, UnitKind
from planner.errors import InvalidInput, StillReferenced
from planner.org import services
from planner.org.queries import unit_and_descendants
from planner.org.services import UnitData
from planner.pages.org.queries import branch_page, cm_share, counts_by_unit, unit_summary
from tests import factories


def test_branch_goes_under_the_bank(db):
    bank = factories.BankFactory()
    branch = services.create_unit(
        db, UnitData(code="BR1", name="支行", kind=UnitKind.BRANCH, parent_id=bank.id)
    )
    assert branch.parent is bank


def test_branch_under_a_branch_is_refused(db):
    branch = factories.BranchFactory()
    with pytest.raises(InvalidInput) as refused:
        services.create_unit(db, UnitData(code="BR2", name="支行", kind=UnitKind.BRANCH, parent_id=branch.id))
    assert refused.value.field == "parent_id"


def test_outlet_without_parent_is_refused(db):
    with pytest.raises(InvalidInput) as refused:
        services.create_unit(db, UnitData(code="OU1", name="网点", kind=UnitKind.OUTLET))
    assert refused.value.field == "parent_id"


def test_bank_with_a_parent_is_refused(db):
    branch = factories.BranchFactory()
    with pytest.raises(InvalidInput) as refused:
        services.check_placement(db, UnitKind.BANK, branch.id, branch.parent)
    assert refused.value.field == "parent_id"


def test_a_second_bank_is_refused(db):
    factories.BankFactory()
    with pytest.raises(InvalidInput) as refused:
        services.create_unit(db, UnitData(code="B2", name="总行", kind=UnitKind.BANK))
    assert refused.value.field == "kind"


def test_the_bank_may_be_edited_without_counting_as_a_second_bank(db):
    bank = factories.BankFactory(code="BANK")
    services.update_unit(db, bank, UnitData(code="BANK", name="新名称", kind=UnitKind.BANK))
    assert bank.name == "新名称"


def test_unit_cannot_be_its_own_parent(db):
    branch = factories.BranchFactory()
    with pytest.raises(InvalidInput):
        services.update_unit(
            db, branch, UnitData(code=branch.code, name="x", kind=UnitKind.BRANCH, parent_id=branch.id)
        )


def test_latitude_and_longitude_ranges():
    services.check_location(-90, 180)
    with pytest.raises(InvalidInput) as refused:
        services.check_location(90.1, 0)
    assert refused.value.field == "latitude"
    with pytest.raises(InvalidInput) as refused:
        services.check_location(0, -180.5)
    assert refused.value.field == "longitude"


def test_references_are_counted_by_kind(db):
    branch = factories.BranchFactory()
    factories.OutletFactory(parent=branch)
    factories.ManagerFactory.create_batch(2, unit=branch)
    factories.StaffCountFactory(unit=branch, year=2025)
    assert services.references_to_unit(db, branch) == {
        "children": 1,
        "territories": 0,
        "managers": 2,
        "staff_counts": 1,
    }


def test_delete_of_a_unit_with_cms_is_refused(db):
    outlet = factories.OutletFactory()
    factories.ManagerFactory(unit=outlet)
    with pytest.raises(StillReferenced):
        services.delete_unit(db, outlet)


def test_cm_share_is_cms_divided_by_total_staff():
    assert cm_share(16, 100) == 0.16
    assert cm_share(3, 0) is None


def test_counts_leave_out_exited_cms(db):
    outlet = factories.OutletFactory()
    factories.ManagerFactory(unit=outlet)
    factories.ManagerFactory(unit=outlet, status=ManagerStatus.LEAVE)
    factories.ManagerFactory(unit=outlet, status=ManagerStatus.EXITED)
    factories.TerritoryFactory(unit=outlet)
    counts = counts_by_unit(db, [outlet.id])
    assert (counts[outlet.id].managers, counts[outlet.id].territories) == (2, 1)


def test_bank_summary_counts_every_unit_below(db):
    bank = factories.BankFactory()
    branch = factories.BranchFactory(parent=bank)
    outlet = factories.OutletFactory(parent=branch)
    factories.ManagerFactory(unit=bank)
    factories.ManagerFactory.create_batch(2, unit=branch)
    factories.ManagerFactory.create_batch(3, unit=outlet)
    factories.StaffCountFactory(unit=bank, year=2026, total_staff=24)

    summary = unit_summary(db, bank)

    assert set(unit_and_descendants(db, bank)) == {bank.id, branch.id, outlet.id}
    assert summary.managers == 6
    assert summary.staff_years[0].cm_share == 0.25


def test_branch_page_sums_outlets_into_the_branch(db):
    branch = factories.BranchFactory(code="BR1")
    first = factories.OutletFactory(parent=branch, code="OU1")
    second = factories.OutletFactory(parent=branch, code="OU2")
    factories.ManagerFactory(unit=first)
    factories.ManagerFactory.create_batch(2, unit=second)

    row = branch_page(db, 1, 10).items[0]

    assert [outlet.code for outlet, _ in row.outlets] == ["OU1", "OU2"]
    assert (row.own.managers, row.total.managers) == (0, 3)
