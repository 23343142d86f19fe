"""Everything the territory page shows: facts, the staffing need, who works it and how far from the need."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.pages.territories.queries import working_managers
from planner.people.models import Manager
from planner.persistence import get_or_404
from planner.settings.models import Grade
from planner.territories.models import Territory, TerritoryThreshold
from planner.territories.staffing import StaffingNeed, staffing_need, staffing_norms


@dataclass(frozen=True)
class TerritoryPage:
    """The territory page; ``short`` and ``above_need`` are how many CMs are missing or beyond the need."""

    territory: Territory
    need: StaffingNeed
    managers: list[Manager]
    min_grade: Grade | None
    short: int
    above_need: int


def territory_page_data(session: Session, territory_id: int) -> TerritoryPage:
    """Gather the page of ``territory_id`` (raise ``NotFound`` when there is no such territory)."""
    territory = session.scalar(
        select(Territory)
        .where(Territory.id == territory_id)
        .options(selectinload(Territory.thresholds).joinedload(TerritoryThreshold.dimension))
    ) or get_or_404(session, Territory, territory_id)
    min_grade = (
        session.scalar(select(Grade).where(Grade.rank == territory.min_grade_rank))
        if territory.min_grade_rank is not None
        else None
    )
    need = staffing_need(territory, staffing_norms(session))
    managers = working_managers(session, territory)
    return TerritoryPage(
        territory=territory,
        need=need,
        managers=managers,
        min_grade=min_grade,
        short=max(0, need.count - len(managers)),
        above_need=max(0, len(managers) - need.count),
    )
