"""Read a run's results for the pages: the plan by year and unit, named decisions, the assignment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.persistence import Page, paginate
from planner.runs.models import Run, RunProgress
from planner.runs.results import (
    RunAssignment,
    RunExit,
    RunGoal,
    RunHire,
    RunMove,
    RunPenalty,
    RunPlanCell,
    RunPlanFlow,
    RunPromotion,
    RunRejection,
    RunTerritory,
    RunUnitYear,
)

DECISION_KINDS = {"hires": RunHire, "rejections": RunRejection, "exits": RunExit, "promotions": RunPromotion}
ASSIGNMENT_KINDS = {"territories": RunTerritory, "people": RunAssignment, "moves": RunMove}


@dataclass
class YearTotals:
    """The bank-wide figures of one plan year."""

    year: int
    cm_headcount: float = 0.0
    total_staff: float = 0.0
    target: float = 0.0
    shortfall: float = 0.0
    hires: float = 0.0
    exits: float = 0.0
    promotions: float = 0.0
    attrition: float = 0.0
    by_channel: dict[str, float] = field(default_factory=dict)
    by_action: dict[str, float] = field(default_factory=dict)

    @property
    def cm_share(self) -> float | None:
        """Return CMs as a share of all staff."""
        return self.cm_headcount / self.total_staff if self.total_staff else None


def progress_rows(session: Session, run: Run) -> list[RunProgress]:
    """Return the run's progress reports, oldest first."""
    return list(
        session.scalars(select(RunProgress).where(RunProgress.run_id == run.id).order_by(RunProgress.id))
    )


def year_totals(session: Session, run: Run) -> list[YearTotals]:
    """Return the plan's bank-wide figures per year: headcount, share, target, intake, exits, promotions."""
    years: dict[int, YearTotals] = {}
    for u in session.scalars(select(RunUnitYear).where(RunUnitYear.run_id == run.id)):
        t = years.setdefault(u.year, YearTotals(u.year))
        t.cm_headcount += u.cm_headcount
        t.total_staff += u.total_staff
        t.target += u.target or 0.0
        t.shortfall += u.shortfall
    for c in session.scalars(select(RunPlanCell).where(RunPlanCell.run_id == run.id)):
        t = years.setdefault(c.year, YearTotals(c.year))
        t.hires += c.hires
        t.exits += c.exits
        t.promotions += c.promoted_out
        t.attrition += c.attrition
    for f in session.scalars(
        select(RunPlanFlow).where(RunPlanFlow.run_id == run.id, RunPlanFlow.kind.in_(("hire", "exit")))
    ):
        t = years[f.year]
        bucket = t.by_channel if f.kind == "hire" else t.by_action
        bucket[f.name] = bucket.get(f.name, 0.0) + f.quantity
    return [years[y] for y in sorted(years)]


def unit_years(session: Session, run: Run) -> dict[str, list[RunUnitYear]]:
    """Return each unit's rows by year (for the per-unit table)."""
    out: dict[str, list[RunUnitYear]] = defaultdict(list)
    for u in session.scalars(
        select(RunUnitYear)
        .where(RunUnitYear.run_id == run.id)
        .order_by(RunUnitYear.unit_code, RunUnitYear.year)
    ):
        out[u.unit_code].append(u)
    return dict(out)


def goals(session: Session, run: Run, binding_only: bool = False) -> list[RunGoal]:
    """Return the run's goals: targets, structure, budget, exit policy, shortfalls of the named lists."""
    stmt = select(RunGoal).where(RunGoal.run_id == run.id)
    if binding_only:
        stmt = stmt.where(RunGoal.binding.is_(True))
    return list(session.scalars(stmt.order_by(RunGoal.stage, RunGoal.kind, RunGoal.year, RunGoal.unit_code)))


def decisions(session: Session, run: Run, kind: str, unit: str | None, page: int, per_page: int) -> Page[Any]:
    """Return one page of hires, rejections, exits or promotions, optionally of one unit."""
    model: Any = DECISION_KINDS[kind]
    stmt = select(model).where(model.run_id == run.id)
    if unit and hasattr(model, "unit_code"):
        stmt = stmt.where(model.unit_code == unit)
    order = {
        "hires": (RunHire.unit_code, RunHire.rank),
        "rejections": (RunRejection.stage, RunRejection.candidate_ref),
        "exits": (RunExit.peer_group, RunExit.rank.desc()),
        "promotions": (RunPromotion.unit_code, RunPromotion.rank),
    }[kind]
    return paginate(session, stmt.order_by(*order, model.id), page, per_page)


def assignment(
    session: Session, run: Run, kind: str, unit: str | None, page: int, per_page: int
) -> Page[Any]:
    """Return one page of territories, people or moves of the assignment."""
    model: Any = ASSIGNMENT_KINDS[kind]
    stmt = select(model).where(model.run_id == run.id)
    if kind == "territories":
        if unit:
            stmt = stmt.where(RunTerritory.unit_code == unit)
        stmt = stmt.order_by(RunTerritory.shortfall.desc(), RunTerritory.territory_code)
    elif kind == "people":
        stmt = stmt.order_by(RunAssignment.territory_code, RunAssignment.person_code)
    else:
        stmt = stmt.order_by(RunMove.reason, RunMove.manager_code)
    return paginate(session, stmt, page, per_page)


def penalties_by_rule(session: Session, run: Run) -> list[tuple[str, str, int, float]]:
    """Return (stage, rule, how many, total amount) of the penalties paid, largest first."""
    rows = session.execute(
        select(RunPenalty.stage, RunPenalty.rule, func.count(), func.sum(RunPenalty.amount))
        .where(RunPenalty.run_id == run.id)
        .group_by(RunPenalty.stage, RunPenalty.rule)
        .order_by(func.sum(RunPenalty.amount).desc())
    )
    return [(stage, rule, int(n), float(total or 0.0)) for stage, rule, n, total in rows]


def unit_codes(session: Session, run: Run) -> list[str]:
    """Return the plan units of the run (for the unit filter)."""
    return list(
        session.scalars(
            select(RunUnitYear.unit_code)
            .where(RunUnitYear.run_id == run.id)
            .distinct()
            .order_by(RunUnitYear.unit_code)
        )
    )
