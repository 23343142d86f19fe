"""The CM page data: history newest first, rotation flag, profile, reviews and deletion of dependents."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from planner.assessments.models import Assessment
from planner.audit.models import AuditEntry
from planner.enums import AuditAction
from planner.errors import NotFound
from planner.pages.people.page import manager_page_data
from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
from planner.people.qualification import QualificationState
from planner.people.services import delete_manager, move_to_territory
from planner.performance.models import IndicatorValue, PerformanceReview
from tests import factories

TODAY = dt.date(2026, 6, 1)


def test_history_is_newest_first_and_exactly_three_years_is_not_yet_due_for_rotation(db):
    outlet = factories.OutletFactory()
    old, new = (
        factories.TerritoryFactory(code="OLD", unit=outlet),
        factories.TerritoryFactory(code="NEW", unit=outlet),
    )
    manager = factories.ManagerFactory(unit=outlet)
    db.flush()
    move_to_territory(db, manager, old, dt.date(2020, 1, 1))
    move_to_territory(db, manager, new, dt.date(2023, 6, 1))
    db.commit()

    page = manager_page_data(db, manager.id, TODAY)

    assert [a.territory.code for a in page.territory_history] == ["NEW", "OLD"]
    assert (page.years_in_territory, page.due_for_rotation) == (3, False)


def test_more_than_three_years_in_a_territory_is_due_for_rotation(db):
    outlet = factories.OutletFactory()
    territory = factories.TerritoryFactory(unit=outlet)
    manager = factories.ManagerFactory(unit=outlet)
    db.flush()
    move_to_territory(db, manager, territory, dt.date(2023, 5, 31))
    db.commit()
    page = manager_page_data(db, manager.id, TODAY)
    assert (page.years_in_territory, page.due_for_rotation) == (3, True)


def test_two_years_in_a_territory_is_not_yet_due_for_rotation(db):
    outlet = factories.OutletFactory()
    territory = factories.TerritoryFactory(unit=outlet)
    manager = factories.ManagerFactory(unit=outlet)
    db.flush()
    move_to_territory(db, manager, territory, dt.date(2023, 6, 2))
    db.commit()
    page = manager_page_data(db, manager.id, TODAY)
    assert (page.years_in_territory, page.due_for_rotation) == (2, False)


def test_qualification_state_and_expiry_follow_the_settings(db):
    manager = factories.ManagerFactory(qualification_passed_on=dt.date(2024, 7, 1))
    db.commit()
    page = manager_page_data(db, manager.id, TODAY)
    assert (page.qualification, page.qualification_expires_on) == (
        QualificationState.EXPIRING,
        dt.date(2026, 7, 1),
    )


def test_profile_is_none_without_an_active_framework(db):
    manager = factories.ManagerFactory()
    db.commit()
    assert manager_page_data(db, manager.id, TODAY).profile is None


def test_unknown_cm_raises_not_found(db):
    with pytest.raises(NotFound):
        manager_page_data(db, 999, TODAY)


def test_deleting_a_cm_deletes_history_links_assessments_and_reviews(db):
    outlet = factories.OutletFactory()
    territory = factories.TerritoryFactory(unit=outlet)
    manager = factories.ManagerFactory(unit=outlet)
    keeper = factories.ManagerFactory()
    db.flush()
    low, high = sorted((manager.id, keeper.id))
    db.add(AvoidanceLink(manager_a_id=low, manager_b_id=high, relation="spouse"))
    move_to_territory(db, manager, territory, dt.date(2024, 1, 1))
    factories.AssessmentFactory(manager=manager)
    factories.IndicatorValueFactory(review=factories.ReviewFactory(manager=manager))
    factories.AssessmentFactory(manager=keeper)
    db.commit()

    delete_manager(db, manager)
    db.commit()

    def count(model) -> int:
        return db.scalar(select(func.count()).select_from(model))

    assert (count(Manager), count(TerritoryAssignment), count(AvoidanceLink)) == (1, 0, 0)
    assert (count(Assessment), count(PerformanceReview), count(IndicatorValue)) == (1, 0, 0)


def test_deleting_a_cm_logs_the_deletion_of_their_assessments_and_reviews(db):
    manager = factories.ManagerFactory()
    assessment = factories.AssessmentFactory(manager=manager)
    review = factories.ReviewFactory(manager=manager)
    db.commit()
    assessment_id, review_id = str(assessment.id), str(review.id)

    delete_manager(db, manager)
    db.commit()

    deleted = set(
        db.execute(
            select(AuditEntry.entity, AuditEntry.entity_id).where(AuditEntry.action == AuditAction.DELETE)
        ).all()
    )
    assert {("assessment", assessment_id), ("performance_review", review_id)} <= deleted
