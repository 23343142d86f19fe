"""Staffing need of a territory: its workload divided by the bank's staffing norm (人员配置标准)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, literal
from sqlalchemy.orm import Session

from planner.enums import ManagerStatus, Segment
from planner.settings.services import DEFAULTS, get_setting
from planner.territories.models import Territory

# Which workload a segment is measured by: households for retail and agriculture, customers otherwise.
HOUSEHOLD_SEGMENTS = (Segment.RETAIL, Segment.AGRICULTURE)
CUSTOMER_SEGMENTS = (Segment.CORPORATE, Segment.SMALL_BUSINESS)

# CMs on probation already work their territory; those on leave or exited do not.
WORKING_STATUSES = (ManagerStatus.ACTIVE, ManagerStatus.PROBATION)


@dataclass(frozen=True)
class StaffingNorms:
    """How many households or customers one CM can look after, per segment."""

    households_per_cm: dict[str, int] = field(default_factory=lambda: dict(DEFAULTS["households_per_cm"]))
    customers_per_cm: dict[str, int] = field(default_factory=lambda: dict(DEFAULTS["customers_per_cm"]))

    def measure(self, segment: Segment) -> tuple[str, int]:
        """Return the workload measure ("households" or "customers") and the norm for ``segment``."""
        if segment in HOUSEHOLD_SEGMENTS:
            table, defaults, measure = self.households_per_cm, DEFAULTS["households_per_cm"], "households"
        else:
            table, defaults, measure = self.customers_per_cm, DEFAULTS["customers_per_cm"], "customers"
        norm = int(table.get(segment.value) or defaults[segment.value])
        return measure, norm


@dataclass(frozen=True)
class StaffingNeed:
    """How many CMs a territory needs and how that number came about.

    ``basis`` is "override" (set by hand), "households" or "customers"; for the last two ``workload`` and
    ``norm`` are the numbers divided ("1,200 households ÷ 800 per CM → 2").
    """

    count: int
    basis: str
    workload: int = 0
    norm: int = 0

    @property
    def is_override(self) -> bool:
        """Tell whether a planner set the need by hand."""
        return self.basis == "override"


def staffing_norms(session: Session) -> StaffingNorms:
    """Read the staffing norms from the bank-wide settings."""
    return StaffingNorms(
        households_per_cm=dict(get_setting(session, "households_per_cm")),
        customers_per_cm=dict(get_setting(session, "customers_per_cm")),
    )


def staffing_need(territory: Territory, norms: StaffingNorms) -> StaffingNeed:
    """Return the staffing need of ``territory``: the override, else workload ÷ norm rounded up."""
    if territory.staffing_need_override is not None:
        return StaffingNeed(count=territory.staffing_need_override, basis="override")
    measure, norm = norms.measure(Segment(territory.segment))
    workload = int(getattr(territory, measure) or 0)
    # Ceiling division: any positive workload needs at least one CM; no workload needs none.
    count = -(-workload // norm) if workload > 0 else 0
    return StaffingNeed(count=count, basis=measure, workload=workload, norm=norm)


def staffing_need_expression(norms: StaffingNorms) -> ColumnElement[Any]:
    """Return a SQL expression computing ``staffing_need`` for each territory row (for filters and sorts)."""
    whens = []
    for segment in Segment:
        measure, norm = norms.measure(segment)
        column = Territory.households if measure == "households" else Territory.customers
        # For whole w ≥ 0, (w + n − 1) // n is the ceiling of w ÷ n, and 0 when there is no workload.
        whens.append(
            (Territory.segment == segment, (column + literal(norm - 1, Integer)) // literal(norm, Integer))
        )
    derived = case(*whens, else_=literal(0, Integer))
    return case(
        (Territory.staffing_need_override.is_not(None), Territory.staffing_need_override), else_=derived
    )
