"""Creating, changing and deleting CMs, and moving them between territories."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import Education, Gender, ManagerStatus, Segment, TitleLevel, UnitKind
from planner.errors import InvalidInput
from planner.messages import N_
from planner.org.models import OrgUnit
from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
from planner.people.qualification import add_years
from planner.persistence import delete_row
from planner.settings.models import Grade
from planner.territories.models import Territory

MIN_AGE = 18
MAX_AGE = 65


@dataclass
class ManagerData:
    """The editable facts of a CM, as a form or an import delivers them."""

    employee_no: str
    name: str
    gender: Gender
    birth_date: date
    bank_hire_date: date
    cm_since: date
    grade_id: int
    segment: Segment
    unit_id: int
    education: Education
    title_level: TitleLevel = TitleLevel.NONE
    qualification_passed_on: date | None = None
    credit_record_clean: bool = True
    has_disciplinary_record: bool = False
    status: ManagerStatus = ManagerStatus.ACTIVE
    home_latitude: float | None = None
    home_longitude: float | None = None
    territory_id: int | None = None
    # The day the CM starts in ``territory_id`` when it is new or changed.
    territory_since: date | None = None


# Columns copied as they are from ManagerData onto Manager (the territory goes through move_to_territory).
_PLAIN_FIELDS = [f.name for f in fields(ManagerData) if f.name not in ("territory_id", "territory_since")]


def age_on(birth_date: date, day: date) -> int:
    """Return the age in whole years on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_manager(session: Session, data: ManagerData, today: date, manager: Manager | None = None) -> None:
    """Refuse ``data`` with ``InvalidInput`` naming the first field that breaks a rule."""
    data.employee_no = data.employee_no.strip()
    data.name = data.name.strip()
    if not data.employee_no:
        raise InvalidInput("employee_no", N_("An employee number is required."))
    taken = session.scalar(select(Manager.id).where(Manager.employee_no == data.employee_no))
    if taken is not None and (manager is None or taken != manager.id):
        raise InvalidInput("employee_no", N_("Another CM already has this employee number."))
    if not data.name:
        raise InvalidInput("name", N_("The full name is required."))
    if not MIN_AGE <= age_on(data.birth_date, today) <= MAX_AGE:
        raise InvalidInput(
            "birth_date", N_("A CM must be %(low)d to %(high)d years old.", low=MIN_AGE, high=MAX_AGE)
        )
    if data.bank_hire_date < add_years(data.birth_date, MIN_AGE):
        raise InvalidInput("bank_hire_date", N_("The bank hire date must be on or after the 18th birthday."))
    if data.bank_hire_date > today:
        raise InvalidInput("bank_hire_date", N_("The bank hire date cannot be in the future."))
    if data.cm_since < data.bank_hire_date:
        raise InvalidInput("cm_since", N_("A CM cannot start before joining the bank."))
    if data.cm_since > today:
        raise InvalidInput("cm_since", N_("The CM start date cannot be in the future."))
    if data.qualification_passed_on is not None and data.qualification_passed_on > today:
        raise InvalidInput("qualification_passed_on", N_("The qualification date cannot be in the future."))
    if session.get(Grade, data.grade_id) is None:
        raise InvalidInput("grade_id", N_("Choose a grade."))
    unit = session.get(OrgUnit, data.unit_id)
    if unit is None or unit.kind not in (UnitKind.BRANCH, UnitKind.OUTLET):
        raise InvalidInput("unit_id", N_("A CM belongs to a branch or an outlet."))
    if data.territory_id is not None:
        _check_territory(session, data, unit)


def _check_territory(session: Session, data: ManagerData, unit: OrgUnit) -> None:
    territory = session.get(Territory, data.territory_id)
    if territory is None:
        raise InvalidInput("territory_id", N_("This territory does not exist."))
    if territory.unit_id != unit.id and territory.unit.parent_id != unit.id:
        raise InvalidInput(
            "territory_id", N_("The territory must belong to the CM's unit or to an outlet under it.")
        )
    if territory.segment != data.segment:
        raise InvalidInput("territory_id", N_("The territory serves another segment than the CM."))


def move_to_territory(session: Session, manager: Manager, territory: Territory | None, on_date: date) -> None:
    """Close the CM's open territory period on ``on_date`` and open one in ``territory`` (none: unassigned).

    Nothing changes when the territory stays the same, so the history only records real moves.
    """
    current_id = manager.territory_id
    if (territory.id if territory else None) == current_id:
        return
    open_periods = session.scalars(
        select(TerritoryAssignment).where(
            TerritoryAssignment.manager_id == manager.id, TerritoryAssignment.ended_on.is_(None)
        )
    ).all()
    for period in open_periods:
        if on_date < period.started_on:
            raise InvalidInput(
                "territory_since",
                N_(
                    "The move cannot be dated before the current territory period began (%(day)s).",
                    day=period.started_on.isoformat(),
                ),
            )
        period.ended_on = on_date
    manager.territory = territory
    manager.territory_since = on_date if territory else None
    if territory is not None:
        session.add(
            TerritoryAssignment(manager=manager, territory=territory, started_on=on_date, ended_on=None)
        )
    session.flush()


def create_manager(session: Session, data: ManagerData, today: date) -> Manager:
    """Add a CM after checking every rule; a territory opens the first history period."""
    check_manager(session, data, today)
    manager = Manager(**{name: getattr(data, name) for name in _PLAIN_FIELDS})
    session.add(manager)
    session.flush()
    if data.territory_id is not None:
        move_to_territory(
            session, manager, session.get(Territory, data.territory_id), data.territory_since or today
        )
    return manager


def update_manager(session: Session, manager: Manager, data: ManagerData, today: date) -> Manager:
    """Change a CM's facts after checking every rule; a new territory is a move on ``territory_since``."""
    check_manager(session, data, today, manager)
    for name in _PLAIN_FIELDS:
        setattr(manager, name, getattr(data, name))
    territory = session.get(Territory, data.territory_id) if data.territory_id is not None else None
    move_to_territory(session, manager, territory, data.territory_since or today)
    session.flush()
    return manager


def delete_manager(session: Session, manager: Manager) -> None:
    """Delete a CM with their territory history, avoidance links, assessments and reviews.

    The rows are deleted through the session (not left to the database's cascade) so the audit log keeps them;
    assessments and reviews follow by the delete cascade their own models declare on ``Manager``.
    """
    dependents = [
        *session.scalars(
            select(AvoidanceLink).where(
                (AvoidanceLink.manager_a_id == manager.id) | (AvoidanceLink.manager_b_id == manager.id)
            )
        ),
    ]
    for row in dependents:
        session.delete(row)
    # Records of other features that must keep the CM (restricting foreign keys) refuse the delete here.
    delete_row(session, manager, N_("CM %(name)s", name=manager.name))
