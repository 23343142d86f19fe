"""The plan model's own bookkeeping, apart from any rule."""

from __future__ import annotations

import time

from ortools.linear_solver import pywraplp

from solver.plan.model import PlanModel
from solver.plan.optimise import run_solver
from solver.plan.problem import PlanProblem


def test_a_rows_activity_is_the_exact_sum_of_its_terms_in_whatever_order_the_solver_keeps_them() -> None:
    # 1e16 + 1 − 1e16 is 0 added left to right in floating point and 1 in other orders; OR-Tools' own
    # activities add a row's terms in an order that follows the variables' addresses.
    problem = PlanProblem.from_json(
        {
            "years": 1,
            "grades": [{"name": "cm", "attrition": 0.0}],
            "units": [{"name": "b", "opening": {"cm": 1}}],
        }
    )
    model = PlanModel(problem=problem, solver=pywraplp.Solver.CreateSolver("GLOP"), relax=True)
    x, y, z = (model.solver.NumVar(1.0, 1.0, name) for name in "xyz")
    model.add_row("big", [(1e16, x), (1.0, y), (-1e16, z)])
    model.add_row("small", [(2.0, x), (0.5, y)])
    model.minimise([])
    assert run_solver(model, time.monotonic() + 10) == "optimal"
    assert model.activities() == [1.0, 2.5]
