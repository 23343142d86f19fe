"""The staffing norm: workload ÷ the norm of the segment, rounded up, unless the need is set by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.enums import Segment
from planner.settings.services import set_setting
from planner.territories.models import Territory
from planner.territories.staffing import (
    StaffingNeed,
    StaffingNorms,
    staffing_need,
    staffing_need_expression,
    staffing_norms,
)
from tests import factories

NORMS = StaffingNorms(
    households_per_cm={"retail": 800, "agriculture": 600},
    customers_per_cm={"corporate": 40, "small_business": 120},
)


def _territory(
    segment: Segment, households: int = 0, customers: int = 0, override: int | None = None
) -> Territory:
    return Territory(
        code="T",
        name="片区",
        segment=segment,
        households=households,
        customers=customers,
        staffing_need_override=override,
    )


def test_retail_need_is_households_divided_by_the_norm_rounded_up():
    need = staffing_need(_territory(Segment.RETAIL, households=1200, customers=5000), NORMS)
    assert need == StaffingNeed(count=2, basis="households", workload=1200, norm=800)


def test_agriculture_uses_its_own_households_norm():
    assert staffing_need(_territory(Segment.AGRICULTURE, households=1201), NORMS).count == 3  # 1201 ÷ 600 → 3


def test_corporate_need_is_customers_divided_by_the_norm():
    need = staffing_need(_territory(Segment.CORPORATE, households=9999, customers=80), NORMS)
    assert need == StaffingNeed(count=2, basis="customers", workload=80, norm=40)


def test_small_business_need_rounds_up_a_part_of_a_cm():
    assert staffing_need(_territory(Segment.SMALL_BUSINESS, customers=121), NORMS).count == 2


def test_any_positive_workload_needs_at_least_one_cm():
    assert staffing_need(_territory(Segment.RETAIL, households=1), NORMS).count == 1


def test_no_workload_needs_no_cm():
    assert staffing_need(_territory(Segment.CORPORATE, customers=0), NORMS).count == 0


def test_need_set_by_hand_wins_over_the_norm():
    need = staffing_need(_territory(Segment.RETAIL, households=8000, override=3), NORMS)
    assert need == StaffingNeed(count=3, basis="override")
    assert need.is_override


def test_need_set_by_hand_to_zero_is_respected():
    assert staffing_need(_territory(Segment.RETAIL, households=8000, override=0), NORMS).count == 0


def test_norms_come_from_the_settings(db):
    set_setting(db, "households_per_cm", {"retail": 500, "agriculture": 600})
    db.flush()
    assert staffing_norms(db).households_per_cm["retail"] == 500
    assert staffing_need(_territory(Segment.RETAIL, households=1200), staffing_norms(db)).count == 3


def test_norms_default_to_the_documented_values(db):
    norms = staffing_norms(db)
    assert norms.households_per_cm == {"retail": 800, "agriculture": 600}
    assert norms.customers_per_cm == {"corporate": 40, "small_business": 120}


@pytest.mark.parametrize(
    ("segment", "households", "customers", "override"),
    [
        (Segment.RETAIL, 0, 0, None),
        (Segment.RETAIL, 1, 0, None),
        (Segment.RETAIL, 800, 0, None),
        (Segment.RETAIL, 801, 0, None),
        (Segment.AGRICULTURE, 1800, 3, None),
        (Segment.CORPORATE, 5000, 41, None),
        (Segment.SMALL_BUSINESS, 0, 240, None),
        (Segment.SMALL_BUSINESS, 0, 240, 7),
    ],
)
def test_the_database_computes_the_same_need(db, segment, households, customers, override):
    territory = factories.TerritoryFactory(
        segment=segment, households=households, customers=customers, staffing_need_override=override
    )
    db.flush()
    in_database = db.scalar(select(staffing_need_expression(NORMS)).where(Territory.id == territory.id))
    assert in_database == staffing_need(territory, NORMS).count
