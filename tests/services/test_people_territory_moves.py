"""Moving a CM between territories closes the open history period and opens a new one."""

import datetime as dt

import pytest
from sqlalchemy import select

from planner.errors import InvalidInput
from planner.people.models import TerritoryAssignment
from planner.people.services import move_to_territory
from tests import factories


def periods(db, manager) -> list[tuple[str, dt.date, dt.date | None]]:
    rows = db.scalars(
        select(TerritoryAssignment)
        .where(TerritoryAssignment.manager_id == manager.id)
        .order_by(TerritoryAssignment.started_on, TerritoryAssignment.id)
    )
    return [(row.territory.code, row.started_on, row.ended_on) for row in rows]


@pytest.fixture
def setting(db):
    outlet = factories.OutletFactory()
    east = factories.TerritoryFactory(code="EAST", unit=outlet)
    west = factories.TerritoryFactory(code="WEST", unit=outlet)
    manager = factories.ManagerFactory(unit=outlet)
    db.flush()
    move_to_territory(db, manager, east, dt.date(2022, 3, 1))
    return manager, east, west


def test_first_territory_opens_a_period_and_sets_since(db, setting):
    manager, _, _ = setting
    assert periods(db, manager) == [("EAST", dt.date(2022, 3, 1), None)]
    assert (manager.territory.code, manager.territory_since) == ("EAST", dt.date(2022, 3, 1))


def test_move_closes_the_open_period_on_the_move_day_and_opens_the_new_one(db, setting):
    manager, _, west = setting
    move_to_territory(db, manager, west, dt.date(2025, 9, 1))
    assert periods(db, manager) == [
        ("EAST", dt.date(2022, 3, 1), dt.date(2025, 9, 1)),
        ("WEST", dt.date(2025, 9, 1), None),
    ]
    assert (manager.territory_id, manager.territory_since) == (west.id, dt.date(2025, 9, 1))


def test_moving_to_the_same_territory_changes_no_history(db, setting):
    manager, east, _ = setting
    move_to_territory(db, manager, east, dt.date(2025, 9, 1))
    assert periods(db, manager) == [("EAST", dt.date(2022, 3, 1), None)]
    assert manager.territory_since == dt.date(2022, 3, 1)


def test_leaving_every_territory_closes_the_period_and_clears_since(db, setting):
    manager, _, _ = setting
    move_to_territory(db, manager, None, dt.date(2025, 9, 1))
    assert periods(db, manager) == [("EAST", dt.date(2022, 3, 1), dt.date(2025, 9, 1))]
    assert (manager.territory_id, manager.territory_since) == (None, None)


def test_a_move_dated_before_the_open_period_began_is_refused(db, setting):
    manager, _, west = setting
    with pytest.raises(InvalidInput) as refusal:
        move_to_territory(db, manager, west, dt.date(2022, 2, 28))
    assert refusal.value.field == "territory_since"
