"""Coupled integer plans: share the bank-wide rows out by the LP, then solve the units part by part.

When bank-wide rows (channel caps, budget, structure goals over all units) tie every unit together, one
integer model of a large bank is beyond SCIP in seconds. Instead:

1. solve the LP relaxation of the whole plan (its level values are proven lower bounds);
2. give each part (units joined by peer groups or pools) its share of every bank-wide "≤" row, the row's
   activity over the part's variables in the LP solution (channel caps rounded to whole hires); the
   LP's slack on the row is the slack the parts draw on;
3. solve the parts as small integer models on every core (``chain.py``), each within its share plus the
   slack left unused by the parts solved before it (a part that uses less gives the rest back);
4. add the parts up. Every part stays within its room, so every bank-wide row holds for the whole plan:
   the plan is feasible. Its levels are compared with the LP's: the first level above the LP bound
   carries the proven gap (the LP bound is valid; the plan may be better than the gap says).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.linear_solver import linear_solver_pb2

from solver.plan.build import build_model
from solver.plan.chain import Share, Solved, solve_chain
from solver.plan.control import PlanControl
from solver.plan.decompose import bank_wide_rows, components
from solver.plan.explain import goal_kind, shadow_prices
from solver.plan.merge import merge_results
from solver.plan.model import PlanModel
from solver.plan.optimise import SOLVED, optimise
from solver.plan.problem import PlanProblem
from solver.plan.result import GoalReport, Level, PlanResult

MIN_PARTS = 8  # fewer parts: one model (SCIP proves the optimum of small coupled plans)
OPTIMAL_GAP = 1e-4  # the relative gap SCIP calls optimal
WHOLE_HIRE_ROWS = "intake_cap["  # a channel's cap counts whole hires: its shares are rounded to whole hires


def solve_allocated(
    problem: PlanProblem,
    deadline: float,
    explain: bool,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> PlanResult | None:
    """Solve a coupled integer plan part by part within LP shares; None when this does not apply or fails."""
    parts = shareable_parts(problem)
    if len(parts) < MIN_PARTS:
        return None
    return solve_by_shares(problem, parts, deadline, explain, workers, control)


def start_by_shares(
    problem: PlanProblem,
    deadline: float,
    explain: bool,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> PlanResult | None:
    """Return a plan of a small coupled bank (2 to MIN_PARTS − 1 parts) by LP shares, as a fallback.

    Such a bank is solved as one model, which SCIP proves quickly for a few units over a few years but not
    always (4–6 units over 5 years: gaps of 0.3–4% after 10–20 s, measured on the bench generator's
    banks); the plan by shares takes a fraction of a second and is whole-person feasible, so it is the
    answer when the whole model ends worse or without a plan. (Handed to SCIP as a starting solution it
    made SCIP's own search worse on 7 of 8 such banks, so it is only the fallback.)
    """
    parts = shareable_parts(problem)
    if not 2 <= len(parts) < MIN_PARTS:
        return None
    return solve_by_shares(problem, parts, deadline, explain, workers, control)


def shareable_parts(problem: PlanProblem) -> list[list[str]]:
    """Return the parts the bank-wide rows can be shared out over; none when a target covers every unit."""
    if any(t.unit is None for t in problem.targets):
        return []
    return components(problem, bank_wide=False)


@dataclass
class Sharing:
    """The LP relaxation of a coupled plan and what it gives each part of the bank-wide rows."""

    lp: PlanModel
    levels: list[Level]  # the LP's lexicographic levels (proven lower bounds), empty when weighted
    shares: list[Share]  # each part's share of every bank-wide row (channel caps in whole hires)
    slack: Share  # what the LP leaves unused of each bank-wide row, for whichever part needs it


def solve_by_shares(
    problem: PlanProblem,
    parts: list[list[str]],
    deadline: float,
    explain: bool,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> PlanResult | None:
    """Solve the LP, share the bank-wide rows out, solve the parts in a chain and add them up."""
    sharing = share_out(problem, parts, deadline)
    if sharing is None:
        return None
    # Every goal is priced in the whole plan's LP (a part's own LP prices within its room).
    prices = shadow_prices(sharing.lp, deadline) if explain else None
    # One pool of slack for every process: the LP's slack on a bank-wide row goes wherever a part needs it.
    # (Two separate chains, each with half the slack, were worse: 20 units 9.7% against 4.6%.)
    solved = solve_chain(problem, parts, sharing.shares, sharing.slack, deadline, prices, workers, control)
    if solved is None:
        return None
    return add_up(problem, sharing, solved, prices)


def share_out(problem: PlanProblem, parts: list[list[str]], deadline: float) -> Sharing | None:
    """Solve the plan's LP and share every bank-wide row out over the parts; None when that fails."""
    lp = build_model(problem, relax=True)
    status, levels = optimise(lp, deadline)
    if status not in SOLVED:
        return None
    shares, slack = lp_shares(lp, parts)
    if shares is None:
        return None
    round_whole_hires(shares, slack)
    return Sharing(lp=lp, levels=levels, shares=shares, slack=slack)


def add_up(
    problem: PlanProblem, sharing: Sharing, solved: list[Solved], prices: dict[str, float] | None
) -> PlanResult:
    """Merge the parts' plans, report the bank-wide goals over them with the LP's ``prices`` (None: not
    explained) and prove the gap."""
    activity: Share = dict.fromkeys(sharing.slack, 0.0)
    for _, used in solved:
        for name, value in used.items():
            activity[name] += value
    merged = merge_results(problem, [result for result, _ in solved])
    bank_goals(sharing.lp, merged, activity, prices)
    prove(problem, merged, sharing.lp, sharing.levels, len(solved))
    return merged


def part_of_variable(lp: PlanModel, parts: list[list[str]]) -> dict[int, int]:
    """Return the part each variable of a unit belongs to, by variable index."""
    part_of_unit = {unit: i for i, units in enumerate(parts) for unit in units}
    part_of_var: dict[int, int] = {}
    for table in (lp.closing, lp.attrition, lp.hires, lp.moves, lp.exits, lp.short_time):
        for key, var in table.items():
            part_of_var[var.index()] = part_of_unit[key[1]]
    for target in lp.problem.targets:
        if target.unit is not None:
            part_of_var[lp.surplus[target.name].index()] = part_of_unit[target.unit]
            part_of_var[lp.shortfall[target.name].index()] = part_of_unit[target.unit]
    return part_of_var


def lp_shares(lp: PlanModel, parts: list[list[str]]) -> tuple[list[Share] | None, Share]:
    """Return each part's activity in every bank-wide row at the LP solution, and each row's LP slack."""
    rows = bank_wide_rows(lp.problem)
    part_of_var = part_of_variable(lp, parts)
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


def round_whole_hires(shares: list[Share], available: Share) -> None:
    """Round each part's share of a channel cap to whole hires, largest remainders up, keeping the total.

    A part cannot use the fraction of a hire: with 3.7 hires of a cheap channel it hires 3 and makes up the
    rest from a dearer one. Rounding the shares themselves (the total of the LP activities rounded down,
    the parts with the largest fractions rounding up) gives the fractions to the parts nearest a whole
    hire; what is left of the cap stays in the slack. Measured: 200 units, weighted, gap 1.05% → 1.00%.
    """
    for name in available:
        if not name.startswith(WHOLE_HIRE_ROWS):
            continue
        exact = [share.get(name, 0.0) for share in shares]
        whole = [math.floor(x + 1e-6) for x in exact]
        extra = math.floor(sum(exact) + 1e-6) - sum(whole)
        by_fraction = sorted(range(len(exact)), key=lambda i: (whole[i] - exact[i], i))
        for i in by_fraction[: max(0, extra)]:
            whole[i] += 1
        for share, hires in zip(shares, whole, strict=True):
            share[name] = float(hires)
        available[name] = max(0.0, available[name] + sum(exact) - sum(whole))


def bank_goals(lp: PlanModel, merged: PlanResult, activity: Share, prices: dict[str, float] | None) -> None:
    """Report the bank-wide goals over the whole plan with the LP's shadow prices (None: not explaining)."""
    if prices is None:
        return
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


def prove(
    problem: PlanProblem, merged: PlanResult, lp: PlanModel, lp_levels: list[Level], parts: int
) -> None:
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
