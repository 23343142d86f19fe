"""Solve a workforce plan: the strategy that chooses how, from independent parts to one whole model.

The layers below, top to bottom: ``parts`` and ``allocate`` (plans of many units, solved part by part and
added up), ``chain`` and ``whole`` (parts within their shares; one model and its explanation),
``explain`` and ``merge``, ``optimise`` and ``readout`` (one model, one solve, read back), then the model
builders. Imports run one way, down; ``make lint`` checks it (``[tool.importlinter]`` in pyproject.toml).
"""

from __future__ import annotations

import logging
import time

from solver.plan.allocate import solve_allocated, start_by_shares
from solver.plan.control import STOPPED, PlanControl, report, stopped
from solver.plan.decompose import components
from solver.plan.parts import solve_parts
from solver.plan.problem import PlanProblem
from solver.plan.result import PlanResult
from solver.plan.whole import explain_whole, solve_whole

log = logging.getLogger(__name__)


def solve_plan(
    problem: PlanProblem,
    relax: bool = False,
    time_limit: float = 60.0,
    explain: bool = True,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> PlanResult:
    """Solve ``problem`` (its LP relaxation when ``relax``) and explain the result.

    An integer plan of independent parts is solved part by part; a plan of many units coupled by bank-wide
    rows by LP shares (``allocate.py``); anything else as one model. ``workers``: how many processes solve
    parts (None: as many as the machine's cores and the number of parts allow). ``control``: progress
    ("parts" done of total, then "whole" 0 of 1 and 1 of 1) and a stop check between parts and strategies;
    stopped, the plan found so far stands (its message says so), else the result has status "stopped".
    """
    started = time.monotonic()
    deadline = started + time_limit
    parts = components(problem)
    if not relax and len(parts) > 1:
        merged = solve_parts(problem, parts, deadline, explain, workers, control)
        if stopped(control):
            return _stopped(merged)
        if merged is not None:
            log.info(
                "plan %s solved in %d parts in %.2fs", problem.name, len(parts), time.monotonic() - started
            )
            return merged
    start: PlanResult | None = None
    if not relax and len(parts) == 1:
        allocated = solve_allocated(problem, deadline, explain, workers, control)
        if stopped(control):
            return _stopped(allocated)
        if allocated is not None:
            log.info("plan %s solved by LP shares in %.2fs", problem.name, time.monotonic() - started)
            return allocated
        start = start_by_shares(problem, deadline, explain, workers, control)
        if stopped(control):
            return _stopped(start)
    report(control, "whole", 0, 1)
    model, result = solve_whole(problem, relax, deadline, control)
    report(control, "whole", 1, 1)
    if start is not None and model is None:
        return _start_stands(problem, start, "no plan")
    if start is not None and not better(result, start):
        return _start_stands(problem, start, "no better plan")
    if explain:
        explain_whole(problem, model, result, deadline, time_limit)
    if model is not None:
        log.info("plan %s solved in %.2fs", problem.name, time.monotonic() - started)
    if model is not None and stopped(control):
        return _stopped(result)  # stopped between its levels, or as its last one ended: it stands, marked
    return result


def _stopped(found: PlanResult | None) -> PlanResult:
    """Return the plan found before a stop request, marked, or a result saying none was found."""
    if found is None or found.status not in ("optimal", "feasible"):
        return PlanResult(
            status=STOPPED,
            objective=None,
            relaxed=False,
            message="stopped on request before a plan was found",
        )
    found.message = (found.message + "; " if found.message else "") + "stopped on request: this plan stands"
    return found


def _start_stands(problem: PlanProblem, start: PlanResult, found: str) -> PlanResult:
    """Return the plan by LP shares when the whole model did not beat it within the time limit."""
    start.message += f"; the whole model found {found} within the time limit"
    log.info("plan %s: the plan by LP shares stands", problem.name)
    return start


def better(result: PlanResult, start: PlanResult) -> bool:
    """Say whether a plan is at least as good as the start: lexicographically by its levels, or by its
    objective."""
    if result.levels and start.levels:
        for mine, theirs in zip(result.levels, start.levels, strict=False):
            tolerance = 1e-6 * max(1.0, abs(theirs.value))
            if mine.value < theirs.value - tolerance:
                return True
            if mine.value > theirs.value + tolerance:
                return False
        return True
    return (result.objective or 0.0) <= (start.objective or 0.0) + 1e-6 * max(
        1.0, abs(start.objective or 0.0)
    )
