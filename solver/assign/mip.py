"""HiGHS MIP member of the GAP portfolio, through OR-Tools MathOpt (in-process; never import highspy here).

The textbook GAP model on the kept pairs (binary x, one agent per job, capacity rows), hinted with the best
heuristic assignment. Returns the best assignment found, its objective and HiGHS's dual bound.
"""

from __future__ import annotations

import logging
import time
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
    model_params = None
    if hint is not None:
        on = set((hint * n + np.arange(n)).tolist())
        flat = (agent * n + job).tolist()
        values = {v: (1.0 if f in on else 0.0) for v, f in zip(x, flat, strict=True)}
        model_params = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=values)]
        )
    params = mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, time_limit - (time.monotonic() - start))),
        relative_gap_tolerance=1e-9,
        absolute_gap_tolerance=0.99,  # integral objective
    )
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
    chosen = np.array(result.variable_values(x), dtype=np.float64) > 0.5
    assign = np.full(n, -1, dtype=np.int64)
    assign[job[chosen]] = agent[chosen]
    objective = float(cost[assign, np.arange(n)].sum())
    proved = result.termination.reason == mathopt.TerminationReason.OPTIMAL
    log.info(
        "HiGHS member: %.0f bound %.1f (%s) in %.1f s", objective, bound, result.termination.reason, seconds
    )
    return MipOutcome(assign, objective, bound, proved, seconds)
