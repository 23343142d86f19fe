"""Solve a plan as one model and explain it: its goals and prices, or its conflict when it has no plan."""

from __future__ import annotations

import time

from solver.plan.build import build_model
from solver.plan.control import PlanControl
from solver.plan.explain import explain_goals, find_conflict
from solver.plan.model import PlanModel
from solver.plan.optimise import SOLVED, optimise_integer
from solver.plan.problem import PlanProblem
from solver.plan.readout import read_result
from solver.plan.result import PlanResult


def solve_whole(
    problem: PlanProblem, relax: bool, deadline: float, control: PlanControl | None = None
) -> tuple[PlanModel | None, PlanResult]:
    """Solve the plan (its LP relaxation when ``relax``) as one model; the model is None when not solved.

    ``control`` may stop it between lexicographic levels (``optimise``).
    """
    model, status, levels = optimise_integer(lambda: build_model(problem, relax), deadline, control)
    if status in SOLVED:
        return model, read_result(model, status, levels)
    result = PlanResult(status=status, objective=None, relaxed=relax, levels=levels)
    if status == "time_limit":
        result.message = "no plan found within the time limit; allow more time or solve the LP (--relax)"
    elif status != "infeasible":
        result.message = f"the solver ended with status {status}"
    return None, result


def explain_whole(
    problem: PlanProblem, model: PlanModel | None, result: PlanResult, deadline: float, time_limit: float
) -> None:
    """Explain a result of ``solve_whole``: every goal of a plan, or the goals in conflict when infeasible."""
    if model is not None:
        # Explaining re-solves the LP; give it a little time even when the main solve used all of it.
        explain_goals(model, result, max(deadline, time.monotonic() + min(10.0, time_limit)))
    elif result.status == "infeasible":
        result.conflict = find_conflict(problem, result.relaxed, deadline)
        result.explanation = [f"No plan meets these goals together: {', '.join(result.conflict)}."]
