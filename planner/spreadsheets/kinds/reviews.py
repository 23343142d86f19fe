"""Performance reviews with one column per indicator, matched by employee number, scheme and period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.messages import N_
from planner.people.models import Manager
from planner.performance.models import IndicatorValue, KpiIndicator, KpiScheme, PerformanceReview
from planner.performance.reviews import PERIOD_PATTERN, peer_unit
from planner.performance.scoring import recompute_scores
from planner.spreadsheets import values as v
from planner.spreadsheets.columns import Column
from planner.spreadsheets.kinds.base import Flag, ImportKind, Record
from planner.spreadsheets.text import normalise_header

VALUE = v.number(-1e12, 1e12)

COLUMNS = [
    Column(
        "employee_no",
        "工号",
        "Employee number",
        v.code(32),
        required=True,
        aliases=("员工编号", "员工号", "职工号", "Employee ID", "Employee No"),
    ),
    Column(
        "period",
        "考核期",
        "Period",
        v.code(16),
        required=True,
        aliases=("考核期间", "考核周期", "期间", "年度", "Review period", "Year"),
        hint=N_("A year (2025), a half-year (2025H1) or a quarter (2025Q3)."),
    ),
    Column(
        "scheme",
        "考核方案",
        "Scheme",
        v.text(120),
        aliases=("绩效方案", "方案", "KPI scheme"),
        hint=N_("Empty: the active scheme."),
    ),
]


def indicator_column(indicator: KpiIndicator) -> Column:
    """Return the column of one indicator's value."""
    return Column(
        f"indicator_{indicator.id}",
        indicator.name_zh,
        indicator.name_en,
        VALUE,
        aliases=(indicator.code,),
        required=True,
    )


@dataclass
class Context:
    """Schemes by name, indicators by folded name, CMs by number, stored reviews by key."""

    schemes: dict[str, KpiScheme]
    active: KpiScheme | None
    indicators: dict[str, KpiIndicator]
    managers: dict[str, Manager]
    stored: dict[str, PerformanceReview] = field(default_factory=dict)
    touched: set[tuple[int, str]] = field(default_factory=set)


def _schemes(session: Session) -> list[KpiScheme]:
    return list(session.scalars(select(KpiScheme).options(selectinload(KpiScheme.indicators))))


class ReviewKind(ImportKind):
    """Performance reviews."""

    name = "reviews"
    title = N_("Performance reviews")
    sheet_zh = "绩效考核"
    sheet_en = "Reviews"
    columns = COLUMNS
    key_column = "key"

    def extra_matcher(self, session: Session) -> Callable[[list[str]], str | None]:
        """Return a matcher of indicator columns by code or name (the active scheme's win a shared name)."""
        names: dict[str, int] = {}
        for scheme in sorted(_schemes(session), key=lambda s: s.is_active):
            for indicator in scheme.indicators:
                for name in (indicator.code, indicator.name_zh, indicator.name_en):
                    names[normalise_header(name)] = indicator.id

        def match(variants: list[str]) -> str | None:
            found = next((names[variant] for variant in variants if variant in names), None)
            return None if found is None else f"indicator_{found}"

        return match

    def extra_parse(self, key: str) -> Column | None:
        """Read an indicator's value."""
        return Column(key, key, key, VALUE) if key.startswith("indicator_") else None

    def load_for_template(self, session: Session) -> Any:
        """Return the active scheme's indicators."""
        active = next((s for s in _schemes(session) if s.is_active), None)
        return active.indicators if active else []

    def extra_columns(self, context: Any) -> list[Column]:
        """Return one column per indicator of the active scheme."""
        return [indicator_column(indicator) for indicator in context or []]

    def load(self, session: Session, today: dt.date) -> Context:
        """Read schemes, CMs (with their unit) and stored reviews with their values."""
        schemes = _schemes(session)
        managers = {
            m.employee_no: m for m in session.scalars(select(Manager).options(selectinload(Manager.unit)))
        }
        context = Context(
            {normalise_header(s.name): s for s in schemes},
            next((s for s in schemes if s.is_active), None),
            {str(i.id): i for s in schemes for i in s.indicators},
            managers,
        )
        by_id = {m.id: m.employee_no for m in managers.values()}
        stmt = select(PerformanceReview).options(selectinload(PerformanceReview.values))
        for review in session.scalars(stmt):
            context.stored[f"{by_id.get(review.manager_id)}|{review.scheme_id}|{review.period}"] = review
        return context

    def check(self, context: Context, values: Record, flag: Flag) -> Record | None:
        """Resolve the CM and the scheme; check the period and that every indicator has a value."""
        scheme = (
            context.schemes.get(normalise_header(values["scheme"]))
            if values.get("scheme")
            else context.active
        )
        if scheme is None:
            flag(
                "scheme",
                N_("No active scheme has this name.") if values.get("scheme") else N_("No scheme is active."),
            )
            return None
        manager = context.managers.get(values["employee_no"])
        if manager is None:
            flag("employee_no", N_("No CM has this employee number."))
        period = values["period"].upper()
        if not PERIOD_PATTERN.match(period):
            flag(
                "period", N_("Write the period as a year (2025), a half-year (2025H1) or a quarter (2025Q3).")
            )
        found = {int(k[10:]): val for k, val in values.items() if k.startswith("indicator_")}
        record_values: dict[int, float] = {}
        for indicator in scheme.indicators:
            value = found.get(indicator.id)
            if value is None:
                flag(
                    f"indicator_{indicator.id}",
                    N_("A value is required for indicator %(name)s."),
                    name=indicator.name_zh,
                )
            else:
                record_values[indicator.id] = value
        values["key"] = f"{values['employee_no']}|{scheme.id}|{period}"
        return {"manager": manager, "scheme": scheme, "period": period, "values": record_values}

    def existing(self, context: Context, key: str) -> PerformanceReview | None:
        """Return the stored review of this CM, scheme and period."""
        return context.stored.get(key)

    def differs(self, context: Context, record: Record, row: Any) -> bool:
        """Tell whether an indicator value would change."""
        return {v.indicator_id: v.value for v in row.values} != record["values"]

    def write(self, session: Session, context: Context, record: Record, row: Any) -> None:
        """Add the review in the CM's peer group, or change its values; the period is rescored at the end."""
        if row is None:
            manager = record["manager"]
            row = PerformanceReview(
                manager=manager,
                scheme=record["scheme"],
                period=record["period"],
                unit=peer_unit(manager),
                segment=manager.segment,
            )
            row.values = [IndicatorValue(indicator_id=i, value=val) for i, val in record["values"].items()]
            session.add(row)
        else:
            stored = {value.indicator_id: value for value in row.values}
            for indicator_id, value in record["values"].items():
                if indicator_id in stored:
                    if stored[indicator_id].value != value:
                        stored[indicator_id].value = value
                else:
                    row.values.append(IndicatorValue(indicator_id=indicator_id, value=value))
        context.touched.add((record["scheme"].id, record["period"]))

    def finish(self, session: Session, context: Context) -> None:
        """Rescore every scheme and period the import touched (scores and ranks depend on the peer group)."""
        session.flush()
        for scheme_id, period in sorted(context.touched):
            recompute_scores(session, scheme_id, period)
