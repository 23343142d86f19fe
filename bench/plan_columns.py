"""Column selection for a coupled plan (an experiment): other plans per part, a master choosing one each.

Not part of the product: with ``--improve-seconds 10`` it took the bank benchmark's proven gap from 1.06% to
0.65% (weighted) and 3.6% to 2.6% (lexicographic), but only past the 10 s goal (22.6 s, 24.5 s), so the
solver keeps the chain's plans and ``bench/plan.py --improve-seconds S`` runs this to measure it.

The chain (``solver/plan/chain.py``) gives every part one integer plan within its share of the bank-wide
rows. Shares fixed in advance are the plan's loss: a part cannot move to a neighbouring mix of channels (one
more counter transfer, one less referral) that another part would gladly give up. So each part also gets
*alternative* plans, solved from its own model (starting from the chain's plan) with the bank-wide rows
priced at the LP duals instead of held at its share: on each channel cap with a price its hires lie in a
window around its LP activity ``a`` (first ``[⌊a⌋ − 1, ⌈a⌉ + 1]``, then ``[⌊a⌋ − 1, ⌊a⌋]``, which frees
hires for other parts), and the duals say what a hire of a capped channel costs the other parts. A small
master MIP then chooses one plan per part with every bank-wide row holding over the whole plan and the
least objective. The chain's plans are one such choice, so the master is always feasible, starts from
them and can only improve on them.

Alternatives are solved (worst parts first, by their priced loss against the LP) for ``improve_seconds``
after the chain, in this process; the chain's part models stay in its processes, so each part is first
solved again within what its chain plan used (a plan no worse, the model to start from). Parts without an
alternative keep the chain's plan. Lexicographic plans: the alternative is solved from the part's final
model, which holds its earlier levels, and the master minimises the last level.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from ortools.linear_solver import linear_solver_pb2, pywraplp

from solver.plan.allocate import add_up, lp_shares, part_of_variable, share_out, shareable_parts
from solver.plan.build import term_expression
from solver.plan.chain import Share, Solved, explain_part, solve_chain, solve_part
from solver.plan.decompose import bank_wide_rows, components, coupling_reasons
from solver.plan.explain import shadow_prices
from solver.plan.model import PlanModel
from solver.plan.optimise import SCIP_PARAMETERS
from solver.plan.problem import PlanProblem
from solver.plan.readout import read_result
from solver.plan.result import Level, PlanResult

log = logging.getLogger(__name__)

CHANNEL_ROWS = "intake_cap["  # whole hires: an alternative's hires lie around its LP share
# Each alternative's window on a priced channel cap: whole hires below the LP share rounded down, and
# above it rounded up (the second one never above the share rounded down: it frees hires for others).
WINDOWS = ((1.0, 1.0), (1.0, -1.0))
ALTERNATIVE_SECONDS = 0.2  # most alternatives stop within 0.1% well before (0.09 s a unit on the bank)
ALTERNATIVE_GAP = 1e-3
MASTER_SECONDS = 2.0
RESERVE_SECONDS = 1.0  # kept after the master for adding the parts up and reporting


def solve_with_columns(
    problem: PlanProblem, time_limit: float, explain: bool, improve_seconds: float
) -> PlanResult | None:
    """Solve a coupled plan by LP shares and improve it by column selection; None when it is not coupled."""
    deadline = time.monotonic() + time_limit
    parts = shareable_parts(problem)
    if len(components(problem)) > 1 or len(parts) < 2:
        return None
    sharing = share_out(problem, parts, deadline)
    if sharing is None:
        return None
    lp = sharing.lp
    rows = bank_wide_rows(problem)
    exact, _ = lp_shares(lp, parts)
    assert exact is not None  # share_out read the same shares
    prices = Prices(
        duals=lp_duals(lp, rows),
        exact=exact,
        objective=part_objectives(lp, part_of_variable(lp, parts), len(parts)),
    )
    goal_prices = shadow_prices(lp, deadline) if explain else None
    solved = solve_chain(problem, parts, sharing.shares, sharing.slack, deadline, goal_prices)
    if solved is None:
        return None
    until = improve_until(improve_seconds, deadline)
    columns = improve(problem, parts, solved, prices, until, deadline if explain else None, goal_prices)
    chosen = choose(
        [[(last_level(result), used) for result, used in options] for options in columns],
        row_limits(lp, rows),
        deadline,
    )
    picked = [options[k] for options, k in zip(columns, chosen, strict=True)]
    return add_up(problem, sharing, picked, goal_prices)


def improve(
    problem: PlanProblem,
    parts: list[list[str]],
    solved: list[Solved],
    prices: Prices,
    until: float,
    explain_by: float | None,
    goal_prices: dict[str, float] | None = None,
) -> list[list[Solved]]:
    """Return each part's plans: the chain's first, then its alternatives found before ``until``.

    ``explain_by``: explain each alternative's goals, by this deadline (None: no explanations), with the
    whole plan's ``goal_prices``.
    """
    rows = bank_wide_rows(problem)
    columns = [[plan] for plan in solved]
    order = sorted(range(len(parts)), key=lambda i: -prices.loss(i, last_level(solved[i][0]), solved[i][1]))
    models: dict[int, PlanModel] = {}
    for window in WINDOWS:
        for index in order:
            if time.monotonic() >= until:
                return columns
            if index not in models:
                again = solve_part(problem, parts[index], solved[index][1], until, prices=None)
                if again is None:
                    continue
                models[index] = again[1]
            model = models[index]
            other = alternative(model, rows, prices.exact[index], prices, until, window)
            if other is None:
                continue
            result, used, _ = other
            if result.levels and not no_worse_before_last(result, solved[index][0]):
                continue
            if explain_by is not None:
                explain_part(model, result, rows, explain_by, goal_prices)
            columns[index].append((result, used))
    return columns


@dataclass
class Prices:
    """The LP's view of each part: bank-wide row duals, each part's exact activity and LP objective."""

    duals: Share  # price of one unit of each bank-wide row (≥ 0)
    exact: list[Share]  # each part's activity on the bank-wide rows in the LP solution (not rounded)
    objective: list[float]  # each part's share of the LP objective (the last level's, when lexicographic)

    def loss(self, index: int, objective: float, used: Share) -> float:
        """Return how far a part's plan lies above its LP share, with the bank-wide rows priced."""
        priced = objective + sum(self.duals.get(name, 0.0) * value for name, value in used.items())
        exact = self.exact[index]
        lp = self.objective[index] + sum(self.duals.get(name, 0.0) * value for name, value in exact.items())
        return priced - lp


def improve_until(seconds: float, deadline: float) -> float:
    """Return when a process stops starting alternatives: ``seconds`` from now, leaving the master time."""
    return min(time.monotonic() + seconds, deadline - MASTER_SECONDS - RESERVE_SECONDS)


def alternative(
    model: PlanModel,
    rows: set[str],
    exact: Share,
    prices: Prices,
    deadline: float,
    window: tuple[float, float] = WINDOWS[0],
) -> tuple[PlanResult, Share, list[Level]] | None:
    """Solve a part's priced alternative from its solved model; return its result, row activity and levels.

    The model keeps the chain's solution readable until the alternative is loaded, so read the chain's
    result first. None when no alternative is found in time.
    """
    seconds = min(ALTERNATIVE_SECONDS, deadline - time.monotonic())
    if seconds <= 0.01:
        return None
    proto = linear_solver_pb2.MPModelProto()
    model.solver.ExportModelToProto(proto)
    # The chain's plan is where the search starts (SCIP repairs it where the window excludes it).
    variables = model.solver.variables()
    proto.solution_hint.var_index.extend(range(len(variables)))
    proto.solution_hint.var_value.extend(var.solution_value() for var in variables)
    original = [var.objective_coefficient for var in proto.variable]
    for row in proto.constraint:
        if row.name not in rows:
            continue
        price = prices.duals.get(row.name, 0.0)
        if row.name.startswith(CHANNEL_ROWS) and price > 0:
            share = exact.get(row.name, 0.0)
            below, above = window
            row.lower_bound = max(0.0, math.floor(share + 1e-6) - below)
            row.upper_bound = max(row.lower_bound, math.ceil(share - 1e-6) + above)
        if price:
            for j, a in zip(row.var_index, row.coefficient, strict=True):
                proto.variable[j].objective_coefficient += price * a
    request = linear_solver_pb2.MPModelRequest(model=proto, solver_time_limit_seconds=seconds)
    request.solver_type = linear_solver_pb2.MPModelRequest.SCIP_MIXED_INTEGER_PROGRAMMING
    parameters = SCIP_PARAMETERS if not coupling_reasons(model.problem) else ""
    request.solver_specific_parameters = parameters + f"limits/gap = {ALTERNATIVE_GAP}\n"
    response = linear_solver_pb2.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(request, response)
    if response.status not in (linear_solver_pb2.MPSOLVER_OPTIMAL, linear_solver_pb2.MPSOLVER_FEASIBLE):
        return None
    # The plan's own objective, without the prices (no bound is claimed for it).
    own = proto.objective_offset + sum(c * x for c, x in zip(original, response.variable_value, strict=True))
    response.objective_value = own
    response.best_objective_bound = own
    if not model.solver.LoadSolutionFromProto(response):
        return None
    levels: list[Level] = []
    if model.problem.objective.mode == "lexicographic":
        levels = [
            Level(term=term, value=round(model.evaluate(term_expression(model, term)), 6) + 0.0)
            for term in model.problem.objective.order
        ]
    result = read_result(model, "feasible", levels)
    activities = model.activities()
    used = {row.name(): activities[row.index()] for row in model.solver.constraints() if row.name() in rows}
    return result, used, levels


def last_level(result: PlanResult) -> float:
    """Return what the master minimises for a part: its objective, or its last lexicographic level."""
    return result.levels[-1].value if result.levels else (result.objective or 0.0)


def no_worse_before_last(result: PlanResult, chain: PlanResult) -> bool:
    """Say whether a lexicographic plan is at most the chain's on every level but the last."""
    pairs = zip(result.levels[:-1], chain.levels[:-1], strict=True)
    return all(mine.value <= theirs.value + 1e-6 * max(1.0, abs(theirs.value)) for mine, theirs in pairs)


def choose(columns: list[list[tuple[float, Share]]], limits: Share, deadline: float) -> list[int]:
    """Choose one column (objective, row activity) per part, every row within its limit, least objective.

    Column 0 of every part must be a feasible choice together (the chain's plans): the master starts
    from it and returns it when nothing better is found in time.
    """
    chain = [0] * len(columns)
    if all(len(options) == 1 for options in columns):
        return chain
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        return chain
    picks = [
        [solver.BoolVar(f"pick[{i},{k}]") for k in range(len(options))] for i, options in enumerate(columns)
    ]
    for choice in picks:
        solver.Add(solver.Sum(choice) == 1)
    for name, limit in limits.items():
        terms = [
            used.get(name, 0.0) * pick
            for options, choice in zip(columns, picks, strict=True)
            for (_, used), pick in zip(options, choice, strict=True)
            if used.get(name, 0.0)
        ]
        if terms:
            solver.Add(solver.Sum(terms) <= limit + 1e-7, name)
    solver.Minimize(
        solver.Sum(
            objective * pick
            for options, choice in zip(columns, picks, strict=True)
            for (objective, _), pick in zip(options, choice, strict=True)
        )
    )
    every = [pick for choice in picks for pick in choice]
    solver.SetHint(every, [1.0 if k == 0 else 0.0 for choice in picks for k in range(len(choice))])
    solver.SetTimeLimit(max(1, int(min(MASTER_SECONDS, deadline - time.monotonic()) * 1000)))
    status = solver.Solve()
    log.info(
        "master: %d parts, %d alternatives, status %d after %.2fs",
        len(columns),
        sum(len(options) - 1 for options in columns),
        status,
        solver.WallTime() / 1000,
    )
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return chain
    chosen = [_picked(choice) for choice in picks]

    total = sum(options[k][0] for options, k in zip(columns, chosen, strict=True))
    if total > sum(options[0][0] for options in columns):
        return chain
    return chosen


def _picked(choice: list[Any]) -> int:
    """Return the index of the column a part's pick variables chose."""
    return next((k for k, pick in enumerate(choice) if pick.solution_value() > 0.5), 0)


def row_limits(lp: PlanModel, rows: set[str]) -> Share:
    """Return the limit of every bank-wide row of the LP (its upper bound before any level was held)."""
    limits: Share = {}
    for row in lp.solver.constraints():
        if row.name() in rows:
            limits[row.name()] = lp.original_bounds.get(row.index(), (row.lb(), row.ub()))[1]
    return limits


def lp_duals(lp: PlanModel, rows: set[str]) -> Share:
    """Return the price of each bank-wide "≤" row at the LP solution (the negated dual, at least 0)."""
    return {row.name(): max(0.0, -row.dual_value()) for row in lp.solver.constraints() if row.name() in rows}


def part_objectives(lp: PlanModel, part_of_var: dict[int, int], parts: int) -> list[float]:
    """Return each part's share of the LP's objective at its solution."""
    shares = [0.0] * parts
    objective = lp.solver.Objective()
    for var in lp.solver.variables():
        part = part_of_var.get(var.index())
        coefficient = objective.GetCoefficient(var)
        if part is not None and coefficient:
            shares[part] += coefficient * var.solution_value()
    return shares
