"""Finding the units, territories and grades a workbook refers to, by code or by name, in one query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import UnitKind
from planner.org.models import OrgUnit
from planner.people.models import Grade
from planner.spreadsheets.text import normalise_header
from planner.territories.models import Territory


@dataclass(frozen=True)
class UnitRef:
    """What the checks need to know about a unit."""

    id: int | None
    code: str
    kind: UnitKind
    parent_id: int | None
    parent_code: str | None


@dataclass
class Finder:
    """Rows found by code first, then by a unique folded name (names two rows share find nothing)."""

    by_code: dict[str, Any] = field(default_factory=dict)
    by_name: dict[str, Any] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)

    def add(self, code: str, names: list[str], row: Any) -> None:
        """Make ``row`` findable by ``code`` and by each of ``names``."""
        self.by_code[code] = row
        for name in names:
            folded = normalise_header(name)
            if not folded:
                continue
            if folded in self.by_name and self.by_name[folded] is not row:
                self.ambiguous.add(folded)
            self.by_name[folded] = row

    def find(self, text: str) -> Any:
        """Return the row with code ``text``, else the one row with that name, else None."""
        if text in self.by_code:
            return self.by_code[text]
        folded = normalise_header(text)
        if folded in self.ambiguous:
            return None
        return self.by_name.get(folded) or self.by_code.get(text.upper())


def unit_finder(session: Session) -> Finder:
    """Return every unit, findable by code or name."""
    finder = Finder()
    parents: dict[int, str] = {}
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id)
    ).all()
    codes = {row.id: row.code for row in rows}
    for row in rows:
        parents[row.id] = codes.get(row.parent_id, "") if row.parent_id else ""
        ref = UnitRef(row.id, row.code, row.kind, row.parent_id, parents[row.id] or None)
        finder.add(row.code, [row.name], ref)
    return finder


@dataclass(frozen=True)
class TerritoryRef:
    """What the checks need to know about a territory."""

    id: int
    code: str
    unit_id: int
    unit_parent_id: int | None
    segment: Any


def territory_finder(session: Session) -> Finder:
    """Return every territory, findable by code or name."""
    finder = Finder()
    stmt = select(
        Territory.id, Territory.code, Territory.name, Territory.unit_id, Territory.segment, OrgUnit.parent_id
    ).join(OrgUnit, OrgUnit.id == Territory.unit_id)
    for row in session.execute(stmt):
        finder.add(
            row.code, [row.name], TerritoryRef(row.id, row.code, row.unit_id, row.parent_id, row.segment)
        )
    return finder


def grade_finder(session: Session) -> Finder:
    """Return the grade ladder, findable by code, either name, or the name as a title (高级客户经理)."""
    finder = Finder()
    for grade in session.scalars(select(Grade).order_by(Grade.rank)):
        names = [
            grade.name_zh,
            grade.name_en,
            f"{grade.name_zh}客户经理",
            f"{grade.name_en} customer manager",
            f"{grade.name_en} CM",
            f"{grade.name_en} relationship manager",
        ]
        finder.add(grade.code, names, grade)
        finder.by_name.setdefault(normalise_header(grade.code), grade)
    return finder
