"""The three stages of a run, joined: plan → named decisions of the first year → assignment of the new team.

Pure functions over the solver inputs (no database, no Flask): a worker, the CLI and the tests call them
the same way. The ``Reporter`` carries progress out and a stop request in (the run service backs it with the
database). Each stage feeds the next: the plan's first-year counts become the named decisions' openings and
exit and promotion counts; exited CMs leave the assignment, promoted CMs move up a grade, hires come in.

The named lists must agree with the plan's counts. When they fall short (a candidate who applied to two
branches can be hired by one of them only, the shortlist cut, CMs protected from exit or not yet eligible for
promotion), the repair pass caps those first-year decisions at what was named, solves the plan again and
names again, until they agree (each pass lowers a cap, so it ends; at most ``MAX_REPAIRS`` passes).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from planner.scenarios.adapter import SolverInputs
from solver.assign import model as assign
from solver.assign.engine import Engine, Progress, SolveOptions
from solver.assign.solve import solve as solve_assignment
from solver.plan.control import PlanControl
from solver.plan.problem import DecisionCap
from solver.plan.result import PlanResult
from solver.plan.solve import solve_plan
from solver.select.agreement import caps_from_selection, check_agreement, counts_from_plan, tighter
from solver.select.models import SelectionProblem
from solver.select.results import SelectionResult
from solver.select.solve import select

log = logging.getLogger(__name__)

SOLVED_PLAN = ("optimal", "feasible")
SOLVED_ASSIGN = ("OPTIMAL", "FEASIBLE")
# Shares of the run's time limit given to each stage (the selection is fast; the rest goes to assignment).
PLAN_SHARE, SELECT_SHARE = 0.4, 0.1
# The assignment stops within this relative gap of its bound: the last 0.1% costs most of the time and
# moves nobody a planner would notice.
ASSIGN_GAP = 1e-3
# At most this many progress rows per step of the plan solve (its parts can number thousands).
PLAN_REPORTS = 20
# Plans solved again by the repair pass at most (each pass lowers a cap; the demo banks need 2 to 4), and
# the share of the run's time limit the repair may take beyond the plan's (it stops with the plan in hand).
MAX_REPAIRS = 10
REPAIR_SHARE = 0.2
# Exit actions after which the CM stays in the team one grade lower; every other action leaves the team.
STAYING_ACTIONS = {"demotion": -1}


class Reporter(Protocol):
    """Where a run's progress goes and where a stop request comes from."""

    def progress(
        self, stage: str, objective: float | None, bound: float | None, gap: float | None, message: str = ""
    ) -> None:
        """Record one progress report."""

    def stage(self, name: str) -> None:
        """Record that a stage begins."""

    @property
    def stop(self) -> threading.Event:
        """The event set when the run should stop and keep its best result."""


@dataclass
class Options:
    """How to solve: the total time limit, the seed and whether the run must repeat exactly."""

    time_limit: float = 60.0
    seed: int = 0
    deterministic: bool = True


@dataclass
class Outcome:
    """Everything the stages produced."""

    plan: PlanResult
    selection_problem: SelectionProblem | None = None
    selection: SelectionResult | None = None
    team: assign.Problem | None = None
    assignment: assign.Result | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stopped: bool = False  # a stop request ended a stage early; the best result found is kept
    # The repair pass: plans solved again under caps on first-year decisions, and the caps of the last one.
    repairs: int = 0
    caps: list[DecisionCap] = field(default_factory=list)

    @property
    def infeasible(self) -> bool:
        """Tell whether the plan has no solution (the run ends explained, not failed)."""
        return self.plan.status == "infeasible"


def run_stages(inputs: SolverInputs, options: Options, reporter: Reporter) -> Outcome:
    """Solve the plan, name the first year's decisions and assign the resulting team."""
    started = time.monotonic()
    reporter.stage("plan")
    plan = solve_plan(inputs.plan, time_limit=options.time_limit * PLAN_SHARE, control=plan_control(reporter))
    outcome = Outcome(plan=plan)
    outcome.stage_seconds["plan"] = round(time.monotonic() - started, 3)
    reporter.progress("plan", plan.objective, plan.best_bound, plan.gap, plan.status)
    if reporter.stop.is_set():
        # Stopped during the plan: its plan (if it found one) is stored, nothing after it is started.
        outcome.stopped = True
        return outcome
    if plan.status not in SOLVED_PLAN:
        return outcome
    reporter.stage("select")
    if reporter.stop.is_set():
        outcome.stopped = True
        return outcome

    mark = time.monotonic()
    named = name_first_year(inputs, options, outcome)
    outcome.stage_seconds["select"] = round(time.monotonic() - mark, 3)
    reporter.progress("select", named.intake_quality, None, None, named.status)
    if agreement(outcome):
        mark = time.monotonic()
        deadline = started + options.time_limit * (PLAN_SHARE + REPAIR_SHARE)
        named = repair(inputs, options, reporter, outcome, deadline)
        outcome.stage_seconds["repair"] = round(time.monotonic() - mark, 3)
        if reporter.stop.is_set():
            outcome.stopped = True
            return outcome
    reporter.stage("assign")
    if reporter.stop.is_set():
        outcome.stopped = True
        return outcome

    mark = time.monotonic()
    outcome.team = team_after_decisions(inputs, named)
    left = max(2.0, options.time_limit - (mark - started))
    engine = Engine(stop_event=reporter.stop)
    outcome.assignment = solve_assignment(
        outcome.team,
        SolveOptions(
            time_limit=left,
            workers=1 if options.deterministic else 2,
            seed=options.seed,
            deterministic=options.deterministic,
            relative_gap=ASSIGN_GAP,
        ),
        on_progress=lambda p: _assign_progress(reporter, p),
        engine=engine,
    )
    outcome.stage_seconds["assign"] = round(time.monotonic() - mark, 3)
    outcome.stopped = reporter.stop.is_set()
    a = outcome.assignment
    reporter.progress("assign", a.objective, a.bound, a.gap, a.status)
    return outcome


def repair(
    inputs: SolverInputs, options: Options, reporter: Reporter, outcome: Outcome, deadline: float
) -> SelectionResult:
    """Cap the first year's decisions at what the named lists filled, solve the plan again and name again,
    until the named lists agree with the plan's counts; return the named lists that stand.

    Each pass lowers at least one cap (a cap is set at what was named, below what the plan asked), so the
    passes end; ``MAX_REPAIRS`` and ``deadline`` bound them anyway. A re-solved plan that fails (no plan in
    the time left, or infeasible: e.g. the exit minimum cannot be met by unprotected CMs) is not taken: the
    last plan and its named lists stand, their differences stored and explained.
    """
    assert outcome.selection_problem is not None and outcome.selection is not None
    named = outcome.selection
    caps: list[DecisionCap] = []
    unrepaired = outcome.plan.objective
    while agreement(outcome) and outcome.repairs < MAX_REPAIRS:
        left = deadline - time.monotonic()
        if left <= 0 or reporter.stop.is_set():
            break
        caps = tighter(caps, caps_from_selection(inputs.plan, outcome.selection_problem, named))
        problem = dataclasses.replace(inputs.plan, caps=caps)
        plan = solve_plan(
            problem,
            time_limit=max(1.0, min(left, options.time_limit * PLAN_SHARE)),
            control=PlanControl(should_stop=reporter.stop.is_set),
        )
        reporter.progress(
            "plan",
            plan.objective,
            plan.best_bound,
            plan.gap,
            f"repair {outcome.repairs + 1}: {len(caps)} caps",
        )
        if plan.status not in SOLVED_PLAN or reporter.stop.is_set():
            log.info(
                "repair pass %d: the capped plan ended %s; the last plan stands",
                outcome.repairs + 1,
                plan.status,
            )
            break
        outcome.repairs += 1
        outcome.plan, outcome.caps = plan, list(caps)
        named = name_first_year(inputs, options, outcome)
    if outcome.repairs:
        outcome.plan.message = (outcome.plan.message + "; " if outcome.plan.message else "") + (
            f"solved again {outcome.repairs} time(s) with the first year's hires, exits and promotions "
            f"capped at what the named lists can fill (the plan before: objective {unrepaired or 0.0:,.2f})"
        )
    return named


def plan_control(reporter: Reporter) -> PlanControl:
    """Return the plan solve's control: its steps become progress rows, the run's stop request stops it."""

    def on_step(what: str, done: int, total: int) -> None:
        # About twenty rows per step at most, whatever the number of parts; the last one always.
        if done == total or done % max(1, total // PLAN_REPORTS) == 0:
            reporter.progress("plan", None, None, None, f"{what} {done} of {total}")

    return PlanControl(on_step=on_step, should_stop=reporter.stop.is_set)


def _assign_progress(reporter: Reporter, p: Progress) -> None:
    gap = (p.objective - p.bound) / max(1.0, abs(p.objective))
    reporter.progress("assign", p.objective, p.bound, gap)


def name_first_year(inputs: SolverInputs, options: Options, outcome: Outcome) -> SelectionResult:
    """Name the first year's hires, exits and promotions from the counts of ``outcome``'s plan."""
    outcome.selection_problem = selection_for_first_year(inputs, outcome.plan)
    outcome.selection = select(
        outcome.selection_problem, time_limit=max(1.0, options.time_limit * SELECT_SHARE), check=True
    )
    return outcome.selection


def leaving(selection: SelectionResult) -> set[str]:
    """Return the CMs whose exit action takes them out of the team (a demoted CM stays)."""
    return {e.manager for e in selection.exits if e.action not in STAYING_ACTIONS}


def selection_for_first_year(inputs: SolverInputs, plan: PlanResult) -> SelectionProblem:
    """Return the named-decision problem whose counts are the plan's first year."""
    counts = counts_from_plan(inputs.plan, plan, year=1)
    return dataclasses.replace(
        inputs.selection,
        openings=counts.openings,
        exit_counts=counts.exit_counts,
        promotion_counts=counts.promotion_counts,
    )


def team_after_decisions(inputs: SolverInputs, selection: SelectionResult) -> assign.Problem:
    """Return the assignment problem of the team after the first year's decisions.

    CMs who exit by an action that leaves the team are gone; a demoted CM stays one grade lower; promoted
    CMs hold their new grade; each hire joins with no territory yet, starting from their branch.
    """
    ladder = inputs.assign.grades
    gone = leaving(selection)
    demoted = {e.manager: STAYING_ACTIONS[e.action] for e in selection.exits if e.action in STAYING_ACTIONS}
    promoted = {p.manager: p.to_grade for p in selection.promotions}
    team = []
    for m in inputs.assign.managers:
        if m.id in gone:
            continue
        grade = promoted.get(m.id, m.grade)
        if m.id in demoted:
            grade = ladder[max(0, ladder.index(m.grade) + demoted[m.id])]
        team.append(dataclasses.replace(m, grade=grade))
    for hire in selection.hires:
        x, y = inputs.branch_xy.get(hire.unit, (0.0, 0.0))
        team.append(
            assign.Manager(
                id=hire.candidate,
                grade=hire.grade or ladder[0],
                segments=list(assign.SEGMENTS),
                home_x=x,
                home_y=y,
                current=None,
                years=0.0,
            )
        )
    kept = {m.id for m in team}
    return dataclasses.replace(
        inputs.assign,
        managers=team,
        avoidance=[(a, b) for a, b in inputs.assign.avoidance if a in kept and b in kept],
        pins=[(a, b) for a, b in inputs.assign.pins if a in kept],
        forbidden=[(a, b) for a, b in inputs.assign.forbidden if a in kept],
    )


def agreement(outcome: Outcome) -> list[str]:
    """Return the differences between the plan's first-year counts and the named lists (empty: agree)."""
    if outcome.selection_problem is None or outcome.selection is None:
        return []
    return check_agreement(outcome.selection_problem, outcome.selection)
