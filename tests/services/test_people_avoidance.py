"""Avoidance links (回避): one row per pair, lower id first, never with oneself, never twice."""

import pytest
from sqlalchemy import func, select

from planner.enums import AvoidanceRelation
from planner.errors import InvalidInput, NotFound
from planner.people.avoidance import link_avoidance, unlink_avoidance
from planner.people.models import AvoidanceLink
from tests import factories


@pytest.fixture
def pair(db):
    first = factories.ManagerFactory(employee_no="E1")
    second = factories.ManagerFactory(employee_no="E2")
    db.flush()
    return first, second


def links(db) -> int:
    return db.scalar(select(func.count()).select_from(AvoidanceLink))


def test_link_is_stored_with_the_lower_id_first_whoever_asks(db, pair):
    first, second = pair
    link = link_avoidance(db, second, "E1", AvoidanceRelation.SPOUSE)
    assert (link.manager_a_id, link.manager_b_id, link.relation) == (
        first.id,
        second.id,
        AvoidanceRelation.SPOUSE,
    )


def test_linking_with_oneself_is_refused(db, pair):
    first, _ = pair
    with pytest.raises(InvalidInput) as refusal:
        link_avoidance(db, first, "E1", AvoidanceRelation.SIBLING)
    assert refusal.value.field == "employee_no"
    assert links(db) == 0


def test_linking_an_already_linked_pair_is_refused_from_either_side(db, pair):
    first, second = pair
    link_avoidance(db, first, "E2", AvoidanceRelation.SPOUSE)
    with pytest.raises(InvalidInput) as refusal:
        link_avoidance(db, second, "E1", AvoidanceRelation.SIBLING)
    assert refusal.value.field == "employee_no"
    assert links(db) == 1


def test_unknown_employee_number_is_refused(db, pair):
    first, _ = pair
    with pytest.raises(InvalidInput):
        link_avoidance(db, first, "NOPE", AvoidanceRelation.SPOUSE)
    assert links(db) == 0


def test_unlink_removes_the_link(db, pair):
    first, second = pair
    link = link_avoidance(db, first, "E2", AvoidanceRelation.SPOUSE)
    unlink_avoidance(db, second, link.id)
    assert links(db) == 0


def test_unlink_of_someone_elses_link_is_refused(db, pair):
    first, _ = pair
    link = link_avoidance(db, first, "E2", AvoidanceRelation.SPOUSE)
    stranger = factories.ManagerFactory()
    db.flush()
    with pytest.raises(NotFound):
        unlink_avoidance(db, stranger, link.id)
    assert links(db) == 1
