"""Shape 1 (CMs → territories), solved exactly: min-cost flow, LP prices, reduced-cost pruning, HiGHS.

1. The min-cost flow (``flow.py``) solves the transportation core with the per-territory senior rule and the
   move cap priced by a multiplier: a lower bound ``L`` and a start.
2. When the flow puts linked CMs in one unit, one LP (rarely more) on the quarter of pairs of least reduced
   cost prices the avoidance rows (:func:`price_avoidance`); the flow priced at those duals is a Lagrangian
   bound, on the bank instances the optimum itself, and an integral LP answer is a feasible start.
3. The reduced costs say how much any assignment must pay, above ``L``, for each pair it uses against the
   flow (or each flow pair it gives up). With a threshold ``G`` every pair whose change alone costs more than
   ``G`` is dropped: any assignment using it costs more than ``L + G``.
4. HiGHS solves the kept pairs (usually a few percent) from the start, with ``L`` as an outside bound (an
   LP alone proves a start the LP meets). If its proven optimum ``v`` is at most ``L + G`` it is the optimum
   of the whole model; otherwise a next round keeps more pairs, and one keeping every pair within ``v - L``
   is conclusive.

When the start already meets the bound, its completed cost equals ``L`` and no search runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from solver.assign.build import Built, restrict, with_model
from solver.assign.context import SCALE
from solver.assign.engine import Engine, Progress, SolveOptions, SolveOutcome
from solver.assign.flow import FlowStart, reduced_costs, resolve_flow, transportation_start
from solver.assign.highs import row_prices, solve_highs
from solver.assign.model import grade_level

log = logging.getLogger(__name__)

# the share of pairs (least reduced cost first) added to the LP's columns each round: a quarter lets one LP
# price the rows to the optimum on the bank instances (20,000 CMs: 5 % needed 3 LPs and a MIP proof round)
LP_SHARE = 0.25
PRICE_ROUNDS = 3  # LP solves (column generation) pricing the avoidance rows
ENOUGH = 5.0  # cost units between an integral LP's assignment (or the LP) and the bound: pricing stops
PRICE_SCALE = 64  # the priced flow works in 1/64 cost units, so fractional duals lose almost nothing
# Each round keeps the pairs within a threshold of the bound; a round whose optimum lies above its
# threshold is followed by one with the threshold raised to that optimum (conclusive) or by GROWTH, whichever
# is less: a first round's optimum on too few pairs can be poor, and keeping every pair within it is slow.
ROUNDS = 8
GROWTH = 4.0
FIRST_MARGIN = 2.0  # times the estimated cost of the side rules (each clash priced alone: optimistic)
PRICED_MARGIN = float(SCALE)  # first threshold after LP prices without an integral LP answer: one cost unit
HARD_SENIOR_PRICE = 10  # a hard senior rule enters the flow at this many shortfall weights (a relaxation)


@dataclass
class TerritoryRun:
    """What the exact shape-1 strategy found: the model it last solved, its outcome and what it measured."""

    built: Built  # the (restricted) model the outcome's pair indices refer to
    outcome: SolveOutcome
    stats: dict[str, float] = field(default_factory=dict)


def solve_territories(
    built: Built,
    options: SolveOptions,
    engine: Engine,
    on_progress: Callable[[Progress], None] | None = None,
    hint: np.ndarray | None = None,
) -> TerritoryRun:
    """Solve shape 1 to proven optimality (or to ``options.relative_gap``) within the time limit."""
    start = time.monotonic()
    relaxed = flow_relaxation(built)
    if relaxed is None or relaxed.network is None:
        log.info("no flow relaxation with reduced costs; solving every pair")
        full = with_model(built)
        first = hint if hint is not None else (relaxed.choice if relaxed is not None else None)
        bound = relaxed.bound if relaxed is not None else float("-inf")
        found = engine.solve(full.model, options, hint=first, on_progress=on_progress, extra_bound=bound)
        return TerritoryRun(full, found, {"flow_bound": bound, "model_pairs": float(full.core.item.size)})
    rc_pair, rc_free = reduced_costs(relaxed.network)
    relaxed = price_avoidance(built, relaxed, rc_pair, options.time_limit - (time.monotonic() - start))
    assert relaxed.network is not None
    rc_pair, rc_free = reduced_costs(relaxed.network)
    floor = relaxed.network.value - relaxed.lagrange  # the bound the reduced costs are measured from
    start_choice = repair_avoidance(built, relaxed.choice, rc_pair, rc_free)
    if hint is None and relaxed.incumbent is not None:
        start_choice = relaxed.incumbent  # an integral LP solution: feasible, and usually optimal
    first_hint = hint if hint is not None else start_choice
    if relaxed.lagrange > 0:
        # the LP-priced bound is usually the optimum, and then the LP's answer is integral (the incumbent,
        # below); a fractional one means a gap between LP and optimum, usually under a cost unit
        threshold = 0.0 if relaxed.incumbent is not None else PRICED_MARGIN
    else:
        threshold = FIRST_MARGIN * _first_threshold(built, relaxed, rc_pair, rc_free)
    if relaxed.incumbent is not None:
        # with a feasible assignment in hand, one round on the pairs within its cost is conclusive
        threshold = max(threshold, relaxed.incumbent_value - floor)
    outcome: SolveOutcome | None = None
    sub = built
    for round_no in range(1, ROUNDS + 1):
        keep = _kept_pairs(built, relaxed.choice, rc_pair, threshold, first_hint)
        sub = with_model(restrict(built, keep))
        left = options.time_limit - (time.monotonic() - start)
        settings = SolveOptions(**{**options.__dict__, "time_limit": max(0.0, left)})
        outcome = solve_highs(
            sub.model,
            settings,
            _to_sub(keep, first_hint),
            relaxed.bound,
            engine.stop_event,
            lp_proof=round_no == 1 and hint is None and relaxed.incumbent is not None,
        )
        if on_progress is not None and outcome.objective is not None:
            on_progress(Progress(outcome.objective, outcome.bound, time.monotonic() - start))
        log.info(
            "round %d: %d of %d pairs within %.0f of the bound: %s %s",
            round_no,
            int(keep.sum()),
            keep.size,
            threshold,
            outcome.status,
            outcome.objective,
        )
        if outcome.choice is None or outcome.objective is None:
            break
        if outcome.objective - relaxed.bound <= options.relative_gap * max(1.0, abs(outcome.objective)):
            break  # meets the flow bound (or the requested gap against it) for the whole model
        if outcome.status != "OPTIMAL":
            outcome.bound = max(relaxed.bound, min(outcome.bound, floor + threshold))
            break  # time ran out (or the requested gap was met) on the kept pairs
        if outcome.objective <= floor + threshold:
            break  # nothing left out can do better than this proven optimum
        outcome.status = (
            "FEASIBLE"  # optimal on the kept pairs; a left-out pair costs above floor + threshold
        )
        outcome.bound = max(relaxed.bound, floor + threshold)
        threshold = min(outcome.objective - floor, max(GROWTH * threshold, SCALE))
        if options.time_limit - (time.monotonic() - start) <= 0 or engine.stop_event.is_set():
            break
        # the next round starts from this round's optimum
        first_hint = _from_sub(keep, outcome.choice)
    assert outcome is not None
    stats = {
        "flow_bound": relaxed.bound / SCALE,
        "model_pairs": float(sub.core.item.size),
        "threshold": threshold / SCALE,
        "rounds": float(round_no),
    }
    return TerritoryRun(sub, outcome, stats)


def _unit_pairs(built: Built) -> dict[tuple[int, int], np.ndarray]:
    """Return the pair indices of each (linked CM, unit)."""
    ctx = built.ctx
    linked = np.array([ctx.manager_index[x] for pair in ctx.problem.avoidance for x in pair], dtype=np.int64)
    mine = np.nonzero(np.isin(built.pairs.mgr, linked))[0]
    units = ctx.p_unit[built.pairs.place[mine]]
    out: dict[tuple[int, int], list[int]] = {}
    for k, m, u in zip(mine.tolist(), built.pairs.mgr[mine].tolist(), units.tolist(), strict=True):
        out.setdefault((m, u), []).append(k)
    return {key: np.array(v, dtype=np.int64) for key, v in out.items()}


def price_avoidance(built: Built, relaxed: FlowStart, rc_pair: np.ndarray, time_limit: float) -> FlowStart:
    """Raise the bound by pricing the avoidance rows at their LP duals (hard avoidance only).

    The LP relaxation with the avoidance rows is solved by HiGHS on a few columns: the cheapest
    ``LP_SHARE`` of pairs by reduced cost, the linked CMs' pairs and the flow's. Its row duals ``lam >= 0``
    go onto both linked CMs' pairs in the unit; for any ``lam`` the flow's optimum minus ``sum(lam)`` (and
    the move multiplier's constant) is a valid lower bound, and at the full LP's duals it is the LP bound
    with the rows, on bank instances the optimum or within a cost unit of it. The priced flow's reduced costs
    choose the next LP's columns (column generation, ``PRICE_ROUNDS`` times); the best bound is kept with its
    network, so the reduced costs for the MIP are measured from it.
    """
    ctx = built.ctx
    r = ctx.problem.rules
    if not avoidance_clashes(built, relaxed.choice) or not r.avoidance_hard or relaxed.network is None:
        return relaxed
    start = time.monotonic()
    linked = [ctx.manager_index[x] for pair in ctx.problem.avoidance for x in pair]
    columns = np.isin(built.pairs.mgr, linked)
    unit_pairs = _unit_pairs(built)
    best = relaxed
    best_value = relaxed.network.value - relaxed.lagrange
    current, rc = relaxed, rc_pair
    incumbent: np.ndarray | None = None
    incumbent_value = last_lp = float("inf")
    for _ in range(PRICE_ROUNDS):
        finite = np.abs(rc[np.isfinite(rc)])
        columns |= np.abs(rc) <= (np.quantile(finite, LP_SHARE) if finite.size else 0)
        columns[current.choice[current.choice >= 0]] = True
        left = time_limit - (time.monotonic() - start)
        lp_value, prices, lp_choice = row_prices(
            with_model(restrict(built, columns)).model, "avoidance", left
        )
        if lp_choice is not None and lp_value < incumbent_value:
            # an integral LP solution on these columns is a feasible assignment of the whole model
            incumbent, incumbent_value = np.nonzero(columns)[0][lp_choice], lp_value
            incumbent[lp_choice < 0] = -1
        prices = {key: lam for key, lam in prices.items() if round(lam * PRICE_SCALE) > 0}
        if not prices:
            break
        trial = _priced_flow(built, relaxed, prices, unit_pairs)
        if trial is None or trial.network is None:
            break
        log.info("avoidance priced at the LP duals: bound %.0f -> %.0f", best_value, trial.bound)
        if trial.bound > best_value:
            best, best_value = trial, trial.bound
        if min(incumbent_value, lp_value) - best_value <= ENOUGH * SCALE:
            # a feasible assignment (or the LP on these columns, an estimate of the optimum) this close to
            # the bound: a proof round from the pairs within one cost unit is cheaper than another LP
            # (10,000 CMs seed 1: LP 3.75 above the bound, optimum 0.32 above it; 1.1 s against 2.4 s)
            break
        if trial.bound >= lp_value - 1 or lp_value >= last_lp - 0.5:
            break  # the priced flow meets the LP, or new columns left the LP as it was: no more to gain
        last_lp = lp_value
        current = trial
        rc = reduced_costs(trial.network)[0]
    if best is not relaxed:
        best.bound = max(relaxed.bound, best.bound)
    best.incumbent, best.incumbent_value = incumbent, incumbent_value
    return best


def _priced_flow(
    built: Built, relaxed: FlowStart, prices: dict[tuple[int, int, int], float], unit_pairs: dict
) -> FlowStart | None:
    """Solve the flow with ``prices`` on the avoidance rows; its bound is the Lagrangian value."""
    ctx = built.ctx
    price = np.zeros(built.core.item.size, dtype=np.int64)
    for (a, b, unit), lam in prices.items():
        for m in (a, b):
            price[unit_pairs.get((m, unit), np.zeros(0, dtype=np.int64))] += round(lam * PRICE_SCALE)
    cur = ctx.m_cur[built.pairs.mgr]
    senior, reward = senior_prices(built)
    trial = resolve_flow(
        built.core,
        pinned_pairs(built),
        (cur >= 0) & (cur != built.pairs.place),
        ctx.m_cur >= 0,
        relaxed.mu,
        senior,
        reward,
        price=price,
        scale=PRICE_SCALE,
    )
    if trial is None or trial.network is None:
        return None
    lagrange = relaxed.lagrange + sum(round(lam * PRICE_SCALE) for lam in prices.values()) / PRICE_SCALE
    unit = ctx.p_unit[built.pairs.place]
    slack = relaxed.slack
    for (a, b, u), lam in prices.items():
        # a row the choice leaves slack pays its price; a broken one is priced by its repair (exit costs)
        if not any(trial.choice[m] >= 0 and unit[trial.choice[m]] == u for m in (a, b)):
            slack += round(lam * PRICE_SCALE) / PRICE_SCALE
    value = trial.network.value - lagrange
    return FlowStart(trial.choice, value, relaxed.mu, trial.network, lagrange, float(slack))


def flow_relaxation(built: Built) -> FlowStart | None:
    """Solve the min-cost-flow relaxation with senior prices and the move cap (see ``flow.py``)."""
    ctx = built.ctx
    rules = ctx.problem.rules
    cap = rules.max_moves if rules.continuity else None
    cur = ctx.m_cur[built.pairs.mgr]
    senior, reward = senior_prices(built)
    return transportation_start(
        built.core,
        pinned_pairs(built),
        (cur >= 0) & (cur != built.pairs.place),
        ctx.m_cur >= 0,
        cap,
        senior,
        reward,
    )


def senior_prices(built: Built) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Return (senior pair mask, reward per territory) for the flow when the rule works per territory."""
    r = built.ctx.problem.rules
    if not r.senior or r.senior_scope != "territory":
        return None, None
    senior = built.ctx.m_grade[built.pairs.mgr] >= grade_level(r.senior_grade, built.ctx.problem.grades)
    # a hard rule is relaxed into a large price: still a valid bound, and a start that honours it if it can
    weight = r.senior_weight if not r.senior_hard else HARD_SENIOR_PRICE * r.shortfall_weight
    reward = np.where(built.ctx.p_need > 0, round(weight * SCALE), 0).astype(np.int64)
    return senior, reward


def pinned_pairs(built: Built) -> dict[int, int]:
    """Return item -> pair of each pinned assignment present among the candidates."""
    ctx = built.ctx
    if not ctx.problem.rules.pins:
        return {}
    out = {}
    for m, t in ctx.problem.pins:
        k = built.pairs.find(ctx.manager_index[m], ctx.place_index[t])
        if k is not None:
            out[int(built.core.item[k])] = k
    return out


def _kept_pairs(
    built: Built, flow_choice: np.ndarray, rc_pair: np.ndarray, threshold: float, hint: np.ndarray | None
) -> np.ndarray:
    """Return the pairs an assignment costing at most ``floor + threshold`` may use (plus the hint's)."""
    keep = np.abs(rc_pair) <= threshold
    assigned = np.nonzero(flow_choice >= 0)[0]
    chosen = flow_choice[assigned]
    # a CM whose flow pair costs more than the threshold to give up keeps that pair only
    fixed = assigned[np.abs(rc_pair[chosen]) > threshold]
    keep &= ~np.isin(built.core.item, fixed)
    keep[flow_choice[fixed]] = True
    if hint is not None:
        keep[hint[hint >= 0]] = True
    return keep


def _first_threshold(built: Built, relaxed: FlowStart, rc_pair: np.ndarray, rc_free: np.ndarray) -> float:
    """Estimate what the start costs above its bound: its slack priced rows and each clash's cheapest exit."""
    estimate = relaxed.slack
    r = built.ctx.problem.rules
    clashes = avoidance_clashes(built, relaxed.choice)
    for (a, unit), (b, _) in zip(clashes[::2], clashes[1::2], strict=True):
        exits = np.concatenate(
            [_exit_costs(built, relaxed.choice, rc_pair, rc_free, m, unit) for m in (a, b)]
        )
        cheapest = float(exits.min()) if exits.size else float(r.avoidance_weight * SCALE)
        estimate += cheapest if r.avoidance_hard else min(cheapest, r.avoidance_weight * SCALE)
    return max(1.0, estimate)


def avoidance_clashes(built: Built, choice: np.ndarray) -> list[tuple[int, int]]:
    """Return (manager, unit) for both members of each linked pair placed in the same unit."""
    ctx = built.ctx
    if not ctx.problem.rules.avoidance or not ctx.problem.avoidance:
        return []
    unit = ctx.p_unit[built.pairs.place]
    out = []
    for a_id, b_id in ctx.problem.avoidance:
        a, b = ctx.manager_index[a_id], ctx.manager_index[b_id]
        if choice[a] >= 0 and choice[b] >= 0 and unit[choice[a]] == unit[choice[b]]:
            out += [(a, int(unit[choice[a]])), (b, int(unit[choice[b]]))]
    return out


def _exit_costs(
    built: Built, choice: np.ndarray, rc_pair: np.ndarray, rc_free: np.ndarray, m: int, unit: int
) -> np.ndarray:
    """Return the reduced-cost price of each way CM ``m`` can leave ``unit`` (another unit, or none)."""
    ctx = built.ctx
    lo, hi = np.searchsorted(built.core.item, [m, m + 1])
    others = np.arange(lo, hi)
    others = others[ctx.p_unit[built.pairs.place[others]] != unit]
    leave = -rc_pair[choice[m]] if choice[m] >= 0 else 0.0
    prices = rc_pair[others] + leave
    if np.isfinite(rc_free[m]):
        prices = np.append(prices, rc_free[m] + leave)
    return prices[np.isfinite(prices)]


def repair_avoidance(
    built: Built, choice: np.ndarray, rc_pair: np.ndarray, rc_free: np.ndarray
) -> np.ndarray:
    """Move one CM of each linked pair sharing a unit: whichever is cheaper to move, by reduced cost.

    The reduced cost prices what a move does to the rest of the network (the senior the territory loses,
    the shortfall left behind), so the partner moves when moving the senior would cost more.
    """
    ctx = built.ctx
    r = ctx.problem.rules
    if not r.avoidance or not r.avoidance_hard or not ctx.problem.avoidance:
        return choice
    choice = choice.copy()
    unit = ctx.p_unit[built.pairs.place]
    for a_id, b_id in ctx.problem.avoidance:
        a, b = ctx.manager_index[a_id], ctx.manager_index[b_id]
        if choice[a] < 0 or choice[b] < 0 or unit[choice[a]] != unit[choice[b]]:
            continue
        here = int(unit[choice[a]])
        best: tuple[float, int, int] | None = None
        for m in (a, b):
            lo, hi = np.searchsorted(built.core.item, [m, m + 1])
            others = np.arange(lo, hi)
            others = others[unit[others] != here]
            if others.size:
                k = int(others[np.argmin(rc_pair[others])])
                price = float(rc_pair[k] - rc_pair[choice[m]])
                if best is None or price < best[0]:
                    best = (price, m, k)
        if best is not None:
            choice[best[1]] = best[2]
    return choice


def _to_sub(keep: np.ndarray, choice: np.ndarray | None) -> np.ndarray | None:
    """Map a choice over all pairs to the kept pairs' indices (-1 where the pair was dropped)."""
    if choice is None:
        return None
    position = np.cumsum(keep) - 1
    ok = (choice >= 0) & keep[np.maximum(choice, 0)]
    return np.where(ok, position[np.maximum(choice, 0)], -1)


def _from_sub(keep: np.ndarray, choice: np.ndarray | None) -> np.ndarray:
    """Map a choice over the kept pairs back to all pairs."""
    assert choice is not None
    index = np.nonzero(keep)[0]
    return np.where(choice >= 0, index[np.maximum(choice, 0)], -1)
