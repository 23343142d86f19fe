"""Read and change bank-wide settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planner.settings.models import Setting

DEFAULTS: dict[str, Any] = {
    # The credit-qualification exam is valid this many years, then the CM must re-qualify.
    "qualification_validity_years": 2,
    # Staffing norm: how many households (retail, agriculture) or customers (corporate, small business) one CM
    # can look after; a territory's need is its workload divided by the norm, rounded up, at least 1.
    "households_per_cm": {"retail": 800, "agriculture": 600},
    "customers_per_cm": {"corporate": 40, "small_business": 120},
    # Warn this many days before a qualification expires.
    "qualification_warning_days": 90,
    # Competitive hiring: composite = written × weight + interview × (1 − weight);
    # the personality test is reference only.
    "exam_written_weight": 0.5,
    "min_composite_score": 60,
    "min_education": "junior_college",
    # Yearly wastage of CMs (a share) when the bank's history is too short to measure it: all staff, and staff
    # in their first year as CMs.
    "attrition_rate": 0.05,
    "first_year_attrition_rate": 0.10,
    # Rotation (轮岗): a CM is due to move after more than this many years in one territory.
    "rotation_years": 3,
}


def get_setting(session: Session, key: str) -> Any:
    """Return the stored value of ``key``, or its default."""
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS[key]


def set_setting(session: Session, key: str, value: Any) -> None:
    """Store ``value`` under ``key``."""
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
