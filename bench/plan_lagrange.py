"""A Lagrangian lower bound for a coupled plan: parts priced by the LP duals of the bank-wide rows.

Pricing the bank-wide "≤" rows ``A·x ≤ b`` at ``λ ≥ 0`` splits the plan: for every integer plan within
the rows, ``c·x ≥ c·x + λ·(A·x − b) = Σ_p (c_p + λ·A_p)·x_p + (terms of no part) − λ·b``, and each part's
priced minimum may be replaced by any proven lower bound on it (SCIP's best bound). With ``λ`` the LP
duals each part's LP minimum is its share of the LP optimum, so the bound is at least the LP bound.
Weighted objectives only (a lexicographic level would need the earlier levels' rows priced too).

Measured on the bank benchmark (200 units, weighted): 435,913.8 against the LP's 435,831.3 (+0.019%),
after 130 s of HiGHS part solves (priced parts without their caps are slow: 0.15–0.65 s each; SCIP did
not finish the 200 parts in 160 s). The LP bound is
nearly tight at its own prices there; the gap reported for coupled plans is the plan's, not the bound's.
So the solver does not spend its time limit on this bound; this measures it:

    python bench/plan_lagrange.py --units 20    # the bench bank (weighted): LP bound and Lagrangian bound
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Any

from ortools.linear_solver import linear_solver_pb2, pywraplp

# Run against the checkout this file is in, even when another checkout is installed in the environment.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.plan import WEIGHTS, generate_plan
from solver.plan.build import build_model, weighted_expression
from solver.plan.decompose import bank_wide_rows, components, subproblem
from solver.plan.model import PlanModel
from solver.plan.optimise import SCIP_PARAMETERS, optimise
from solver.plan.problem import PlanProblem

PART_GAP = 1e-4  # each part's bound is SCIP's best bound, so a looser gap only weakens it


def lagrangian_bound(lp: PlanModel, parts: list[list[str]], deadline: float) -> float | None:
    """Return the Lagrangian bound of a weighted coupled plan at its LP duals; None if a part is not solved.

    ``lp`` is the plan's LP relaxation, solved with its weighted objective.
    """
    problem = lp.problem
    weights = problem.objective.weights
    rows = bank_wide_rows(problem)
    proto = linear_solver_pb2.MPModelProto()
    lp.solver.ExportModelToProto(proto)
    prices = {
        row.name: max(0.0, -lp.solver.constraints()[i].dual_value())
        for i, row in enumerate(proto.constraint)
        if row.name in rows
    }
    limits = {row.name: row.upper_bound for row in proto.constraint if row.name in rows}
    in_part = {v.index() for table in _unit_tables(lp) for v in table}
    free = _terms_of_no_part(proto, prices, in_part)
    if free is None:
        return None
    bound = free - sum(prices[name] * limits[name] for name in prices)
    for units in parts:
        part = build_model(subproblem(problem, units, bank_wide_goals=True), relax=False)
        part.minimise(weighted_expression(part, weights))
        part_proto = linear_solver_pb2.MPModelProto()
        part.solver.ExportModelToProto(part_proto)
        variables, objective = part.solver.variables(), part.solver.Objective()
        for row, spec in zip(part.solver.constraints(), part_proto.constraint, strict=True):
            if spec.name not in rows:
                continue
            row.SetUb(math.inf)  # priced instead of imposed
            price = prices.get(spec.name, 0.0)
            for j, a in zip(spec.var_index, spec.coefficient, strict=True):
                var = variables[j]
                objective.SetCoefficient(var, objective.GetCoefficient(var) + price * a)
        part.solver.SetTimeLimit(max(1, int((deadline - time.monotonic()) * 1000)))
        part.solver.SetSolverSpecificParametersAsString(SCIP_PARAMETERS)
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(pywraplp.MPSolverParameters.RELATIVE_MIP_GAP, PART_GAP)
        status = part.solver.Solve(params)
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return None
        bound += objective.BestBound()
    return bound


def _unit_tables(lp: PlanModel) -> list[list[Any]]:
    """Return the variables that belong to a unit (and so to a part)."""
    tables = [lp.closing, lp.attrition, lp.hires, lp.moves, lp.exits, lp.short_time]
    unit_vars = [list(table.values()) for table in tables]
    unit_vars.append([lp.surplus[t.name] for t in lp.problem.targets if t.unit is not None])
    unit_vars.append([lp.shortfall[t.name] for t in lp.problem.targets if t.unit is not None])
    return unit_vars


def _terms_of_no_part(
    proto: linear_solver_pb2.MPModelProto, prices: dict[str, float], in_part: set[int]
) -> float | None:
    """Return the least priced cost of the variables of no unit (a bank-wide goal's slack), None if −∞.

    A dual within the LP's tolerance may price such a slack a hair below zero, which would make the bound
    −∞: the price of its row is lowered just enough first (any prices ≥ 0 give a valid bound).
    """
    names = [row.name for row in proto.constraint]

    def priced() -> list[float]:
        cost = [var.objective_coefficient for var in proto.variable]
        for row in proto.constraint:
            price = prices.get(row.name, 0.0)
            for j, a in zip(row.var_index, row.coefficient, strict=True):
                cost[j] += price * a
        return cost

    cost = priced()
    for i, row in enumerate(proto.constraint):
        for j, a in zip(row.var_index, row.coefficient, strict=True):
            if j not in in_part and a < 0 and cost[j] < 0 and math.isinf(proto.variable[j].upper_bound):
                prices[names[i]] = max(0.0, prices.get(names[i], 0.0) + cost[j] / -a)
                cost = priced()
    least = 0.0
    for j, var in enumerate(proto.variable):
        if j in in_part:
            continue
        value = var.upper_bound if cost[j] < 0 else var.lower_bound
        if math.isinf(value):
            return None
        least += cost[j] * value
    return least


def main() -> None:
    """Print the LP bound and the Lagrangian bound of the bench bank with the weighted objective."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    data = generate_plan(args.seed, units=args.units)
    data["objective"] = {"mode": "weighted", "weights": WEIGHTS}
    problem = PlanProblem.from_json(data)
    deadline = time.monotonic() + args.time_limit
    lp = build_model(problem, relax=True)
    status, _ = optimise(lp, deadline)
    if status != "optimal":
        raise SystemExit(f"the LP ended {status}")
    started = time.monotonic()
    bound = lagrangian_bound(lp, components(problem, bank_wide=False), deadline)
    lp_bound = lp.solver.Objective().Value()
    found = "not found in time" if bound is None else f"{bound:,.1f} ({(bound - lp_bound) / lp_bound:+.3%})"
    print(f"LP bound {lp_bound:,.1f}; Lagrangian bound {found}, {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
