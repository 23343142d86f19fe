"""The territory pages' read side: the list with the CMs working each territory and its need; its CMs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from planner.org.models import OrgUnit
from planner.people.models import Manager
from planner.persistence import Page
from planner.territories.models import Territory
from planner.territories.services import TerritoryFilters
from planner.territories.staffing import WORKING_STATUSES, StaffingNorms, staffing_need_expression


@dataclass(frozen=True)
class TerritoryRow:
    """A territory in the list with the number of CMs working it and its staffing need."""

    territory: Territory
    working: int
    need: int


def working_counts_subquery() -> Any:
    """Return a grouped subquery (territory_id, working) counting CMs who work each territory now."""
    return (
        select(Manager.territory_id.label("territory_id"), func.count().label("working"))
        .where(Manager.territory_id.is_not(None), Manager.status.in_(WORKING_STATUSES))
        .group_by(Manager.territory_id)
        .subquery("working_counts")
    )


def search_territories(filters: TerritoryFilters, norms: StaffingNorms) -> Select[Any]:
    """Return the query of (Territory, working CMs, staffing need) rows matching ``filters``, by code."""
    counts = working_counts_subquery()
    working = func.coalesce(counts.c.working, 0)
    need = staffing_need_expression(norms)
    stmt = (
        select(Territory, working.label("working"), need.label("need"))
        .outerjoin(counts, counts.c.territory_id == Territory.id)
        .options(joinedload(Territory.unit).joinedload(OrgUnit.parent))
        .order_by(Territory.code, Territory.id)
    )
    if filters.branch_id is not None:
        units = select(OrgUnit.id).where(
            or_(OrgUnit.id == filters.branch_id, OrgUnit.parent_id == filters.branch_id)
        )
        stmt = stmt.where(Territory.unit_id.in_(units))
    if filters.outlet_id is not None:
        stmt = stmt.where(Territory.unit_id == filters.outlet_id)
    if filters.segment is not None:
        stmt = stmt.where(Territory.segment == filters.segment)
    if filters.search.strip():
        pattern = f"%{filters.search.strip()}%"
        stmt = stmt.where(or_(Territory.code.ilike(pattern), Territory.name.ilike(pattern)))
    if filters.understaffed_only:
        stmt = stmt.where(working < need)
    return stmt


def territory_page(
    session: Session, filters: TerritoryFilters, norms: StaffingNorms, page: int, per_page: int
) -> Page[TerritoryRow]:
    """Return one page of the territory list with the CMs working each territory and its need."""
    stmt = search_territories(filters, norms)
    page = max(1, page)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all()
    items = [TerritoryRow(territory=row[0], working=row.working, need=row.need) for row in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


def working_managers(session: Session, territory: Territory) -> list[Manager]:
    """Return the CMs who work ``territory`` now (active or on probation), by name."""
    return list(
        session.scalars(
            select(Manager)
            .where(Manager.territory_id == territory.id, Manager.status.in_(WORKING_STATUSES))
            .options(joinedload(Manager.grade))
            .order_by(Manager.name, Manager.id)
        )
    )
