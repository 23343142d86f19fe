"""Validate and change the bank-wide settings (qualification, staffing norms, competitive-hiring gates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from planner.enums import Education, Segment
from planner.errors import InvalidInput
from planner.messages import N_
from planner.settings.services import DEFAULTS, get_setting, set_setting

# The segments each staffing norm is kept for (see DEFAULTS).
HOUSEHOLD_NORM_SEGMENTS = (Segment.RETAIL, Segment.AGRICULTURE)
CUSTOMER_NORM_SEGMENTS = (Segment.CORPORATE, Segment.SMALL_BUSINESS)


def _whole_number(field: str, low: int, high: int | None, message: str) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
            raise InvalidInput(field, message)
        if value < low or (high is not None and value > high):
            raise InvalidInput(field, message)
        return int(value)

    return check


def _number(field: str, low: float, high: float, message: str) -> Callable[[Any], float | int]:
    def check(value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise InvalidInput(field, message)
        # Keep whole numbers whole, so 60 stays 60 and not 60.0 in the stored JSON.
        return int(value) if float(value).is_integer() and field != "exam_written_weight" else float(value)

    return check


def _norms(prefix: str, segments: tuple[Segment, ...]) -> Callable[[Any], dict[str, int]]:
    def check(value: Any) -> dict[str, int]:
        if not isinstance(value, dict):
            raise InvalidInput(f"{prefix}_{segments[0].value}", N_("A number per segment is required."))
        result = {}
        for segment in segments:
            field = f"{prefix}_{segment.value}"
            result[segment.value] = _whole_number(
                field, 1, None, N_("The norm must be a whole number greater than zero.")
            )(value.get(segment.value))
        return result

    return check


def _education(value: Any) -> str:
    if value not in Education._value2member_map_:
        raise InvalidInput("min_education", N_("Choose an education level."))
    return str(value)


def _rules() -> dict[str, Callable[[Any], Any]]:
    """Return a checker per setting; each returns the value to store or raises ``InvalidInput``."""
    return {
        "qualification_validity_years": _whole_number(
            "qualification_validity_years", 1, 10, N_("Enter a whole number of years from 1 to 10.")
        ),
        "qualification_warning_days": _whole_number(
            "qualification_warning_days", 1, 365, N_("Enter a whole number of days from 1 to 365.")
        ),
        "households_per_cm": _norms("households_per_cm", HOUSEHOLD_NORM_SEGMENTS),
        "customers_per_cm": _norms("customers_per_cm", CUSTOMER_NORM_SEGMENTS),
        "exam_written_weight": _number(
            "exam_written_weight", 0, 1, N_("The weight must be between 0 and 1.")
        ),
        "min_composite_score": _number(
            "min_composite_score", 0, 100, N_("The score must be between 0 and 100.")
        ),
        "min_education": _education,
    }


def current_settings(session: Session) -> dict[str, Any]:
    """Return every setting with its stored or default value."""
    return {key: get_setting(session, key) for key in DEFAULTS}


def validate_setting(key: str, value: Any) -> Any:
    """Return ``value`` as it would be stored under ``key``, or raise ``InvalidInput`` naming the field."""
    rules = _rules()
    if key not in rules:
        return value  # keys added by other features carry their own rules
    return rules[key](value)


def update_settings(session: Session, values: dict[str, Any]) -> list[str]:
    """Check every value first, then store the ones that changed; return the changed keys."""
    checked = {key: validate_setting(key, value) for key, value in values.items()}
    changed = []
    for key, value in checked.items():
        if key not in DEFAULTS:
            raise KeyError(key)
        if get_setting(session, key) != value:
            set_setting(session, key, value)
            changed.append(key)
    session.flush()
    return changed
