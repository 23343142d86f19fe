"""Everything the CM page shows, gathered in a few queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from planner.assessments.profile import CompetencyProfile, competency_profile
from planner.competency.services import active_framework
from planner.enums import AvoidanceRelation
from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
from planner.people.qualification import QualificationState, expires_on, qualification_state
from planner.people.rotation import rotation_due
from planner.people.rotation import years_in_territory as years_in_territory_exact
from planner.performance.models import PerformanceReview
from planner.persistence import get_or_404
from planner.settings.services import get_setting


@dataclass(frozen=True)
class AvoidanceEntry:
    """One avoidance link seen from the CM whose page it is."""

    link_id: int
    other: Manager
    relation: AvoidanceRelation


@dataclass(frozen=True)
class ManagerPage:
    """The CM page: facts, qualification, territory history, competency profile, reviews and links."""

    manager: Manager
    age: int
    qualification: QualificationState
    qualification_expires_on: date | None
    years_in_territory: int | None
    due_for_rotation: bool
    # Newest first.
    territory_history: list[TerritoryAssignment]
    profile: CompetencyProfile | None
    # Oldest period first, as the chart reads left to right.
    reviews: list[PerformanceReview]
    avoidance: list[AvoidanceEntry]


def whole_years(start: date, end: date) -> int:
    """Return whole years from ``start`` to ``end``."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def manager_page_data(session: Session, manager_id: int, today: date | None = None) -> ManagerPage:
    """Gather the CM page of ``manager_id`` (raise ``NotFound`` when there is no such CM)."""
    today = today or date.today()
    manager = session.scalar(
        select(Manager)
        .where(Manager.id == manager_id)
        .options(
            joinedload(Manager.grade),
            joinedload(Manager.unit),
            joinedload(Manager.territory),
            selectinload(Manager.assignments).joinedload(TerritoryAssignment.territory),
        )
    )
    if manager is None:
        get_or_404(session, Manager, manager_id)  # raises NotFound with the usual message
    assert manager is not None

    validity_years = int(get_setting(session, "qualification_validity_years"))
    warning_days = int(get_setting(session, "qualification_warning_days"))
    passed_on = manager.qualification_passed_on

    years_in_territory = (
        whole_years(manager.territory_since, today)
        if manager.territory_id is not None and manager.territory_since
        else None
    )
    history = sorted(manager.assignments, key=lambda a: (a.started_on, a.id), reverse=True)

    framework = active_framework(session)
    profile = competency_profile(session, framework, manager_id=manager.id) if framework else None

    reviews = list(
        session.scalars(
            select(PerformanceReview)
            .where(PerformanceReview.manager_id == manager.id)
            .options(joinedload(PerformanceReview.scheme))
            .order_by(PerformanceReview.period, PerformanceReview.id)
        )
    )

    links = session.scalars(
        select(AvoidanceLink)
        .where(or_(AvoidanceLink.manager_a_id == manager.id, AvoidanceLink.manager_b_id == manager.id))
        .options(joinedload(AvoidanceLink.manager_a), joinedload(AvoidanceLink.manager_b))
        .order_by(AvoidanceLink.id)
    )
    avoidance = [
        AvoidanceEntry(
            link.id, link.manager_b if link.manager_a_id == manager.id else link.manager_a, link.relation
        )
        for link in links
    ]

    return ManagerPage(
        manager=manager,
        age=whole_years(manager.birth_date, today),
        qualification=qualification_state(passed_on, today, validity_years, warning_days),
        qualification_expires_on=expires_on(passed_on, validity_years) if passed_on else None,
        years_in_territory=years_in_territory,
        due_for_rotation=manager.territory_id is not None
        and manager.territory_since is not None
        and rotation_due(
            years_in_territory_exact(manager.territory_since, today),
            float(get_setting(session, "rotation_years")),
        ),
        territory_history=history,
        profile=profile,
        reviews=reviews,
        avoidance=avoidance,
    )
