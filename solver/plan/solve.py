"""Solve a workforce plan: weighted or lexicographic objective, status checked, flows read back."""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from typing import Any

from ortools.linear_solver import pywraplp

from solver.plan.build import (
    OBJECTIVE_TERMS,
    build_model,
    term_components,
    term_expression,
    weighted_expression,
)
from solver.plan.decompose import components, coupling_reasons, subproblem
from solver.plan.model import Linear, PlanModel
from solver.plan.problem import PlanProblem
from solver.plan.result import FlowRow, Level, Penalty, PlanResult, UnitYear

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
PARTS_PER_WORKER = 8  # fewer parts than this per process are solved in this process
MAX_WORKERS = 8
CHUNKS_PER_WORKER = 20  # parts are handed out in chunks, about this many per process
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


def optimise(model: PlanModel, deadline: float) -> tuple[str, list[Level]]:
    """Optimise the objective, fixing each lexicographic level in turn; return the status and levels."""
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
        if i + 1 + len(held) < len(order):
            hold_level(model, expression, value, status)
            for term in held:
                for contribution in model.terms:
                    if contribution.component in term_components(term):
                        contribution.variable.SetBounds(0.0, 0.0)
        i += 1 + len(held)
    return status, levels


def optimise_integer(build: Callable[[], PlanModel], deadline: float) -> tuple[PlanModel, str, list[Level]]:
    """Optimise a model from ``build``, built again with fewer levels fixed at zero while that fails."""
    model = build()
    status, levels = optimise(model, deadline)
    while status == FLOORS_INFEASIBLE:
        max_floors = model.max_floors
        model = build()
        model.max_floors = max_floors
        status, levels = optimise(model, deadline)
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
    activities = solver.ComputeConstraintActivities()
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


def solve_plan(
    problem: PlanProblem,
    relax: bool = False,
    time_limit: float = 60.0,
    explain: bool = True,
    improve_seconds: float = 0.0,
) -> PlanResult:
    """Solve ``problem`` (its LP relaxation when ``relax``) and explain the result.

    ``improve_seconds``: how long a coupled plan of many units may spend on alternative plans for its
    parts after they are first solved (``plan/columns.py``); 0 keeps the first plans.
    """
    from solver.plan.explain import explain_goals, find_conflict  # explain imports this module

    started = time.monotonic()
    deadline = started + time_limit
    parts = components(problem)
    if not relax and len(parts) > 1:
        merged = solve_parts(problem, parts, deadline, explain)
        if merged is not None:
            log.info(
                "plan %s solved in %d parts in %.2fs", problem.name, len(parts), time.monotonic() - started
            )
            return merged
    start: PlanResult | None = None
    if not relax and len(parts) == 1:
        from solver.plan.allocate import solve_allocated, start_by_shares  # allocate imports this module

        allocated = solve_allocated(problem, deadline, explain, improve_seconds)
        if allocated is not None:
            log.info("plan %s solved by LP shares in %.2fs", problem.name, time.monotonic() - started)
            return allocated
        start = start_by_shares(problem, deadline, explain)
    model, status, levels = optimise_integer(lambda: build_model(problem, relax), deadline)
    if start is not None and status not in SOLVED:
        return _start_stands(problem, start, "no plan")
    if status not in SOLVED:
        result = PlanResult(status=status, objective=None, relaxed=relax, levels=levels)
        if status == "infeasible" and explain:
            result.conflict = find_conflict(problem, relax, deadline)
            result.explanation = [f"No plan meets these goals together: {', '.join(result.conflict)}."]
        elif status == "time_limit":
            result.message = "no plan found within the time limit; allow more time or solve the LP (--relax)"
        else:
            result.message = f"the solver ended with status {status}"
        return result
    result = read_result(model, status, levels)
    if start is not None and not better(result, start):
        return _start_stands(problem, start, "no better plan")
    if explain:
        # Explaining re-solves the LP; give it a little time even when the main solve used all of it.
        explain_goals(model, result, max(deadline, time.monotonic() + min(10.0, time_limit)))
    log.info("plan %s solved in %.2fs", problem.name, time.monotonic() - started)
    return result


def _start_stands(problem: PlanProblem, start: PlanResult, found: str) -> PlanResult:
    """Return the plan by LP shares when the whole model did not beat it within the time limit."""
    start.message += f"; the whole model found {found} within the time limit"
    log.info("plan %s: the plan by LP shares stands", problem.name)
    return start


def better(result: PlanResult, start: PlanResult) -> bool:
    """Say whether a plan is at least as good as the start: lexicographically by its levels, or by its
    objective (``columns.no_worse_before_last`` asks something else: every level but the last ≤)."""
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


def solve_parts(
    problem: PlanProblem, parts: list[list[str]], deadline: float, explain: bool
) -> PlanResult | None:
    """Solve each independent group of units alone and add the results up.

    Many parts are shared out over the machine's cores (a process each, forked, so nothing is imported
    twice). Returns None when a part is not solved (infeasible or out of time): the whole problem is then
    solved as one model, which finds the conflict or reports the time limit for the plan as a whole.
    """
    problems = [subproblem(problem, units) for units in parts]
    workers = min(len(os.sched_getaffinity(0)), len(problems) // PARTS_PER_WORKER, MAX_WORKERS)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        results = _solve_chunks_in_pool(problems, workers, deadline, explain)
    else:
        results = _solve_chunk(problems, deadline, explain)
    if any(r is None for r in results):
        return None
    return merge_results(problem, [r for r in results if r is not None])


def _solve_chunks_in_pool(
    problems: list[PlanProblem], workers: int, deadline: float, explain: bool
) -> list[PlanResult | None]:
    """Solve the parts in small chunks handed to whichever process is free (forked, so nothing is
    imported twice); a part not solved cancels the chunks not yet started.

    Parts differ a lot in difficulty (the bank's units: 0.02–0.8 s each of SCIP), so fixed shares can
    leave one core idle at the end; small chunks (a twentieth of a process's share) keep both busy.
    """
    size = max(1, len(problems) // (workers * CHUNKS_PER_WORKER))
    starts = range(0, len(problems), size)
    results: list[PlanResult | None] = [None] * len(problems)
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_solve_chunk, problems[start : start + size], deadline, explain): start
            for start in starts
        }
        for future in concurrent.futures.as_completed(futures):
            chunk = future.result()
            start = futures[future]
            results[start : start + len(chunk)] = chunk
            if any(r is None for r in chunk):
                for other in futures:
                    other.cancel()
                break
    return results


def _solve_chunk(problems: list[PlanProblem], deadline: float, explain: bool) -> list[PlanResult | None]:
    """Solve parts one after the other; None for a part not solved (and for every part after it)."""
    results: list[PlanResult | None] = []
    for part in problems:
        result = solve_plan(part, relax=False, time_limit=deadline - time.monotonic(), explain=explain)
        if result.status not in SOLVED:
            return results + [None] * (len(problems) - len(results))
        results.append(result)
    return results


def merge_results(problem: PlanProblem, results: list[PlanResult]) -> PlanResult:
    """Add up the results of independent parts: levels, terms and objective are sums, rows are joined."""
    status = "optimal" if all(r.status == "optimal" for r in results) else "feasible"
    merged = PlanResult(status=status, objective=None, relaxed=False)
    if problem.objective.mode == "lexicographic":
        order = problem.objective.order
        merged.levels = [
            Level(term=term, value=round(sum(_level(r, term) for r in results), 6) + 0.0) for term in order
        ]
        merged.objective = merged.levels[-1].value if merged.levels else 0.0
    else:
        merged.objective = round(sum(r.objective or 0.0 for r in results), 6)
    # Each part's absolute gap is on its own last level; the whole is within their sum of the optimum.
    slack = sum(abs((r.objective or 0.0) - r.best_bound) for r in results if r.best_bound is not None)
    merged.best_bound = round(merged.objective - slack, 6)
    merged.gap = round(slack / max(1.0, abs(merged.objective)), 6)
    terms = {name for r in results for name in r.terms}
    merged.terms = {name: round(sum(r.terms.get(name, 0.0) for r in results), 6) for name in sorted(terms)}
    for r in results:
        merged.flows += r.flows
        merged.units += r.units
        merged.goals += r.goals
        merged.penalties += r.penalties
        merged.explanation += r.explanation
    order_of = {u.name: i for i, u in enumerate(problem.units)}
    merged.flows.sort(key=lambda row: (row.year, order_of[row.unit]))
    merged.units.sort(key=lambda row: (row.year, order_of[row.unit]))
    merged.message = f"solved as {len(results)} independent parts (no bank-wide goal or cap couples them)"
    return merged


def _level(result: PlanResult, term: str) -> float:
    """Return a part's value of one lexicographic level (0 when the part never reached it)."""
    return next((level.value for level in result.levels if level.term == term), 0.0)


def value(var: Any) -> float:
    """Return a variable's value (or a constant), rounded to suppress solver noise."""
    raw = var.solution_value() if hasattr(var, "solution_value") else float(var)
    return round(raw, 6) + 0.0


def read_result(model: PlanModel, status: str, levels: list[Level]) -> PlanResult:
    """Read flows, unit totals, objective terms and paid penalties from a solved model."""
    problem = model.problem
    result = PlanResult(
        status=status,
        objective=round(model.solver.Objective().Value(), 6),
        relaxed=model.relax,
        levels=levels,
    )
    if not model.relax and result.objective is not None:
        bound = model.solver.Objective().BestBound()
        result.best_bound = round(bound, 6)
        result.gap = round(abs(result.objective - bound) / max(1.0, abs(result.objective)), 6)
    by_component: dict[str, float] = {}
    for term in model.terms:
        amount = term.unit_cost * term.variable.solution_value()
        by_component[term.component] = by_component.get(term.component, 0.0) + amount
    result.terms = {
        name: round(sum(by_component.get(c, 0.0) for c in term_components(name)), 6) + 0.0
        for name in OBJECTIVE_TERMS
    }
    index = {g.name: i for i, g in enumerate(problem.grades)}
    for t in problem.year_range():
        for unit in problem.units:
            u = unit.name
            for g in problem.grades:
                row = FlowRow(year=t, unit=u, grade=g.name, opening=value(model.stock(t - 1, u, g.name)))
                row.hires = {
                    c.name: value(model.hires[t, u, c.name]) for c in problem.channels if c.grade == g.name
                }
                row.moves_in = {
                    k.name: value(model.moves[t, u, k.name])
                    for k in problem.transitions
                    if k.to_grade == g.name
                }
                row.moves_out = {
                    k.name: value(model.moves[t, u, k.name])
                    for k in problem.transitions
                    if k.from_grade == g.name
                }
                row.exits = {a.name: value(model.exits[t, u, g.name, a.name]) for a in problem.exit_actions}
                for a in problem.exit_actions:
                    source = index[g.name] - (a.to_grade_offset or 0)
                    if a.to_grade_offset and 0 <= source < len(problem.grades):
                        row.demoted_in[a.name] = value(model.exits[t, u, problem.grades[source].name, a.name])
                row.attrition = value(model.attrition[t, u, g.name])
                row.short_time = value(model.short_time.get((t, u, g.name), 0.0))
                row.closing = value(model.closing[t, u, g.name])
                result.flows.append(row)
            cm = sum(value(model.closing[t, u, g.name]) for g in problem.grades)
            total = round(model.evaluate(model.total_staff(t, u)), 6)
            share = round(cm / total, 6) if unit.other_staff is not None and total > 0 else None
            result.units.append(UnitYear(year=t, unit=u, cm_headcount=cm, total_staff=total, cm_share=share))
    for term in model.terms:
        quantity = value(term.variable)
        if abs(quantity) > 1e-6 and term.component not in ("exits", "surplus"):
            amount = round(quantity * term.unit_cost, 6)
            result.penalties.append(Penalty(term.name, term.component, quantity, term.unit_cost, amount))
    return result
