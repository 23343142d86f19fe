"""State of a CM's credit qualification (信贷资格): valid, expiring soon, expired or none."""

from __future__ import annotations

from datetime import date, timedelta

from planner.enums import LABELS, LabelledEnum
from planner.messages import N_


class QualificationState(LabelledEnum):
    """Where a qualification stands on a given day."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NONE = "none"


LABELS.update(
    {
        QualificationState.VALID: N_("Valid"),
        QualificationState.EXPIRING: N_("Expires soon"),
        QualificationState.EXPIRED: N_("Expired"),
        QualificationState.NONE: N_("Not qualified"),
    }
)


def add_years(day: date, years: int) -> date:
    """Return the same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expires_on(passed_on: date, validity_years: int) -> date:
    """Return the last day the qualification is valid."""
    return add_years(passed_on, validity_years)


def qualification_state(
    passed_on: date | None, today: date, validity_years: int, warning_days: int
) -> QualificationState:
    """Tell whether a qualification passed on ``passed_on`` is valid, expiring, expired or missing today.

    It is valid through its expiry day; it is "expiring" from ``warning_days`` days before that day on.
    """
    if passed_on is None:
        return QualificationState.NONE
    last_day = expires_on(passed_on, validity_years)
    if last_day < today:
        return QualificationState.EXPIRED
    if (last_day - today).days <= warning_days:
        return QualificationState.EXPIRING
    return QualificationState.VALID


def earliest_pass_expiring_on_or_after(day: date, validity_years: int) -> date:
    """Return the earliest pass date whose qualification is still valid on ``day``.

    Qualifications passed on this date or later are valid on ``day``; earlier ones have expired by then.
    The search steps around ``day - validity_years`` because of 29 February.
    """
    guess = add_years(day, -validity_years)
    while expires_on(guess, validity_years) < day:
        guess += timedelta(days=1)
    while expires_on(guess - timedelta(days=1), validity_years) >= day:
        guess -= timedelta(days=1)
    return guess
