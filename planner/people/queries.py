"""Finding CMs for the list page: filters, search and the qualification state as date comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload

from planner.enums import ManagerStatus, Segment
from planner.org.models import OrgUnit
from planner.people.models import Manager
from planner.people.qualification import QualificationState, earliest_pass_expiring_on_or_after
from planner.search import clean_term, contains, starts_with


@dataclass(frozen=True)
class ManagerFilters:
    """What the list page may filter on; ``None`` or an empty string means "any"."""

    branch_id: int | None = None
    outlet_id: int | None = None
    segment: Segment | None = None
    grade_id: int | None = None
    status: ManagerStatus | None = None
    qualification: QualificationState | None = None
    # Matches the start of the employee number or any part of the name.
    search: str = ""
    validity_years: int = 2
    warning_days: int = 90


def qualification_condition(
    state: QualificationState, today: date, validity_years: int, warning_days: int
) -> ColumnElement[bool]:
    """Return the SQL condition selecting CMs whose qualification is in ``state`` on ``today``."""
    passed_on = Manager.qualification_passed_on
    # Pass dates from this one on are still valid today; from the second on, beyond the warning window.
    valid_today = earliest_pass_expiring_on_or_after(today, validity_years)
    valid_after_warning = earliest_pass_expiring_on_or_after(
        today + timedelta(days=warning_days + 1), validity_years
    )
    if state is QualificationState.NONE:
        return passed_on.is_(None)
    if state is QualificationState.EXPIRED:
        return passed_on < valid_today
    if state is QualificationState.EXPIRING:
        return and_(passed_on >= valid_today, passed_on < valid_after_warning)
    return passed_on >= valid_after_warning


def search_managers(session: Session, filters: ManagerFilters, today: date) -> Select[Manager]:
    """Return the query of CMs matching ``filters``, sorted by employee number, grade/unit/territory loaded.

    ``session`` is not needed to build the query; it is taken so every search service reads the same.
    """
    stmt = select(Manager).options(
        joinedload(Manager.grade), joinedload(Manager.unit), joinedload(Manager.territory)
    )
    if filters.outlet_id:
        stmt = stmt.where(Manager.unit_id == filters.outlet_id)
    if filters.branch_id:
        branch_and_outlets = select(OrgUnit.id).where(
            or_(OrgUnit.id == filters.branch_id, OrgUnit.parent_id == filters.branch_id)
        )
        stmt = stmt.where(Manager.unit_id.in_(branch_and_outlets))
    if filters.segment:
        stmt = stmt.where(Manager.segment == filters.segment)
    if filters.grade_id:
        stmt = stmt.where(Manager.grade_id == filters.grade_id)
    if filters.status:
        stmt = stmt.where(Manager.status == filters.status)
    if filters.qualification:
        stmt = stmt.where(
            qualification_condition(
                filters.qualification, today, filters.validity_years, filters.warning_days
            )
        )
    text = clean_term(filters.search)
    if text:
        stmt = stmt.where(or_(starts_with(Manager.employee_no, text), contains(Manager.name, text)))
    return stmt.order_by(Manager.employee_no)
