"""The CM list query: each filter returns exactly the CMs it should, sorted by employee number."""

import datetime as dt

import pytest

from planner.enums import ManagerStatus, Segment
from planner.people.qualification import QualificationState
from planner.people.queries import ManagerFilters, search_managers
from tests import factories

TODAY = dt.date(2026, 6, 1)


def found(db, **filters) -> list[str]:
    stmt = search_managers(db, ManagerFilters(**filters), TODAY)
    return [m.employee_no for m in db.scalars(stmt).unique()]


@pytest.fixture
def bank(db):
    """Branch A (with outlets A1, A2) and branch B (with outlet B1), one CM in each unit."""
    head = factories.BankFactory()
    branch_a = factories.BranchFactory(parent=head)
    branch_b = factories.BranchFactory(parent=head)
    units = {
        "A": branch_a,
        "A1": factories.OutletFactory(parent=branch_a),
        "A2": factories.OutletFactory(parent=branch_a),
        "B": branch_b,
        "B1": factories.OutletFactory(parent=branch_b),
    }
    for number, key in enumerate(["A", "A1", "A2", "B", "B1"]):
        factories.ManagerFactory(employee_no=f"E{number}-{key}", unit=units[key])
    db.flush()
    return units


def test_without_filters_every_cm_is_listed_by_employee_number(db, bank):
    assert found(db) == ["E0-A", "E1-A1", "E2-A2", "E3-B", "E4-B1"]


def test_branch_filter_includes_the_branch_and_its_outlets(db, bank):
    assert found(db, branch_id=bank["A"].id) == ["E0-A", "E1-A1", "E2-A2"]


def test_outlet_filter_keeps_only_that_outlet(db, bank):
    assert found(db, outlet_id=bank["A2"].id) == ["E2-A2"]


def test_outlet_outside_the_chosen_branch_finds_nobody(db, bank):
    assert found(db, branch_id=bank["A"].id, outlet_id=bank["B1"].id) == []


def test_segment_grade_and_status_filters(db):
    senior = factories.GradeFactory(code="senior", rank=3, name_zh="高级", name_en="Senior")
    factories.ManagerFactory(employee_no="R1", segment=Segment.RETAIL)
    factories.ManagerFactory(employee_no="C1", segment=Segment.CORPORATE, grade=senior)
    factories.ManagerFactory(employee_no="X1", status=ManagerStatus.EXITED)
    db.flush()
    assert found(db, segment=Segment.CORPORATE) == ["C1"]
    assert found(db, grade_id=senior.id) == ["C1"]
    assert found(db, status=ManagerStatus.EXITED) == ["X1"]


def test_search_matches_employee_number_prefix_or_part_of_the_name(db):
    factories.ManagerFactory(employee_no="E100", name="王小明")
    factories.ManagerFactory(employee_no="E200", name="李明")
    factories.ManagerFactory(employee_no="X100", name="张三")
    db.flush()
    assert found(db, search="E1") == ["E100"]
    assert found(db, search="明") == ["E100", "E200"]
    assert found(db, search="100") == []  # the employee number matches from its start only


def test_search_treats_percent_and_underscore_literally(db):
    factories.ManagerFactory(employee_no="E_1", name="甲")
    factories.ManagerFactory(employee_no="EX1", name="乙")
    db.flush()
    assert found(db, search="E_") == ["E_1"]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (QualificationState.EXPIRED, ["Q1-expired"]),
        (QualificationState.EXPIRING, ["Q2-last-day", "Q3-warning-starts"]),
        (QualificationState.VALID, ["Q4-valid"]),
        (QualificationState.NONE, ["Q5-none"]),
    ],
)
def test_qualification_filter_at_the_boundary_days(db, state, expected):
    # Valid 2 years, warn 90 days; today is 2026-06-01.
    factories.ManagerFactory(employee_no="Q1-expired", qualification_passed_on=dt.date(2024, 5, 31))
    factories.ManagerFactory(employee_no="Q2-last-day", qualification_passed_on=dt.date(2024, 6, 1))
    # Expires 2026-08-30, exactly 90 days from today.
    factories.ManagerFactory(employee_no="Q3-warning-starts", qualification_passed_on=dt.date(2024, 8, 30))
    # Expires 2026-08-31, 91 days from today.
    factories.ManagerFactory(employee_no="Q4-valid", qualification_passed_on=dt.date(2024, 8, 31))
    factories.ManagerFactory(employee_no="Q5-none", qualification_passed_on=None)
    db.flush()
    assert found(db, qualification=state, validity_years=2, warning_days=90) == expected
