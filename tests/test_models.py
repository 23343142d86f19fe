"""The database itself refuses data that breaks the model's rules (on SQLite and PostgreSQL alike)."""

import pytest
from sqlalchemy.exc import IntegrityError

from planner.enums import UnitKind
from planner.org.models import OrgUnit
from tests import factories


def _refused(db, make) -> bool:
    try:
        make()
        db.flush()
    except IntegrityError:
        db.rollback()
        return True
    return False


def test_assessment_needs_exactly_one_subject(db):
    dimension = factories.DimensionFactory()
    manager = factories.ManagerFactory()
    candidate = factories.CandidateFactory()
    db.commit()
    assert _refused(
        db, lambda: factories.AssessmentFactory(dimension=dimension, manager=None, candidate=None)
    )
    assert _refused(
        db, lambda: factories.AssessmentFactory(dimension=dimension, manager=manager, candidate=candidate)
    )


@pytest.mark.parametrize("score", [-1, 100.5])
def test_assessment_score_stays_between_0_and_100(db, score):
    manager = factories.ManagerFactory()
    db.commit()
    assert _refused(db, lambda: factories.AssessmentFactory(manager=manager, score=score))


def test_avoidance_pair_is_stored_once_with_the_lower_id_first(db):
    a, b = factories.ManagerFactory(), factories.ManagerFactory()
    db.commit()
    low, high = sorted([a, b], key=lambda m: m.id)
    assert _refused(db, lambda: factories.AvoidanceLinkFactory(manager_a=high, manager_b=low))
    factories.AvoidanceLinkFactory(manager_a=low, manager_b=high)
    db.commit()
    assert _refused(db, lambda: factories.AvoidanceLinkFactory(manager_a=low, manager_b=high))


def test_employee_numbers_are_unique(db):
    factories.ManagerFactory(employee_no="E1")
    db.commit()
    assert _refused(db, lambda: factories.ManagerFactory(employee_no="E1"))


def test_a_unit_with_children_cannot_be_deleted_from_under_them(db):
    outlet = factories.OutletFactory()
    db.commit()
    branch = outlet.parent
    assert _refused(db, lambda: db.delete(branch))
    assert db.get(OrgUnit, outlet.id).parent.kind is UnitKind.BRANCH


def test_a_territory_worked_by_a_cm_cannot_be_deleted(db):
    territory = factories.TerritoryFactory()
    factories.ManagerFactory(territory=territory, unit=territory.unit)
    db.commit()
    assert _refused(db, lambda: db.delete(territory))


def test_candidate_preferences_have_distinct_ranks(db):
    candidate = factories.CandidateFactory()
    factories.PreferenceFactory(candidate=candidate, rank=1)
    db.commit()
    assert _refused(db, lambda: factories.PreferenceFactory(candidate=candidate, rank=1))


def test_staff_count_is_one_row_per_unit_and_year(db):
    branch = factories.BranchFactory()
    factories.StaffCountFactory(unit=branch, year=2026)
    db.commit()
    assert _refused(db, lambda: factories.StaffCountFactory(unit=branch, year=2026))
