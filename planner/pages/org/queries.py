"""The organisation pages' figures: CMs and territories per unit, and one unit's CM share of total staff."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from planner.enums import ManagerStatus, UnitKind
from planner.org.models import OrgUnit, UnitStaffCount
from planner.org.queries import unit_and_descendants
from planner.people.models import Manager
from planner.persistence import Page, paginate
from planner.territories.models import Territory

# CMs counted in the team: everyone not yet exited (on leave and on probation included).
IN_TEAM = Manager.status != ManagerStatus.EXITED


@dataclass(frozen=True)
class UnitCounts:
    """CMs and territories of one unit."""

    managers: int = 0
    territories: int = 0


@dataclass(frozen=True)
class BranchRow:
    """A branch with its outlets; ``total`` adds the outlets' counts to the branch's own."""

    branch: OrgUnit
    own: UnitCounts
    total: UnitCounts
    outlets: list[tuple[OrgUnit, UnitCounts]] = field(default_factory=list)


@dataclass(frozen=True)
class StaffYear:
    """A year's total staff and the share of CMs in it (``None`` when the total is zero)."""

    row: UnitStaffCount
    cm_share: float | None


@dataclass(frozen=True)
class UnitSummary:
    """Figures shown on a unit's page; counts include the units below it."""

    unit: OrgUnit
    children: list[tuple[OrgUnit, UnitCounts]]
    managers: int
    territories: int
    staff_years: list[StaffYear]


def counts_by_unit(session: Session, unit_ids: Iterable[int]) -> dict[int, UnitCounts]:
    """Return CMs in the team and territories per unit, with one grouped query each."""
    ids = list(unit_ids)
    if not ids:
        return {}
    managers = dict(
        session.execute(
            select(Manager.unit_id, func.count())
            .where(Manager.unit_id.in_(ids), IN_TEAM)
            .group_by(Manager.unit_id)
        ).all()
    )
    territories = dict(
        session.execute(
            select(Territory.unit_id, func.count())
            .where(Territory.unit_id.in_(ids))
            .group_by(Territory.unit_id)
        ).all()
    )
    return {i: UnitCounts(managers=managers.get(i, 0), territories=territories.get(i, 0)) for i in ids}


def branch_page(session: Session, page: int, per_page: int) -> Page[BranchRow]:
    """Return one page of branches, each with its outlets and the counts of CMs and territories."""
    stmt = (
        select(OrgUnit)
        .where(OrgUnit.kind == UnitKind.BRANCH)
        .options(selectinload(OrgUnit.children))
        .order_by(OrgUnit.code, OrgUnit.id)
    )
    branches = paginate(session, stmt, page, per_page)
    ids = [unit.id for branch in branches.items for unit in (branch, *branch.children)]
    counts = counts_by_unit(session, ids)
    rows = []
    for branch in branches.items:
        outlets = [(outlet, counts[outlet.id]) for outlet in branch.children]
        own = counts[branch.id]
        total = UnitCounts(
            managers=own.managers + sum(c.managers for _, c in outlets),
            territories=own.territories + sum(c.territories for _, c in outlets),
        )
        rows.append(BranchRow(branch=branch, own=own, total=total, outlets=outlets))
    return Page(items=rows, page=branches.page, per_page=per_page, total=branches.total)


def cm_share(managers: int, total_staff: int) -> float | None:
    """Return CMs as a share of total staff (0.16 for 16 %), or ``None`` when there is no staff."""
    return managers / total_staff if total_staff > 0 else None


def unit_summary(session: Session, unit: OrgUnit) -> UnitSummary:
    """Collect the figures of a unit's page; the CM share divides CMs in the unit and below by its staff."""
    ids = unit_and_descendants(session, unit)
    managers = session.scalar(
        select(func.count()).select_from(Manager).where(Manager.unit_id.in_(ids), IN_TEAM)
    )
    territories = session.scalar(
        select(func.count()).select_from(Territory).where(Territory.unit_id.in_(ids))
    )
    children = list(
        session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id).order_by(OrgUnit.code))
    )
    counts = counts_by_unit(session, [child.id for child in children])
    staff = session.scalars(
        select(UnitStaffCount).where(UnitStaffCount.unit_id == unit.id).order_by(UnitStaffCount.year)
    )
    return UnitSummary(
        unit=unit,
        children=[(child, counts[child.id]) for child in children],
        managers=managers or 0,
        territories=territories or 0,
        staff_years=[StaffYear(row=row, cm_share=cm_share(managers or 0, row.total_staff)) for row in staff],
    )
