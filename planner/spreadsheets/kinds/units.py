"""Organisation units with their total staff per year, matched by unit code."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.enums import UnitKind
from planner.messages import N_
from planner.org.models import OrgUnit, UnitStaffCount
from planner.org.services import FIRST_YEAR, LAST_YEAR
from planner.spreadsheets import values as v
from planner.spreadsheets.choices import enum_parser
from planner.spreadsheets.columns import Column
from planner.spreadsheets.kinds.base import Flag, ImportKind, Record, set_changed
from planner.spreadsheets.kinds.lookups import Finder, UnitRef, unit_finder

PARENT_KIND = {UnitKind.BRANCH: UnitKind.BANK, UnitKind.OUTLET: UnitKind.BRANCH}
STAFF = v.integer(0, 1_000_000)
# "2025年员工总数", "员工总数2025", "Total staff 2025", "2025": a year's total staff.
_STAFF_WORDS = (
    "(?:员工总数|员工人数|职工总数|在岗人数|总人数|人数|全员|totalstaff|staff|headcount|employees)?"
)
_YEAR_HEADER = re.compile(rf"^(?:{_STAFF_WORDS}(\d{{4}})年?{_STAFF_WORDS}|(\d{{4}})年?末?{_STAFF_WORDS})$")

COLUMNS = [
    Column(
        "code",
        "机构代码",
        "Unit code",
        v.code(32),
        required=True,
        aliases=("机构编号", "机构号", "代码", "编号", "Code", "Unit ID"),
    ),
    Column("name", "机构名称", "Unit name", v.text(120), required=True, aliases=("名称", "机构", "Name")),
    Column(
        "kind",
        "层级",
        "Level",
        enum_parser(UnitKind),
        required=True,
        choices=UnitKind,
        aliases=("机构层级", "机构类型", "类型", "Kind", "Type", "Unit type"),
    ),
    Column(
        "parent",
        "上级机构",
        "Parent unit",
        v.text(120),
        aliases=("上级机构代码", "上级代码", "所属支行", "上级", "Parent", "Parent code"),
        hint=N_("The code (or the exact name) of the unit above; empty for the bank."),
    ),
    Column("latitude", "纬度", "Latitude", v.number(-90, 90), aliases=("Lat",)),
    Column("longitude", "经度", "Longitude", v.number(-180, 180), aliases=("Lng", "Lon")),
]


def staff_column(year: int) -> Column:
    """Return the column of the total staff in ``year``."""
    return Column(
        f"staff_{year}",
        f"{year}年员工总数",
        f"Total staff {year}",
        STAFF,
        hint=N_("All employees of the unit that year, not only CMs."),
    )


@dataclass
class Context:
    """Units by code or name, who has children, the staff counts, and units the file adds."""

    finder: Finder
    units: dict[str, OrgUnit] = field(default_factory=dict)
    with_children: set[int] = field(default_factory=set)
    staff: dict[tuple[int, int], UnitStaffCount] = field(default_factory=dict)
    new_units: dict[str, OrgUnit] = field(default_factory=dict)
    has_bank: bool = False


class UnitKindImport(ImportKind):
    """Organisation units."""

    name = "units"
    title = N_("Organisation units")
    sheet_zh = "机构"
    sheet_en = "Units"
    columns = COLUMNS
    key_column = "code"
    compared = ["code", "name", "kind", "latitude", "longitude"]

    def match_extra(self, variants: list[str]) -> str | None:
        """Match a year's total-staff header."""
        for variant in variants:
            found = _YEAR_HEADER.match(variant)
            if found:
                year = int(found.group(1) or found.group(2))
                if FIRST_YEAR <= year <= LAST_YEAR:
                    return f"staff_{year}"
        return None

    def extra_parse(self, key: str) -> Column | None:
        """Read a year's total staff."""
        return staff_column(int(key.removeprefix("staff_"))) if key.startswith("staff_") else None

    def load_for_template(self, session: Session) -> Any:
        """Return the years with staff counts (or this and next year)."""
        years = sorted(session.scalars(select(UnitStaffCount.year).distinct()))
        return years or [dt.date.today().year, dt.date.today().year + 1]

    def extra_columns(self, context: Any) -> list[Column]:
        """Return one total-staff column per year."""
        return [staff_column(year) for year in context or []]

    def load(self, session: Session, today: dt.date) -> Context:
        """Read units, their children and staff counts."""
        context = Context(unit_finder(session))
        context.units = {u.code: u for u in session.scalars(select(OrgUnit))}
        context.with_children = set(
            session.scalars(select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None)))
        )
        context.staff = {(s.unit_id, s.year): s for s in session.scalars(select(UnitStaffCount))}
        context.has_bank = bool(session.scalar(select(func.count()).where(OrgUnit.kind == UnitKind.BANK)))
        return context

    def check(self, context: Context, values: Record, flag: Flag) -> Record | None:
        """Check the level, the parent (stored or earlier in the file) and that there is one bank."""
        record = dict(values)
        kind, stored = values["kind"], context.units.get(values["code"])
        parent_text = values.get("parent")
        if kind == UnitKind.BANK:
            if parent_text:
                flag("parent", N_("The bank has no parent unit."))
                return None
            if context.has_bank and (stored is None or stored.kind != UnitKind.BANK):
                flag("kind", N_("There is already a bank; a second one cannot be added."))
                return None
            record["parent_code"] = None
        else:
            parent = context.finder.find(parent_text) if parent_text else None
            if parent is None or parent.kind != PARENT_KIND[kind]:
                flag(
                    "parent",
                    N_("A branch must be placed under the bank.")
                    if kind == UnitKind.BRANCH
                    else N_("An outlet must be placed under a branch."),
                )
                return None
            record["parent_code"] = parent.code
        if stored is not None and stored.kind != kind and stored.id in context.with_children:
            flag("kind", N_("This unit has units under it, so its level cannot change."))
            return None
        return record

    def register(self, context: Context, key: str, record: Record) -> None:
        """Let later rows place units under this one."""
        context.finder.add(
            key, [record["name"]], UnitRef(None, key, record["kind"], None, record["parent_code"])
        )
        if record["kind"] == UnitKind.BANK:
            context.has_bank = True

    def existing(self, context: Context, key: str) -> OrgUnit | None:
        """Return the unit with this code."""
        return context.units.get(key)

    def differs(self, context: Context, record: Record, row: Any) -> bool:
        """Tell whether a fact, the parent or a year's staff count would change."""
        if super().differs(context, record, row):
            return True
        parent = row.parent.code if row.parent is not None else None
        if "parent" in record and parent != record["parent_code"]:
            return True
        return any(
            (s := context.staff.get((row.id, int(k[6:])))) is None or s.total_staff != value
            for k, value in record.items()
            if k.startswith("staff_") and value is not None
        )

    def write(self, session: Session, context: Context, record: Record, row: OrgUnit | None) -> None:
        """Add or change the unit (the parent may be one the file adds) and its staff counts."""
        parent_code = record["parent_code"]
        parent = context.new_units.get(parent_code) or context.units.get(parent_code) if parent_code else None
        if row is None:
            row = OrgUnit(
                code=record["code"],
                name=record["name"],
                kind=record["kind"],
                latitude=record.get("latitude"),
                longitude=record.get("longitude"),
            )
            row.parent = parent
            session.add(row)
            context.new_units[row.code] = row
        else:
            set_changed(row, record, self.compared)
            current = row.parent.code if row.parent is not None else None
            if "parent" in record and current != parent_code:
                row.parent = parent
        for key, total in record.items():
            if not key.startswith("staff_") or total is None:
                continue
            year = int(key[6:])
            stored = context.staff.get((row.id, year)) if row.id else None
            if stored is None:
                row.staff_counts.append(UnitStaffCount(year=year, total_staff=total))
            elif stored.total_staff != total:
                stored.total_staff = total
