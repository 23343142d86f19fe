"""Create, change and delete organisation units (总行 → 支行 → 网点) and their yearly staff totals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from planner.enums import UnitKind
from planner.errors import InvalidInput, StillReferenced
from planner.messages import N_
from planner.org.models import OrgUnit, UnitStaffCount
from planner.persistence import count_referring, delete_row

# The level of a unit's parent: the bank has none, a branch hangs under the bank, an outlet under a branch.
PARENT_KIND = {UnitKind.BANK: None, UnitKind.BRANCH: UnitKind.BANK, UnitKind.OUTLET: UnitKind.BRANCH}
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class UnitData:
    """The editable facts of a unit."""

    code: str
    name: str
    kind: UnitKind
    parent_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def check_code(session: Session, code: str, unit: OrgUnit | None = None) -> None:
    """Refuse a code another unit already has."""
    stmt = select(OrgUnit.id).where(OrgUnit.code == code)
    if unit is not None and unit.id is not None:
        stmt = stmt.where(OrgUnit.id != unit.id)
    if session.scalar(stmt) is not None:
        raise InvalidInput("code", N_("Another unit already has the code %(code)s.", code=code))


def check_placement(
    session: Session, kind: UnitKind, parent_id: int | None, unit: OrgUnit | None = None
) -> None:
    """Refuse a parent of the wrong level, a second bank, or a change of level that would strand children."""
    if kind == UnitKind.BANK:
        other_bank = select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BANK)
        if unit is not None and unit.id is not None:
            other_bank = other_bank.where(OrgUnit.id != unit.id)
        if session.scalar(other_bank) is not None:
            raise InvalidInput("kind", N_("There is already a bank; a second one cannot be added."))
        if parent_id is not None:
            raise InvalidInput("parent_id", N_("The bank has no parent unit."))
    else:
        parent = session.get(OrgUnit, parent_id) if parent_id is not None else None
        wanted = PARENT_KIND[kind]
        if parent is None or parent.kind != wanted:
            message = (
                N_("A branch must be placed under the bank.")
                if kind == UnitKind.BRANCH
                else N_("An outlet must be placed under a branch.")
            )
            raise InvalidInput("parent_id", message)
    if unit is not None and unit.id is not None and kind != unit.kind:
        has_children = session.scalar(select(OrgUnit.id).where(OrgUnit.parent_id == unit.id).limit(1))
        if has_children is not None:
            raise InvalidInput("kind", N_("This unit has units under it, so its level cannot change."))


def check_location(latitude: float | None, longitude: float | None) -> None:
    """Refuse coordinates outside the globe."""
    if latitude is not None and not -90 <= latitude <= 90:
        raise InvalidInput("latitude", N_("Latitude must be between -90 and 90."))
    if longitude is not None and not -180 <= longitude <= 180:
        raise InvalidInput("longitude", N_("Longitude must be between -180 and 180."))


def _validate(session: Session, data: UnitData, unit: OrgUnit | None) -> None:
    check_code(session, data.code, unit)
    check_placement(session, data.kind, data.parent_id, unit)
    check_location(data.latitude, data.longitude)


def create_unit(session: Session, data: UnitData) -> OrgUnit:
    """Add a unit after checking its code, level, parent and location."""
    _validate(session, data, None)
    unit = OrgUnit(
        code=data.code,
        name=data.name,
        kind=data.kind,
        parent_id=data.parent_id,
        latitude=data.latitude,
        longitude=data.longitude,
    )
    session.add(unit)
    session.flush()
    return unit


def update_unit(session: Session, unit: OrgUnit, data: UnitData) -> OrgUnit:
    """Change a unit's facts under the same rules as a new one."""
    if data.parent_id is not None and data.parent_id == unit.id:
        raise InvalidInput("parent_id", N_("A unit cannot be its own parent."))
    _validate(session, data, unit)
    unit.code, unit.name, unit.kind = data.code, data.name, data.kind
    unit.parent_id = data.parent_id
    unit.latitude, unit.longitude = data.latitude, data.longitude
    session.flush()
    return unit


def references_to_unit(session: Session, unit: OrgUnit) -> dict[str, int]:
    """Count the records that still point at ``unit``: sub-units, territories, CMs and staff totals."""

    def count(column: InstrumentedAttribute[int | None] | InstrumentedAttribute[int]) -> int:
        return session.scalar(select(func.count()).where(column == unit.id)) or 0

    return {
        "children": count(OrgUnit.parent_id),
        "territories": count_referring(session, "territory", "unit_id", [unit.id]),
        "managers": count_referring(session, "manager", "unit_id", [unit.id]),
        "staff_counts": count(UnitStaffCount.unit_id),
    }


def delete_unit(session: Session, unit: OrgUnit) -> None:
    """Delete a unit nothing refers to; otherwise say what still refers to it."""
    references = references_to_unit(session, unit)
    # One form per message with the count in brackets: the translation pipeline keeps one form per message.
    labels = {
        "children": N_("units under it (%(num)d)"),
        "territories": N_("territories (%(num)d)"),
        "managers": N_("customer managers (%(num)d)"),
        "staff_counts": N_("yearly staff totals (%(num)d)"),
    }
    still = [N_(labels[key], num=n) for key, n in references.items() if n]
    if still:
        raise StillReferenced(
            "org_unit",
            N_(
                "%(unit)s cannot be deleted: it is still referred to by %(what)s.",
                unit=f"{unit.code} {unit.name}",
                what=still,
            ),
        )
    delete_row(session, unit, f"{unit.code} {unit.name}")


def check_staff_count(
    session: Session, unit: OrgUnit, year: int, total: int, row: UnitStaffCount | None = None
) -> None:
    """Refuse a year outside 2000–2100, a negative total, or a second row for the same year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput("year", N_("The year must be between 2000 and 2100."))
    if total < 0:
        raise InvalidInput("total_staff", N_("The total staff cannot be negative."))
    stmt = select(UnitStaffCount.id).where(UnitStaffCount.unit_id == unit.id, UnitStaffCount.year == year)
    if row is not None and row.id is not None:
        stmt = stmt.where(UnitStaffCount.id != row.id)
    if session.scalar(stmt) is not None:
        raise InvalidInput(
            "year", N_("The total for %(year)d is already recorded; change it instead.", year=year)
        )


def add_staff_count(session: Session, unit: OrgUnit, year: int, total: int) -> UnitStaffCount:
    """Record the unit's total staff in ``year``."""
    check_staff_count(session, unit, year, total)
    row = UnitStaffCount(unit_id=unit.id, year=year, total_staff=total)
    session.add(row)
    session.flush()
    return row


def update_staff_count(session: Session, row: UnitStaffCount, year: int, total: int) -> UnitStaffCount:
    """Change one year's total staff."""
    check_staff_count(session, row.unit, year, total, row)
    row.year, row.total_staff = year, total
    session.flush()
    return row


def delete_staff_count(session: Session, row: UnitStaffCount) -> None:
    """Remove one year's total staff."""
    session.delete(row)
    session.flush()
