"""Read the organisation: the bank, a unit and the units below it, unit choices for forms."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import UnitKind
from planner.org.models import OrgUnit


def find_bank(session: Session) -> OrgUnit | None:
    """Return the bank (总行), the root of the tree."""
    return session.scalar(select(OrgUnit).where(OrgUnit.kind == UnitKind.BANK).order_by(OrgUnit.id).limit(1))


def unit_and_descendants(session: Session, unit: OrgUnit) -> list[int]:
    """Return the ids of ``unit`` and every unit below it (the tree is at most three levels deep)."""
    ids = [unit.id]
    frontier = [unit.id]
    while frontier:
        frontier = list(session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id.in_(frontier))))
        ids.extend(frontier)
    return ids


def unit_choices(session: Session, kinds: Iterable[UnitKind]) -> list[tuple[int, str]]:
    """Return (id, "code name") of the units of ``kinds``, for select fields."""
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name)
        .where(OrgUnit.kind.in_(list(kinds)))
        .order_by(OrgUnit.code)
    )
    return [(row.id, f"{row.code} {row.name}") for row in rows]
