"""The Lagrangian bound of a coupled plan (a bench measurement): parts priced by the LP duals."""

from __future__ import annotations

import time

from bench.plan import WEIGHTS, generate_plan
from bench.plan_lagrange import lagrangian_bound
from solver.plan.build import build_model
from solver.plan.decompose import components
from solver.plan.optimise import optimise
from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan


def small_bank() -> PlanProblem:
    """Return four units under bank-wide channel caps, budget and structure goals, weighted."""
    data = generate_plan(seed=3, units=4, years=3)
    data["objective"] = {"mode": "weighted", "weights": WEIGHTS}
    for channel in data["channels"]:
        channel["max_per_year"] = 10  # tight enough that the caps bind and carry prices
    return PlanProblem.from_json(data)


def test_lagrangian_bound_lies_between_the_lp_bound_and_the_integer_optimum() -> None:
    problem = small_bank()
    lp = build_model(problem, relax=True)
    status, _ = optimise(lp, time.monotonic() + 30)
    assert status == "optimal"
    assert any(row.dual_value() < -1e-6 for row in lp.solver.constraints() if "intake_cap" in row.name())
    bound = lagrangian_bound(lp, components(problem, bank_wide=False), time.monotonic() + 30)
    optimum = solve_plan(problem, time_limit=60, explain=False)  # few units: one SCIP model, proven
    assert optimum.status == "optimal" and bound is not None
    assert lp.solver.Objective().Value() - 1e-6 <= bound <= optimum.objective + 1e-6
