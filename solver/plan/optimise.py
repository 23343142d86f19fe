"""One plan model, one solve: SCIP's settings, the weighted or lexicographic objective, the status checked.

Everything above this module (parts, shares, the strategy of ``solve.py``) solves its models through it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from ortools.linear_solver import pywraplp

from solver.plan.build import term_components, term_expression, weighted_expression
from solver.plan.control import PlanControl, stopped
from solver.plan.decompose import coupling_reasons
from solver.plan.model import Linear, PlanModel
from solver.plan.result import Level

log = logging.getLogger(__name__)

STATUS_NAMES = {
    pywraplp.Solver.OPTIMAL: "optimal",
    pywraplp.Solver.FEASIBLE: "feasible",
    pywraplp.Solver.INFEASIBLE: "infeasible",
    pywraplp.Solver.UNBOUNDED: "unbounded",
    pywraplp.Solver.ABNORMAL: "error",
    pywraplp.Solver.NOT_SOLVED: "time_limit",
}
SOLVED = ("optimal", "feasible")
# SCIP on a model no bank-wide row couples (one unit, or a part): no cutting planes, best-first node
# selection diving at least 10 levels before it jumps (fewer LP warm starts lost), no scaling of the LPs
# (these small models are well scaled), and the primal heuristics that cost more than they find here
# switched off. Measured on the 200 units of the bank with unit-level goals, weighted, one process: SCIP's
# time 20.6 s with cuts off alone, 16.3 s with the heuristics and best-first, 15.0 s without scaling, and
# 7% less again with the deeper dives (depth-first alone did as well, but never raises the bound of a
# solve cut short by its time limit); same optima. Every heuristic off took 35 s, so RENS, Farkas diving
# and the other defaults stay.
_HEURISTICS_OFF = (
    "feaspump",
    "crossover",
    "rins",
    "shifting",
    "locks",
    "adaptivediving",
    "conflictdiving",
    "shiftandpropagate",
)
SCIP_PARAMETERS = (
    "separating/maxroundsroot = 0\nseparating/maxrounds = 0\n"
    "nodeselection/bfs/stdpriority = 1000000\nnodeselection/bfs/minplungedepth = 10\nlp/scaling = 0\n"
    + "".join(f"heuristics/{name}/freq = -1\n" for name in _HEURISTICS_OFF)
)
# An integer model whose leading levels could not all be held at zero: build it again without trying.
FLOORS_INFEASIBLE = "floors_infeasible"


def run_solver(model: PlanModel, deadline: float) -> str:
    """Solve the model within the time left before ``deadline`` and return the status name."""
    remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
    model.solver.SetTimeLimit(remaining_ms)
    params = pywraplp.MPSolverParameters()
    if not model.relax:
        params.SetDoubleParam(pywraplp.MPSolverParameters.RELATIVE_MIP_GAP, model.mip_gap)
        if not coupling_reasons(model.problem):
            # On models without bank-wide rows (one unit, or a part) cutting planes cost far more than they
            # gain (measured: a unit's four levels 0.36 s → 0.09 s, same optima); with bank-wide rows they
            # pay off (the rural example: 2 s with cuts, 13 s without), so SCIP keeps its defaults there.
            model.solver.SetSolverSpecificParametersAsString(SCIP_PARAMETERS)
    status = STATUS_NAMES.get(model.solver.Solve(params), "error")
    log.info("plan solve: %s after %.2fs", status, model.solver.WallTime() / 1000)
    return status


def optimise(
    model: PlanModel, deadline: float, control: PlanControl | None = None
) -> tuple[str, list[Level]]:
    """Optimise the objective, fixing each lexicographic level in turn; return the status and levels.

    When ``control`` asks to stop after a level, the status is "feasible" with the levels solved so far: the
    model's solution meets every rule, the later levels are just not optimised.
    """
    objective = model.problem.objective
    if objective.mode == "weighted":
        model.minimise(weighted_expression(model, objective.weights))
        status = run_solver(model, deadline)
        return status, []
    levels: list[Level] = []
    status = "optimal"
    order = objective.order
    i = 0
    while i < len(order):
        try_floors = model.relax or (i == 0 and model.max_floors > 0)
        floors, status = skip_floors(model, order, i, deadline) if try_floors else ([], "")
        if status == FLOORS_INFEASIBLE:
            return status, []
        levels += [Level(term=term, value=term_floor(model, term)) for term in floors]
        i += len(floors)
        expression = term_expression(model, order[i])
        if status not in SOLVED and status not in ("", "infeasible"):
            return status, levels  # out of time while trying the floors
        if not floors:
            model.minimise(expression)
            status = run_solver(model, deadline)
        if status not in SOLVED:
            return status, levels
        value = model.solver.Objective().Value()
        levels.append(Level(term=order[i], value=round(value, 6) + 0.0))
        # Later terms the solution already holds at their floor of zero need no solve of their own.
        held: list[str] = []
        while i + 1 + len(held) < len(order) and at_floor(model, order[i + 1 + len(held)]):
            held.append(order[i + 1 + len(held)])
        levels += [Level(term=term, value=0.0) for term in held]
        if i + 1 + len(held) < len(order) and stopped(control):
            # Before the level is held, so the model keeps its solution: feasible, optimal for these levels.
            return "feasible", levels
        if i + 1 + len(held) < len(order):
            hold_level(model, expression, value, status)
            for term in held:
                for contribution in model.terms:
                    if contribution.component in term_components(term):
                        contribution.variable.SetBounds(0.0, 0.0)
        i += 1 + len(held)
    return status, levels


def optimise_integer(
    build: Callable[[], PlanModel], deadline: float, control: PlanControl | None = None
) -> tuple[PlanModel, str, list[Level]]:
    """Optimise a model from ``build``, built again with fewer levels fixed at zero while that fails."""
    model = build()
    status, levels = optimise(model, deadline, control)
    while status == FLOORS_INFEASIBLE:
        max_floors = model.max_floors
        model = build()
        model.max_floors = max_floors
        status, levels = optimise(model, deadline, control)
    return model, status, levels


def skip_floors(model: PlanModel, order: list[str], i: int, deadline: float) -> tuple[list[str], str]:
    """Fix the terms from ``order[i]`` on at zero while the next term can still be minimised; return them.

    Shortfall and structure violation are often zero in the best plan: fixing them at zero and minimising
    the next term straight away saves a solve per such level. The longest run of such terms is tried
    first; when the next term's solve finds it infeasible, the last fixed term is released and the run
    shortened. A successful run leaves the model solved for the term after it (its status is returned).
    SCIP refuses a solve after bounds are widened again, so an integer model tries one run (at most
    ``max_floors`` long) and says FLOORS_INFEASIBLE when it fails: ``optimise_integer`` then builds the
    model again with a shorter run. (A unit of the bank: shortfall and structure fixed, exits minimised
    at once; fixing exits too is refused at once by SCIP's presolve.)
    """
    floors: list[str] = []
    limit = len(order) if model.relax else model.max_floors
    while (
        len(floors) < limit and i + len(floors) + 1 < len(order) and floorable(model, order[i + len(floors)])
    ):
        floors.append(order[i + len(floors)])
    while floors:
        saved = [
            (t.variable, t.variable.lb(), t.variable.ub())
            for t in model.terms
            if any(t.component in term_components(term) for term in floors)
        ]
        for var, _, _ in saved:
            var.SetBounds(0.0, 0.0)
        # An integer model holds a term with a positive floor (exits) at that floor by a row instead.
        for term in floors:
            if term_floor(model, term) > 0:
                mine = {id(t.variable) for t in model.terms if t.component in term_components(term)}
                for var, lower, upper in saved:
                    if id(var) in mine:
                        var.SetBounds(lower, upper)
                model.add_row(f"floor[{term}]", term_expression(model, term), ub=term_floor(model, term))
        model.minimise(term_expression(model, order[i + len(floors)]))
        status = run_solver(model, deadline)
        if status in SOLVED:
            return floors, status
        if not model.relax:
            model.max_floors = len(floors) - 1
            return [], FLOORS_INFEASIBLE if status == "infeasible" else status
        for var, lower, upper in reversed(saved):
            var.SetBounds(lower, upper)
        if status != "infeasible":
            return [], status
        floors.pop()
    return [], ""


def term_floor(model: PlanModel, term: str) -> float:
    """Return a proven floor of a floorable term: 0, or for exits in an integer model the exit minimums.

    Each group's yearly minimum row sums the exits of its own units at price 1, and no two rows share an
    exit, so all exits ≥ the sum of the minimums (the exit minimums switched on in this model). A unit of
    the bank then needs one SCIP solve for its four levels instead of two. Not for the LP: the bank's
    LP took 6.8 s with exits held at their floor against 4.8 s minimising them as a level.
    """
    if model.relax or term != "exits":
        return 0.0
    rows = [rows[0] for name, rows in model.goal_rows.items() if name.startswith("exit_minimum[")]
    return float(sum(max(0.0, row.lb()) for row in rows))


def floorable(model: PlanModel, term: str) -> bool:
    """Say whether a term sums non-negative variables at non-negative prices (so zero is its floor)."""
    contributions = [t for t in model.terms if t.component in term_components(term)]
    return bool(contributions) and all(t.unit_cost >= 0 and t.variable.lb() >= 0 for t in contributions)


def hold_level(model: PlanModel, expression: Linear, value: float, status: str) -> None:
    """Keep the next levels within this level's optimum."""
    if model.relax and status == "optimal":
        hold_optimal_face(model)
        return
    # This level's solution is feasible for the next one: hand it over as a starting point.
    variables = model.solver.variables()
    model.solver.SetHint(variables, [v.solution_value() for v in variables])
    slack = model.problem.objective.tolerance * max(1.0, abs(value))
    model.add_row("level", expression, ub=value + slack)


def at_floor(model: PlanModel, term: str) -> bool:
    """Say whether every variable of a term (all non-negative, with non-negative prices) is at zero."""
    contributions = [t for t in model.terms if t.component in term_components(term)]
    return all(t.unit_cost >= 0 and abs(t.variable.solution_value()) <= 1e-9 for t in contributions)


def hold_optimal_face(model: PlanModel, tolerance: float = 1e-9) -> None:
    """Keep the next LP level on this level's optimal face, by complementary slackness.

    An LP solution is optimal exactly when every variable with a non-zero reduced cost sits at its bound
    and every row with a non-zero dual is tight. Fixing those (instead of adding a dense row "term ≤
    optimum") keeps the model sparse and lets the simplex start from the current basis.
    """
    solver = model.solver
    # Read the whole solution before changing anything: a change invalidates it.
    activities = model.activities()
    fixed_vars = [
        (var, var.solution_value()) for var in solver.variables() if abs(var.reduced_cost()) > tolerance
    ]
    tight_rows = [
        (row, activities[row.index()]) for row in solver.constraints() if abs(row.dual_value()) > tolerance
    ]
    for var, value in fixed_vars:
        var.SetBounds(value, value)
    for row, activity in tight_rows:
        model.original_bounds.setdefault(row.index(), (row.lb(), row.ub()))
        row.SetBounds(activity, activity)
