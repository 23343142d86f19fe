"""Credit qualification: valid through its expiry day, "expiring" inside the warning window, then expired."""

import datetime as dt

import pytest

from planner.people.qualification import (
    QualificationState,
    earliest_pass_expiring_on_or_after,
    expires_on,
    qualification_state,
)

PASSED = dt.date(2024, 6, 1)  # valid 2 years: the last valid day is 2026-06-01


def state_on(today: dt.date, passed_on: dt.date | None = PASSED) -> QualificationState:
    return qualification_state(passed_on, today, validity_years=2, warning_days=90)


def test_no_pass_date_means_not_qualified():
    assert state_on(dt.date(2026, 1, 1), passed_on=None) is QualificationState.NONE


def test_expiry_is_the_same_day_validity_years_later():
    assert expires_on(PASSED, 2) == dt.date(2026, 6, 1)


def test_a_pass_on_29_february_expires_on_28_february():
    assert expires_on(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 3, 2), QualificationState.VALID),  # 91 days before expiry
        (dt.date(2026, 3, 3), QualificationState.EXPIRING),  # exactly 90 days before expiry
        (dt.date(2026, 6, 1), QualificationState.EXPIRING),  # the last valid day
        (dt.date(2026, 6, 2), QualificationState.EXPIRED),  # the day after
    ],
)
def test_state_at_the_boundary_days(today, expected):
    assert state_on(today) is expected


def test_earliest_valid_pass_date_is_validity_years_back():
    assert earliest_pass_expiring_on_or_after(dt.date(2026, 6, 1), 2) == dt.date(2024, 6, 1)


def test_earliest_valid_pass_date_around_29_february():
    # On 2028-02-29 a pass of 2026-02-28 expired the day before (2028-02-28), so 2026-03-01 is the earliest.
    assert earliest_pass_expiring_on_or_after(dt.date(2028, 2, 29), 2) == dt.date(2026, 3, 1)
    # On 2026-02-28 passes of 2024-02-28 and 2024-02-29 both expire that very day, so both are still valid.
    assert earliest_pass_expiring_on_or_after(dt.date(2026, 2, 28), 2) == dt.date(2024, 2, 28)


@pytest.mark.parametrize("offset", range(-3, 4))
def test_sql_bound_agrees_with_the_pure_state_every_day_around_expiry(offset):
    today = dt.date(2028, 2, 29) + dt.timedelta(days=offset)
    bound = earliest_pass_expiring_on_or_after(today, 2)
    for days in range(-5, 6):
        passed = bound + dt.timedelta(days=days)
        expired = qualification_state(passed, today, 2, 0) is QualificationState.EXPIRED
        assert expired == (passed < bound)
