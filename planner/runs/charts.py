"""Chart data of a run's pages, read from the stored result rows: the plan by year and the solver's progress.

Each function returns a dataclass whose ``as_json()`` the page embeds for its script; the arithmetic (sums,
shares, costs per year) happens here, never in a template or in the browser.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.runs.models import Run, RunProgress
from planner.runs.results import RunGoal, RunPenalty, RunPlanCell, RunPlanFlow, RunStructure, RunUnitYear
from planner.runs.structure import METRICS

# The solver names each paid term by its plan year ("hire campus year 2 B001"); the year is the one number
# that says when a cost falls.
_YEAR = re.compile(r"\byear (\d+)\b")


@dataclass
class PlanCharts:
    """A plan's figures per year, bank-wide or of one unit; ``years[0]`` is the base year, before the plan."""

    unit: str | None
    years: list[int] = field(default_factory=list)
    headcount: list[float | None] = field(default_factory=list)  # CMs at the end of each year
    target: list[float | None] = field(default_factory=list)  # heads the targets ask for
    share: list[float | None] = field(default_factory=list)  # CMs as a share of all staff
    share_target: list[float | None] = field(default_factory=list)  # the targets as a share of all staff
    intake: dict[str, list[float]] = field(default_factory=dict)  # hires by channel, plan years only
    exits: dict[str, list[float]] = field(default_factory=dict)  # exits by action, plan years only
    promotions: list[float] = field(default_factory=list)
    attrition: list[float] = field(default_factory=list)
    cost: dict[str, list[float]] = field(default_factory=dict)  # paid costs by kind (bank-wide only)
    budget: list[float | None] = field(default_factory=list)  # the yearly budget limit, if any

    @property
    def plan_years(self) -> list[int]:
        """Return the plan years (without the base year)."""
        return self.years[1:]

    def as_json(self) -> dict[str, Any]:
        """Return the figures as JSON-ready values (rounded for display)."""
        data = asdict(self)
        data["plan_years"] = self.plan_years
        return _rounded(data)


@dataclass
class ProgressChart:
    """Objective and bound over elapsed seconds, one entry per solver stage in the order the stages ran."""

    stages: list[dict[str, Any]] = field(default_factory=list)  # {"stage", "objective", "bound"}: [[t, v]…]

    def as_json(self) -> dict[str, Any]:
        """Return ``{"stages": [{"stage": s, "objective": [[t, v]…], "bound": [[t, v]…]}…]}``."""
        return _rounded(asdict(self))


# Shares are shown in percent, the average age in years (the metrics in the order of structure.METRICS).
SHARE_METRICS = ("bachelor", "mid_title", "new_blood")
# Columns of the structure table: the base year's team, then each plan year (plan, then named decisions).
SOURCE_ORDER = {"before": 0, "plan": 1, "named": 2}


@dataclass
class StructureCell:
    """One metric in one column: the value as shown (years, or percent for a share) and the goal's verdict."""

    value: float | None
    met: bool | None


@dataclass
class StructureLine:
    """One metric of the structure table: its goal (as shown) and a cell per column."""

    metric: str
    percent: bool
    sense: str  # "max" or "min" when the scenario sets a goal, else ""
    goal: float | None
    cells: list[StructureCell] = field(default_factory=list)


@dataclass
class StructureTable:
    """The team's structure metrics of a run, bank-wide: before the plan, after each year, after the named
    decisions of the first year, each against the scenario's goal when it sets one."""

    columns: list[tuple[int, str]] = field(default_factory=list)  # (calendar year, source)
    lines: list[StructureLine] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Return the chart's figures: per metric the plan's line over the years (the base year first), the
        named decisions' value in the first plan year, and the goal."""
        years = sorted({year for year, _ in self.columns})
        metrics: dict[str, Any] = {}
        for line in self.lines:
            plan: list[float | None] = [None] * len(years)
            named: list[float | None] = [None] * len(years)
            for (year, source), cell in zip(self.columns, line.cells, strict=True):
                (named if source == "named" else plan)[years.index(year)] = cell.value
            metrics[line.metric] = {"percent": line.percent, "plan": plan, "named": named, "goal": line.goal}
        return _rounded({"years": years, "metrics": metrics})


def structure_table(session: Session, run: Run) -> StructureTable:
    """Return the stored structure metrics of ``run`` as a table (empty for a run stored without them)."""
    rows = session.scalars(select(RunStructure).where(RunStructure.run_id == run.id)).all()
    table = StructureTable()
    table.columns = sorted(
        {(r.year, r.source) for r in rows}, key=lambda c: (c[0], SOURCE_ORDER.get(c[1], 9))
    )
    found = {(r.metric, r.year, r.source): r for r in rows}
    for metric in METRICS:
        mine = [r for r in rows if r.metric == metric]
        if not mine:
            continue
        scale = 100.0 if metric in SHARE_METRICS else 1.0
        with_goal = next((r for r in mine if r.goal is not None), None)
        line = StructureLine(
            metric=metric,
            percent=metric in SHARE_METRICS,
            sense=with_goal.sense if with_goal else "",
            goal=with_goal.goal * scale if with_goal and with_goal.goal is not None else None,
        )
        for year, source in table.columns:
            r = found.get((metric, year, source))
            value = r.value * scale if r is not None and r.value is not None else None
            line.cells.append(StructureCell(value, r.met if r is not None else None))
        table.lines.append(line)
    return table


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def plan_charts(session: Session, run: Run, unit: str | None = None) -> PlanCharts:
    """Return the plan's headcount, share, targets, intake, exits, promotions and cost per year."""
    charts = PlanCharts(unit=unit)
    unit_rows = _unit_year_totals(session, run, unit)
    cells = _cell_totals(session, run, unit)
    if not unit_rows:
        return charts
    plan_years = sorted(unit_rows)
    base = plan_years[0] - 1
    charts.years = [base, *plan_years]
    opening = cells.get(plan_years[0], {}).get("opening")
    charts.headcount = [opening] + [unit_rows[y]["cm"] for y in plan_years]
    charts.target = [None] + [unit_rows[y]["target"] for y in plan_years]
    none: list[float | None] = [None]  # no share in the base year: its total staff is not in the result
    charts.share = none + [_ratio(unit_rows[y]["cm"], unit_rows[y]["staff"]) for y in plan_years]
    charts.share_target = none + [_ratio(unit_rows[y]["target"], unit_rows[y]["staff"]) for y in plan_years]
    charts.promotions = [cells.get(y, {}).get("promoted", 0.0) for y in plan_years]
    charts.attrition = [cells.get(y, {}).get("attrition", 0.0) for y in plan_years]
    charts.intake = _flows_by_name(session, run, unit, "hire", plan_years)
    charts.exits = _flows_by_name(session, run, unit, "exit", plan_years)
    if unit is None:
        charts.cost = _costs(session, run, base, plan_years)
        charts.budget = _budget(session, run, base, plan_years)
    return charts


def _ratio(part: float | None, whole: float | None) -> float | None:
    return part / whole if part is not None and whole else None


def _unit_year_totals(session: Session, run: Run, unit: str | None) -> dict[int, dict[str, Any]]:
    """Return per year the CMs, staff and target heads (None when no unit of the year has a target)."""
    stmt = select(
        RunUnitYear.year,
        func.sum(RunUnitYear.cm_headcount),
        func.sum(RunUnitYear.total_staff),
        func.sum(RunUnitYear.target),
    ).where(RunUnitYear.run_id == run.id)
    if unit:
        stmt = stmt.where(RunUnitYear.unit_code == unit)
    rows = session.execute(stmt.group_by(RunUnitYear.year))
    return {
        year: {"cm": float(cm or 0.0), "staff": float(staff or 0.0), "target": _float(target)}
        for year, cm, staff, target in rows
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _cell_totals(session: Session, run: Run, unit: str | None) -> dict[int, dict[str, float]]:
    stmt = select(
        RunPlanCell.year,
        func.sum(RunPlanCell.opening),
        func.sum(RunPlanCell.promoted_out),
        func.sum(RunPlanCell.attrition),
    ).where(RunPlanCell.run_id == run.id)
    if unit:
        stmt = stmt.where(RunPlanCell.unit_code == unit)
    rows = session.execute(stmt.group_by(RunPlanCell.year))
    return {
        year: {"opening": float(o or 0.0), "promoted": float(p or 0.0), "attrition": float(a or 0.0)}
        for year, o, p, a in rows
    }


def _flows_by_name(
    session: Session, run: Run, unit: str | None, kind: str, years: list[int]
) -> dict[str, list[float]]:
    """Return the plan's flows of ``kind`` (hire: by channel, exit: by action) as one list per name."""
    stmt = select(RunPlanFlow.name, RunPlanFlow.year, func.sum(RunPlanFlow.quantity)).where(
        RunPlanFlow.run_id == run.id, RunPlanFlow.kind == kind
    )
    if unit:
        stmt = stmt.where(RunPlanFlow.unit_code == unit)
    out: dict[str, list[float]] = {}
    index = {year: i for i, year in enumerate(years)}
    for name, year, quantity in session.execute(stmt.group_by(RunPlanFlow.name, RunPlanFlow.year)):
        if year in index:
            out.setdefault(name, [0.0] * len(years))[index[year]] += float(quantity or 0.0)
    return dict(sorted(out.items()))


def _costs(session: Session, run: Run, base: int, years: list[int]) -> dict[str, list[float]]:
    """Return the plan's paid costs per year by kind (hires, exits, moves, surplus): rules ending in _cost."""
    rows = session.execute(
        select(RunPenalty.rule, RunPenalty.who, RunPenalty.amount).where(
            RunPenalty.run_id == run.id, RunPenalty.stage == "plan", RunPenalty.rule.like("%\\_cost", "\\")
        )
    )
    index = {year: i for i, year in enumerate(years)}
    out: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(years))
    for rule, who, amount in rows:
        match = _YEAR.search(who)
        if match and base + int(match.group(1)) in index:
            out[rule][index[base + int(match.group(1))]] += float(amount)
    return dict(sorted(out.items()))


def _budget(session: Session, run: Run, base: int, years: list[int]) -> list[float | None]:
    """Return each plan year's budget limit from the run's budget goals (None where there is none)."""
    limits: list[float | None] = [None] * len(years)
    index = {year: i for i, year in enumerate(years)}
    for name, required in session.execute(
        select(RunGoal.name, RunGoal.required).where(RunGoal.run_id == run.id, RunGoal.kind == "budget")
    ):
        match = _YEAR.search(name)
        if match and required is not None and base + int(match.group(1)) in index:
            limits[index[base + int(match.group(1))]] = float(required)
    return limits


def progress_chart(session: Session, run: Run) -> ProgressChart:
    """Return the run's objective and bound over time for each stage, as the solver reported them."""
    chart = ProgressChart()
    rows = session.execute(
        select(RunProgress.stage, RunProgress.elapsed, RunProgress.objective, RunProgress.bound)
        .where(RunProgress.run_id == run.id)
        .order_by(RunProgress.id)
    )
    by_stage: dict[str, dict[str, Any]] = {}
    for stage, elapsed, objective, bound in rows:
        if objective is None and bound is None:
            continue
        if stage not in by_stage:
            by_stage[stage] = {"stage": stage, "objective": [], "bound": []}
            chart.stages.append(by_stage[stage])
        by_stage[stage]["objective"].append([elapsed, objective])
        by_stage[stage]["bound"].append([elapsed, bound])
    return chart
