"""Reading the audit log: filtered, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from planner.audit.models import AuditEntry
from planner.auth.models import User
from planner.db import Base
from planner.enums import AuditAction
from planner.messages import N_

# Entries written by bulk loaders rather than by a table's flush hook.
EXTRA_ENTITIES = ("demo", "import")
# What planners call the records of each table; tables not listed show their own name.
ENTITY_LABELS = {
    "app_user": N_("User"),
    "assessment": N_("Competency assessment"),
    "avoidance_link": N_("Avoidance link"),
    "candidate": N_("Candidate"),
    "candidate_preference": N_("Candidate preference"),
    "candidate_status_change": N_("Candidate status change"),
    "competency_dimension": N_("Competency dimension"),
    "competency_framework": N_("Competency framework"),
    "competency_group": N_("Competency group"),
    "demo": N_("Demo data"),
    "import": N_("Spreadsheet import"),
    "grade": N_("Grade"),
    "indicator_value": N_("Indicator value"),
    "kpi_indicator": N_("KPI indicator"),
    "kpi_scheme": N_("KPI scheme"),
    "manager": N_("Customer manager"),
    "org_unit": N_("Organisation unit"),
    "performance_review": N_("Performance review"),
    "setting": N_("Setting"),
    "territory": N_("Territory"),
    "territory_assignment": N_("Territory assignment"),
    "territory_threshold": N_("Territory threshold"),
    "unit_staff_count": N_("Total staff"),
}


def entity_label(entity: str) -> str:
    """Return the readable name of an audited table."""
    return ENTITY_LABELS.get(entity, entity)


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log list is narrowed to; ``None`` means no restriction."""

    entity: str | None = None
    entity_id: str | None = None
    action: AuditAction | None = None
    user_id: int | None = None
    # Inclusive calendar days in ``timezone`` (the users work on Beijing time).
    date_from: date | None = None
    date_to: date | None = None
    timezone: tzinfo = UTC
    # Only the row changes recorded under this entry (an import's).
    parent_id: int | None = None


def entity_names() -> list[str]:
    """Return the names of the tables (and loaders) that can appear in the audit log."""
    tables = {name for name in Base.metadata.tables if name != AuditEntry.__tablename__}
    return sorted(tables | set(EXTRA_ENTITIES))


def _start_of_day(day: date, timezone: tzinfo) -> datetime:
    # In UTC: SQLite stores times without their zone, so the bound must be in the zone they were written in.
    return datetime.combine(day, time.min, timezone).astimezone(UTC)


def search_entries(filters: AuditFilters) -> Select[AuditEntry]:
    """Return the query of entries matching ``filters``, newest first."""
    stmt = select(AuditEntry)
    if filters.entity:
        stmt = stmt.where(AuditEntry.entity == filters.entity)
        if filters.entity_id:
            stmt = stmt.where(AuditEntry.entity_id == filters.entity_id)
    if filters.action is not None:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.parent_id is not None:
        stmt = stmt.where(AuditEntry.parent_id == filters.parent_id)
    if filters.user_id is not None:
        stmt = stmt.where(AuditEntry.user_id == filters.user_id)
    if filters.date_from is not None:
        stmt = stmt.where(AuditEntry.at >= _start_of_day(filters.date_from, filters.timezone))
    if filters.date_to is not None:
        stmt = stmt.where(
            AuditEntry.at < _start_of_day(filters.date_to + timedelta(days=1), filters.timezone)
        )
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def users_by_id(session: Session, ids: set[int]) -> dict[int, User]:
    """Return the users with ``ids`` in one query (the list shows who made each change)."""
    if not ids:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}


def all_users(session: Session) -> list[User]:
    """Return every user, by username, for the filter."""
    return list(session.scalars(select(User).order_by(User.username)))
