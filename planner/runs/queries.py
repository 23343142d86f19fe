"""Read a run's results for the pages: the plan by year and unit, named decisions, the assignment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planner.persistence import Page, paginate
from planner.runs.models import Run, RunProgress, RunSnapshot
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


def snapshot_hash(session: Session, run: Run) -> str | None:
    """Return the content hash of the run's inputs without loading the inputs (megabytes on a large bank)."""
    return session.scalar(select(RunSnapshot.content_hash).where(RunSnapshot.run_id == run.id))


def progress_rows(session: Session, run: Run) -> list[RunProgress]:
    """Return the run's progress reports, oldest first."""
    return list(
        session.scalars(select(RunProgress).where(RunProgress.run_id == run.id).order_by(RunProgress.id))
    )


def year_totals(session: Session, run: Run) -> list[YearTotals]:
    """Return the plan's bank-wide figures per year: headcount, share, target, intake, exits, promotions."""
    # Sums in SQL: a large bank's run has thousands of plan cells and flows, too many to load as objects.
    years: dict[int, YearTotals] = {}
    for year, cms, staff, target, shortfall in session.execute(
        select(
            RunUnitYear.year,
            func.sum(RunUnitYear.cm_headcount),
            func.sum(RunUnitYear.total_staff),
            func.sum(RunUnitYear.target),
            func.sum(RunUnitYear.shortfall),
        )
        .where(RunUnitYear.run_id == run.id)
        .group_by(RunUnitYear.year)
    ):
        years[year] = YearTotals(
            year, float(cms or 0), float(staff or 0), float(target or 0), float(shortfall or 0)
        )
    for year, hires, exits, promotions, attrition in session.execute(
        select(
            RunPlanCell.year,
            func.sum(RunPlanCell.hires),
            func.sum(RunPlanCell.exits),
            func.sum(RunPlanCell.promoted_out),
            func.sum(RunPlanCell.attrition),
        )
        .where(RunPlanCell.run_id == run.id)
        .group_by(RunPlanCell.year)
    ):
        t = years.setdefault(year, YearTotals(year))
        t.hires, t.exits = float(hires or 0), float(exits or 0)
        t.promotions, t.attrition = float(promotions or 0), float(attrition or 0)
    for kind, name, year, quantity in session.execute(
        select(RunPlanFlow.kind, RunPlanFlow.name, RunPlanFlow.year, func.sum(RunPlanFlow.quantity))
        .where(RunPlanFlow.run_id == run.id, RunPlanFlow.kind.in_(("hire", "exit")))
        .group_by(RunPlanFlow.kind, RunPlanFlow.name, RunPlanFlow.year)
        .order_by(RunPlanFlow.kind, RunPlanFlow.name)
    ):
        t = years.setdefault(year, YearTotals(year))
        bucket = t.by_channel if kind == "hire" else t.by_action
        bucket[name] = bucket.get(name, 0.0) + float(quantity or 0)
    return [years[y] for y in sorted(years)]


def unit_years(
    session: Session, run: Run, codes: Sequence[str] | None = None
) -> dict[str, list[RunUnitYear]]:
    """Return each unit's rows by year (for the per-unit table), of the units ``codes`` when given."""
    stmt = select(RunUnitYear).where(RunUnitYear.run_id == run.id)
    if codes is not None:
        stmt = stmt.where(RunUnitYear.unit_code.in_(list(codes)))
    out: dict[str, list[RunUnitYear]] = defaultdict(list)
    for u in session.scalars(stmt.order_by(RunUnitYear.unit_code, RunUnitYear.year)):
        out[u.unit_code].append(u)
    return dict(out)


def goals(session: Session, run: Run, binding_only: bool = False) -> list[RunGoal]:
    """Return the run's goals: targets, structure, budget, exit policy, shortfalls of the named lists."""
    stmt = select(RunGoal).where(RunGoal.run_id == run.id)
    if binding_only:
        stmt = stmt.where(RunGoal.binding.is_(True))
    return list(session.scalars(stmt.order_by(RunGoal.stage, RunGoal.kind, RunGoal.year, RunGoal.unit_code)))


def goals_page(session: Session, run: Run, unit: str | None, page: int, per_page: int) -> Page[RunGoal]:
    """Return one page of the run's goals, binding ones first; of one unit (its targets and exit limits)."""
    stmt = select(RunGoal).where(RunGoal.run_id == run.id)
    if unit:
        # Exit limits name their peer group inside the brackets: "exit_minimum[B001,year 1]".
        stmt = stmt.where(or_(RunGoal.unit_code == unit, RunGoal.name.like(f"%[{unit},%")))
    order = (RunGoal.binding.desc(), RunGoal.stage, RunGoal.kind, RunGoal.year, RunGoal.unit_code, RunGoal.id)
    return paginate(session, stmt.order_by(*order), page, per_page)


# The columns each list may be sorted by (a request's ``sort`` picks one; anything else keeps the default).
DECISION_SORTS: dict[str, tuple[str, ...]] = {
    "hires": ("unit_code", "score", "rank", "channel", "preference", "candidate_ref"),
    "rejections": ("stage", "candidate_ref"),
    "exits": ("peer_group", "score", "rank", "action", "unit_code", "manager_code"),
    "promotions": ("unit_code", "score", "rank", "to_grade", "manager_code"),
}


def decisions(
    session: Session,
    run: Run,
    kind: str,
    unit: str | None,
    page: int,
    per_page: int,
    sort: str | None = None,
    stage: str | None = None,
) -> Page[Any]:
    """Return one page of hires, rejections, exits or promotions, of one unit or stopping stage, sorted.

    ``sort`` is a column of ``DECISION_SORTS[kind]``, with a leading "-" for descending order.
    """
    model: Any = DECISION_KINDS[kind]
    stmt = select(model).where(model.run_id == run.id)
    if unit and hasattr(model, "unit_code"):
        stmt = stmt.where(model.unit_code == unit)
    if stage and kind == "rejections":
        stmt = stmt.where(RunRejection.stage == stage)
    order: tuple[Any, ...] = {
        "hires": (RunHire.unit_code, RunHire.rank),
        "rejections": (RunRejection.stage, RunRejection.candidate_ref),
        "exits": (RunExit.peer_group, RunExit.rank.desc()),
        "promotions": (RunPromotion.unit_code, RunPromotion.rank),
    }[kind]
    if sort and sort.lstrip("-") in DECISION_SORTS[kind]:
        column = getattr(model, sort.lstrip("-"))
        order = (column.desc() if sort.startswith("-") else column.asc(),)
    return paginate(session, stmt.order_by(*order, model.id), page, per_page)


def rejection_stages(session: Session, run: Run) -> list[tuple[str, int]]:
    """Return the gates and ranks that stopped candidates, with how many each stopped."""
    rows = session.execute(
        select(RunRejection.stage, func.count())
        .where(RunRejection.run_id == run.id)
        .group_by(RunRejection.stage)
        .order_by(func.count().desc(), RunRejection.stage)
    )
    return [(stage, int(n)) for stage, n in rows]


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
