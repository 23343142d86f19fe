"""Coupled integer plans: share the bank-wide rows out by the LP, then solve the units part by part.

When bank-wide rows (channel caps, budget, structure goals over all units) tie every unit together, one
integer model of a large bank is beyond SCIP in seconds. Instead:

1. solve the LP relaxation of the whole plan (its level values are proven lower bounds);
2. give each part (units joined by peer groups or pools) its share of every bank-wide "≤" row, the row's
   activity over the part's variables in the LP solution; the LP's slack on the row goes to the first
   part, and on down the line;
3. solve the parts one after the other as small integer models, each within its share plus what the
   parts before it left unused (a part that uses less passes the rest on);
4. add the parts up. Every part stays within its room, so every bank-wide row holds for the whole plan:
   the plan is feasible. Its levels are compared with the LP's: the first level above the LP bound
   carries the proven gap (the LP bound is valid; the plan may be better than the gap says).
"""

from __future__ import annotations

from typing import Any

from ortools.linear_solver import linear_solver_pb2

from solver.plan.build import build_model
from solver.plan.decompose import bank_wide_rows, components, subproblem
from solver.plan.explain import explain_goals, goal_kind, shadow_prices
from solver.plan.model import PlanModel
from solver.plan.problem import PlanProblem
from solver.plan.result import GoalReport, PlanResult
from solver.plan.solve import (
    SOLVED,
    merge_results,
    optimise,
    read_result,
)

MIN_PARTS = 8  # fewer parts: one model (SCIP proves the optimum of small coupled plans)
OPTIMAL_GAP = 1e-4  # the relative gap SCIP calls optimal
# A part stops within 0.1% of its optimum: the plan's gap is measured against the LP bound (1–4% here), so a
# tighter part gap buys nothing visible (200 units, weighted: 1e-4 26 s, 1e-3 14 s, gap 1.0625% → 1.0627%).
PART_GAP = 1e-3
Share = dict[str, float]


def solve_allocated(problem: PlanProblem, deadline: float, explain: bool) -> PlanResult | None:
    """Solve a coupled integer plan part by part within LP shares; None when this does not apply or fails."""
    if any(t.unit is None for t in problem.targets):
        return None
    parts = components(problem, bank_wide=False)
    if len(parts) < MIN_PARTS:
        return None
    lp = build_model(problem, relax=True)
    status, lp_levels = optimise(lp, deadline)
    if status not in SOLVED:
        return None
    shares, available = lp_shares(lp, parts)
    if shares is None:
        return None
    # One chain: the LP's slack on a bank-wide row then goes wherever a part needs it. Two chains on two
    # cores, each with half the slack, were no faster on a shared machine and worse (20 units: gap 9.7%
    # against 4.6% with one chain; 200 units: 4.0% in 20 s against 3.4% in 17 s).
    solved = _solve_chain((problem, parts, shares, available), deadline, explain)
    if solved is None:
        return None
    results = [result for result, _ in solved]
    activity: Share = dict.fromkeys(available, 0.0)
    for _, used in solved:
        for name, value in used.items():
            activity[name] += value
    merged = merge_results(problem, results)
    bank_goals(lp, merged, activity, deadline if explain else None)
    prove(problem, merged, lp, lp_levels, len(parts))
    return merged


def lp_shares(lp: PlanModel, parts: list[list[str]]) -> tuple[list[Share] | None, Share]:
    """Return each part's activity in every bank-wide row at the LP solution, and each row's LP slack."""
    rows = bank_wide_rows(lp.problem)
    part_of_unit = {unit: i for i, units in enumerate(parts) for unit in units}
    part_of_var: dict[int, int] = {}
    for table in (lp.closing, lp.attrition, lp.hires, lp.moves, lp.exits, lp.short_time):
        for key, var in table.items():
            part_of_var[var.index()] = part_of_unit[key[1]]
    for target in lp.problem.targets:
        if target.unit is not None:
            part_of_var[lp.surplus[target.name].index()] = part_of_unit[target.unit]
            part_of_var[lp.shortfall[target.name].index()] = part_of_unit[target.unit]
    values = [v.solution_value() for v in lp.solver.variables()]
    # Variables of no unit (a bank-wide goal's slack) must be unused: the parts pay their own slack.
    if any(abs(values[j]) > 1e-9 for j in range(len(values)) if j not in part_of_var):
        return None, {}
    proto = linear_solver_pb2.MPModelProto()
    lp.solver.ExportModelToProto(proto)
    shares: list[Share] = [{} for _ in parts]
    available: Share = {}
    for index, row in enumerate(proto.constraint):
        if row.name not in rows:
            continue
        upper = lp.original_bounds.get(index, (row.lower_bound, row.upper_bound))[1]
        total = 0.0
        for j, coefficient in zip(row.var_index, row.coefficient, strict=True):
            if j in part_of_var and values[j]:
                part = shares[part_of_var[j]]
                part[row.name] = part.get(row.name, 0.0) + coefficient * values[j]
                total += coefficient * values[j]
        available[row.name] = max(0.0, upper - total)
    return shares, available


def _solve_chain(
    args: tuple[PlanProblem, list[list[str]], list[Share], Share], deadline: float, explain: bool
) -> list[tuple[PlanResult, Share]] | None:
    """Solve a chain of parts in turn, each within its share plus what the parts before left unused."""
    problem, parts, shares, carry = args
    carry = dict(carry)
    rows = bank_wide_rows(problem)
    out = []
    for units, share in zip(parts, shares, strict=True):
        model = build_model(subproblem(problem, units, bank_wide_goals=True), relax=False)
        model.mip_gap = PART_GAP
        limited = [row for row in model.solver.constraints() if row.name() in rows]
        room = {row.name(): share.get(row.name(), 0.0) + carry.get(row.name(), 0.0) for row in limited}
        for row in limited:
            row.SetUb(room[row.name()] + 1e-7)
        status, levels = optimise(model, deadline)
        if status not in SOLVED:
            return None
        result = read_result(model, status, levels)
        activities = model.solver.ComputeConstraintActivities()
        used = {row.name(): activities[row.index()] for row in limited}
        for name, value in used.items():
            carry[name] = room[name] - value
        if explain:
            explain_goals(model, result, deadline)
            result.goals = [g for g in result.goals if g.name not in rows]
            result.explanation = [
                line for line in result.explanation if not any(line.startswith(f"{n}:") for n in rows)
            ]
        out.append((result, used))
    return out


def bank_goals(lp: PlanModel, merged: PlanResult, activity: Share, deadline: float | None) -> None:
    """Report the bank-wide goals over the whole plan, with the LP's shadow prices when explaining."""
    if deadline is None:
        return
    prices = shadow_prices(lp, deadline)
    for name, rows in lp.goal_rows.items():
        if name not in activity:
            continue
        row = rows[0]
        limit = lp.original_bounds.get(row.index(), (row.lb(), row.ub()))[1]
        value = activity[name]
        binding = abs(value - limit) <= 1e-6 * max(1.0, abs(limit))
        merged.goals.append(
            GoalReport(
                name=name,
                kind=goal_kind(name),
                binding=binding,
                shadow_price=prices.get(name),
                detail={"activity": round(value, 6), "limit": round(limit, 6)},
                explanation=f"{name}: {'binds' if binding else 'has slack'} "
                f"(value {value:.2f}, limit {limit:.2f})",
            )
        )


def prove(problem: PlanProblem, merged: PlanResult, lp: PlanModel, lp_levels: list[Any], parts: int) -> None:
    """Set status, best bound and gap from the LP bound: the first level above it carries the gap."""
    term = "objective"
    if problem.objective.mode == "lexicographic":
        value = merged.objective or 0.0
        bound = lp_levels[-1].value if lp_levels else value
        for lp_level, level in zip(lp_levels, merged.levels, strict=False):
            if level.value > lp_level.value + 1e-6 * max(1.0, abs(lp_level.value)):
                term, bound, value = level.term, lp_level.value, level.value
                break
    else:
        bound, value = lp.solver.Objective().Value(), merged.objective or 0.0
    gap = max(0.0, value - bound) / max(1.0, abs(value))
    merged.best_bound = round(bound, 6)
    merged.gap = round(gap, 6)
    merged.status = "optimal" if gap <= OPTIMAL_GAP else "feasible"
    where = f" on level {term}" if term != "objective" else ""
    merged.message = (
        f"solved as {parts} parts sharing the bank-wide caps and goals by the LP solution; "
        f"proven gap {gap:.2%} to the LP bound{where}"
    )
