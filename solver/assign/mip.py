"""HiGHS MIP member of the GAP portfolio, through OR-Tools MathOpt (in-process; never import highspy here).

The textbook GAP model on the kept pairs (binary x, one agent per job, capacity rows), hinted with the best
heuristic assignment. Returns the best assignment found, its objective and HiGHS's dual bound.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from ortools.math_opt.python import mathopt
from ortools.util.python.solve_interrupter import SolveInterrupter

log = logging.getLogger(__name__)


@dataclass
class MipOutcome:
    """What the HiGHS member found: assignment (agent per job) or None, objective, bound, proved, seconds."""

    assign: np.ndarray | None
    objective: float
    bound: float
    proved: bool
    seconds: float


def _gap_model(
    cost: np.ndarray, load: np.ndarray, cap: np.ndarray, keep: np.ndarray
) -> tuple[mathopt.Model, list[mathopt.Variable], np.ndarray, np.ndarray]:
    """Return the textbook model on the kept pairs, its variables and each variable's (agent, job)."""
    m, n = cost.shape
    agent, job = np.nonzero(keep)
    model = mathopt.Model(name="gap")
    x = [model.add_binary_variable() for _ in range(agent.size)]
    by_job: list[list[int]] = [[] for _ in range(n)]
    by_agent: list[list[int]] = [[] for _ in range(m)]
    for p, (i, j) in enumerate(zip(agent.tolist(), job.tolist(), strict=True)):
        by_job[j].append(p)
        by_agent[i].append(p)
    for j in range(n):
        model.add_linear_constraint(mathopt.fast_sum(x[p] for p in by_job[j]) == 1)
    pair_load = load[agent, job].tolist()
    for i in range(m):
        if sum(pair_load[p] for p in by_agent[i]) > cap[i]:
            model.add_linear_constraint(
                mathopt.fast_sum(pair_load[p] * x[p] for p in by_agent[i]) <= float(cap[i])
            )
    pair_cost = cost[agent, job].tolist()
    model.minimize(mathopt.fast_sum(c * v for c, v in zip(pair_cost, x, strict=True)))
    return model, x, agent, job


def _hint(x: list[mathopt.Variable], agent: np.ndarray, job: np.ndarray, assign: np.ndarray) -> dict:
    """Return MathOpt hint values: 1 on the pairs of ``assign``, 0 elsewhere."""
    n = assign.size
    on = set((assign * n + np.arange(n)).tolist())
    flat = (agent * n + job).tolist()
    return {v: (1.0 if f in on else 0.0) for v, f in zip(x, flat, strict=True)}


def _parameters(seconds: float) -> mathopt.SolveParameters:
    """Return HiGHS's parameters: a time limit, and optimality up to the integral objective's unit."""
    return mathopt.SolveParameters(
        time_limit=timedelta(seconds=seconds), relative_gap_tolerance=1e-9, absolute_gap_tolerance=0.99
    )


def _chosen(
    result: mathopt.SolveResult, x: list[mathopt.Variable], agent: np.ndarray, job: np.ndarray, n: int
) -> np.ndarray:
    """Return the agent of each job in the result's best solution."""
    chosen = np.array(result.variable_values(x), dtype=np.float64) > 0.5
    assign = np.full(n, -1, dtype=np.int64)
    assign[job[chosen]] = agent[chosen]
    return assign


def highs_gap(
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    keep: np.ndarray,
    hint: np.ndarray | None,
    time_limit: float,
    interrupter: SolveInterrupter | None = None,
) -> MipOutcome:
    """Solve min sum cost*x over the kept pairs with HiGHS (MathOpt); costs and loads must be integral."""
    start = time.monotonic()
    n = cost.shape[1]
    model, x, agent, job = _gap_model(cost, load, cap, keep)
    model_params = None
    if hint is not None:
        model_params = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=_hint(x, agent, job, hint))]
        )
    params = _parameters(max(0.01, time_limit - (time.monotonic() - start)))
    if interrupter is not None and interrupter.interrupted:
        return MipOutcome(None, float("inf"), float("-inf"), False, time.monotonic() - start)
    result = mathopt.solve(
        model, mathopt.SolverType.HIGHS, params=params, model_params=model_params, interrupter=interrupter
    )
    seconds = time.monotonic() - start
    bound = float(result.dual_bound()) if np.isfinite(result.dual_bound()) else float("-inf")
    if not result.has_primal_feasible_solution():
        log.info("HiGHS member: no solution (%s) in %.1f s", result.termination.reason, seconds)
        return MipOutcome(None, float("inf"), bound, False, seconds)
    assign = _chosen(result, x, agent, job, n)
    objective = float(cost[assign, np.arange(n)].sum())
    proved = result.termination.reason == mathopt.TerminationReason.OPTIMAL
    log.info(
        "HiGHS member: %.0f bound %.1f (%s) in %.1f s", objective, bound, result.termination.reason, seconds
    )
    return MipOutcome(assign, objective, bound, proved, seconds)


def local_branching(
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    keep: np.ndarray,
    start_assign: np.ndarray,
    time_limit: float,
    radius: int = 10,
    step: float = 5.0,
    incumbent: Callable[[], np.ndarray | None] | None = None,
    on_improve: Callable[[np.ndarray], None] | None = None,
    interrupter: SolveInterrupter | None = None,
) -> np.ndarray:
    """Improve an assignment by local branching (Fischetti and Lodi, 2003) with HiGHS; return the best.

    Each round solves the model restricted to assignments within ``radius`` jobs of the best one (one row:
    at least n - radius jobs keep their agent) for at most ``step`` seconds. An improvement recentres the
    neighbourhood; a round without one widens it by half the radius. ``incumbent`` may hand in a better
    assignment found meanwhile by another member; it becomes the centre of the next round; ``on_improve``
    hears of each improvement. Stops early once a neighbourhood as wide as the model is solved to optimality.
    """
    start = time.monotonic()
    n = cost.shape[1]
    idx = np.arange(n)
    best = start_assign.copy()
    best_cost = float(cost[best, idx].sum())
    keep = keep.copy()
    keep[best, idx] = True
    model, x, agent, job = _gap_model(cost, load, cap, keep)
    position = np.full(cost.shape, -1, dtype=np.int64)
    position[agent, job] = np.arange(agent.size)
    near = model.add_linear_constraint(lb=float(n - radius))
    centre: np.ndarray | None = None
    width, rounds, improved = radius, 0, 0
    while (left := time_limit - (time.monotonic() - start)) > 0.05:
        if interrupter is not None and interrupter.interrupted:
            break
        other = incumbent() if incumbent is not None else None
        if other is not None and float(cost[other, idx].sum()) < best_cost and keep[other, idx].all():
            best, best_cost, width = other.copy(), float(cost[other, idx].sum()), radius
        if centre is None or not np.array_equal(centre, best):
            if centre is not None:
                for p in position[centre, idx].tolist():
                    near.set_coefficient(x[p], 0.0)
            for p in position[best, idx].tolist():
                near.set_coefficient(x[p], 1.0)
            centre = best.copy()
        near.lower_bound = float(max(0, n - width))
        hint = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=_hint(x, agent, job, best))]
        )
        params = _parameters(min(step, left))
        try:
            result = mathopt.solve(
                model, mathopt.SolverType.HIGHS, params=params, model_params=hint, interrupter=interrupter
            )
        except (RuntimeError, ValueError):  # a failing round must not lose the best assignment
            log.exception(
                "local branching: HiGHS failed in round %d; keeping cost %.0f", rounds + 1, best_cost
            )
            break
        rounds += 1
        found = _chosen(result, x, agent, job, n) if result.has_primal_feasible_solution() else None
        whole = result.termination.reason == mathopt.TerminationReason.OPTIMAL and width >= n
        if found is not None and (found >= 0).all() and float(cost[found, idx].sum()) < best_cost - 0.5:
            best, best_cost = found, float(cost[found, idx].sum())
            improved += 1
            if on_improve is not None:
                on_improve(best)
        else:
            width = min(n, width + max(1, radius // 2))
        if whole:
            break  # the neighbourhood was the whole model: the best is proved optimal (on the kept pairs)
    log.info("local branching: %d rounds, %d improving, cost %.0f", rounds, improved, best_cost)
    return best
