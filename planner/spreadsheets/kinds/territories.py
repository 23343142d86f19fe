"""Territories (片区 / 网格) with their workload, matched by territory code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import Segment
from planner.messages import N_
from planner.spreadsheets import values as v
from planner.spreadsheets.choices import enum_parser
from planner.spreadsheets.columns import Column
from planner.spreadsheets.kinds.base import Flag, ImportKind, Record, set_changed
from planner.spreadsheets.kinds.lookups import Finder, grade_finder, unit_finder
from planner.spreadsheets.kinds.thresholds import PREFIX, dimensions, threshold_column, threshold_matcher
from planner.territories.models import Territory, TerritoryThreshold

COUNT = v.integer(0, 10_000_000)
BALANCE = v.decimal(0, 999_999_999_999, places=2)
SCORE = v.number(0, 100)

COLUMNS = [
    Column(
        "code",
        "片区代码",
        "Territory code",
        v.code(32),
        required=True,
        aliases=("片区编号", "网格编号", "网格代码", "编号", "代码", "Code", "Grid code", "Territory ID"),
    ),
    Column(
        "name",
        "片区名称",
        "Territory name",
        v.text(120),
        required=True,
        aliases=("片区", "网格名称", "名称", "Name", "Grid name"),
    ),
    Column(
        "unit",
        "所属机构",
        "Unit",
        v.text(120),
        required=True,
        aliases=("机构代码", "所属网点", "所属支行", "网点", "Unit code", "Outlet", "Branch"),
        hint=N_("The code (or the exact name) of the branch or outlet."),
    ),
    Column(
        "segment",
        "条线",
        "Segment",
        enum_parser(Segment),
        required=True,
        choices=Segment,
        aliases=("业务条线", "客户类型", "Business line", "Customer segment"),
    ),
    Column("households", "户数", "Households", COUNT, aliases=("农户数", "家庭户数", "管户数")),
    Column("customers", "客户数", "Customers", COUNT, aliases=("客户数量", "Customer count")),
    Column("villages", "行政村数", "Villages", COUNT, aliases=("村数", "村庄数", "Village count")),
    Column(
        "loan_balance",
        "贷款余额(万元)",
        "Loan balance (10k yuan)",
        BALANCE,
        aliases=("贷款余额", "各项贷款", "Loans", "Loan balance"),
    ),
    Column(
        "deposit_balance",
        "存款余额(万元)",
        "Deposit balance (10k yuan)",
        BALANCE,
        aliases=("存款余额", "各项存款", "Deposits", "Deposit balance"),
    ),
    Column("latitude", "纬度", "Latitude", v.number(-90, 90), aliases=("Lat",)),
    Column("longitude", "经度", "Longitude", v.number(-180, 180), aliases=("Lng", "Lon")),
    Column(
        "staffing_need_override",
        "核定人数",
        "Staffing need",
        v.integer(0, 1000),
        aliases=("定员", "人员需求", "需配客户经理数", "Staffing need override", "Need"),
    ),
    Column(
        "min_grade",
        "最低等级",
        "Minimum grade",
        v.text(60),
        aliases=("等级要求", "最低客户经理等级", "Min grade", "Grade required"),
    ),
]
PLAIN = [
    "code",
    "name",
    "unit_id",
    "segment",
    "households",
    "customers",
    "villages",
    "loan_balance",
    "deposit_balance",
    "latitude",
    "longitude",
    "staffing_need_override",
    "min_grade_rank",
]
DEFAULTS: dict[str, Any] = {
    "households": 0,
    "customers": 0,
    "villages": 0,
    "loan_balance": 0,
    "deposit_balance": 0,
}


@dataclass
class Context:
    """Units, the grade ladder and the stored territories by code."""

    units: Finder
    grades: Finder
    territories: dict[str, Territory] = field(default_factory=dict)


class TerritoryKind(ImportKind):
    """Territories."""

    name = "territories"
    title = N_("Territories")
    sheet_zh = "片区"
    sheet_en = "Territories"
    columns = COLUMNS
    key_column = "code"
    compared = PLAIN

    def extra_matcher(self, session: Session) -> Callable[[list[str]], str | None]:
        """Match a threshold column of any competency dimension."""
        return threshold_matcher(session)

    def extra_parse(self, key: str) -> Column | None:
        """Read a minimum score."""
        return Column(key, key, key, SCORE) if key.startswith(PREFIX) else None

    def load_for_template(self, session: Session) -> Any:
        """Return the active model's dimensions (the template offers a threshold column for each)."""
        return [d for d in dimensions(session) if d.group.framework.is_active]

    def extra_columns(self, context: Any) -> list[Column]:
        """Return one threshold column per dimension."""
        return [threshold_column(dimension) for dimension in context or []]

    def load(self, session: Session, today: dt.date) -> Context:
        """Read units, grades and territories in three queries."""
        return Context(
            unit_finder(session),
            grade_finder(session),
            {t.code: t for t in session.scalars(select(Territory))},
        )

    def check(self, context: Context, values: Record, flag: Flag) -> Record | None:
        """Resolve the unit and the minimum grade."""
        record = {k: val for k, val in values.items() if k not in ("unit", "min_grade")}
        unit = context.units.find(values["unit"])
        if unit is None:
            flag("unit", N_("No unit has this code or name."))
            return None
        record["unit_id"] = unit.id
        if "min_grade" in values:
            grade = context.grades.find(values["min_grade"]) if values["min_grade"] else None
            if values["min_grade"] and grade is None:
                flag("min_grade", N_("No grade on the ladder is called this."))
                return None
            record["min_grade_rank"] = grade.rank if grade else None
        for name, default in DEFAULTS.items():
            if name in record and record[name] is None:
                record[name] = default
        return record

    def existing(self, context: Context, key: str) -> Territory | None:
        """Return the territory with this code."""
        return context.territories.get(key)

    def differs(self, context: Context, record: Record, row: Any) -> bool:
        """Tell whether a fact or a threshold of a column the file has would change."""
        if super().differs(context, record, row):
            return True
        stored = {t.dimension_id: t.min_score for t in row.thresholds}
        return any(
            stored.get(int(k[len(PREFIX) :])) != val for k, val in record.items() if k.startswith(PREFIX)
        )

    def write(self, session: Session, context: Context, record: Record, row: Territory | None) -> None:
        """Add or change the territory and the thresholds of the columns the file has (empty: none)."""
        if row is None:
            full = {**DEFAULTS, **record}
            row = Territory(**{name: full.get(name) for name in PLAIN})
            session.add(row)
        else:
            set_changed(row, record, PLAIN)
        stored = {t.dimension_id: t for t in row.thresholds}
        for key, score in record.items():
            if not key.startswith(PREFIX):
                continue
            dimension_id = int(key[len(PREFIX) :])
            threshold = stored.get(dimension_id)
            if score is None and threshold is not None:
                row.thresholds.remove(threshold)
            elif score is not None and threshold is None:
                row.thresholds.append(TerritoryThreshold(dimension_id=dimension_id, min_score=score))
            elif threshold is not None and threshold.min_score != score:
                threshold.min_score = score
