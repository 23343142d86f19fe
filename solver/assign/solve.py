"""Solve a territory-assignment problem end to end: build, warm start, CP-SAT, explain, report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np

from solver.assign.build import Built, build
from solver.assign.context import SCALE
from solver.assign.engine import Engine, Progress, SolveOptions, SolveOutcome
from solver.assign.explain import conflicting_rules
from solver.assign.flow import FlowStart, resolve_flow, transportation_start
from solver.assign.heuristic import gap_start
from solver.assign.model import Assignment, Move, Penalty, Problem, Result, grade_level

log = logging.getLogger(__name__)


def solve(
    problem: Problem,
    options: SolveOptions | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    engine: Engine | None = None,
    warm_start: dict[str, str] | Result | None = None,
) -> Result:
    """Assign CMs to territories (or grids to CMs) under the problem's rules and explain the outcome.

    ``warm_start`` is a previous result or a mapping who -> where used as the solution hint; without it the
    min-cost-flow relaxation (shape 1) or the greedy heuristic (shape 2) seeds the search.
    """
    options = options or SolveOptions()
    engine = engine or Engine()
    start = time.monotonic()
    built = build(problem)
    bound = float("-inf")
    hint = None
    if built.ctx.territories:
        ctx = built.ctx
        cap = problem.rules.max_moves if problem.rules.continuity else None
        cur = ctx.m_cur[built.pairs.mgr]
        senior, reward = _senior_prices(built)
        relaxed = transportation_start(
            built.core,
            _pinned_pairs(built),
            (cur >= 0) & (cur != built.pairs.place),
            ctx.m_cur >= 0,
            cap,
            senior,
            reward,
        )
        if relaxed is not None:
            bound = relaxed.bound
            hint = _avoid_by_reflow(
                built, relaxed, (cur >= 0) & (cur != built.pairs.place), cap, senior, reward
            )
            hint = _repair_avoidance(built, hint)
    else:
        hint = _grid_start(built)
    if warm_start is not None:
        hint = _hint_from(built, warm_start)
    settings = SolveOptions(
        **{**options.__dict__, "time_limit": options.time_limit - (time.monotonic() - start)}
    )
    # probing the many pair literals costs seconds at bank scale and buys little on this structure
    settings.extra = {"cp_model_probing_level": 0, **options.extra}
    outcome = engine.solve(built.cm, settings, hint=hint, on_progress=_scaled(on_progress), extra_bound=bound)
    if outcome.choice is None:
        conflict = conflicting_rules(problem, time_limit=max(1.0, options.time_limit / 4))
        status = outcome.status if outcome.status != "UNKNOWN" or not conflict else "INFEASIBLE"
        return Result(status=status, seconds=time.monotonic() - start, conflict=conflict)
    result = decode(built, outcome)
    result.seconds = time.monotonic() - start
    result.stats = {
        "pairs": float(built.core.item.size),
        "flow_bound": bound / SCALE if np.isfinite(bound) else 0.0,
    }
    return result


def _avoidance_clashes(built: Built, choice: np.ndarray) -> list[tuple[int, int]]:
    """Return (manager, unit) for one member of each linked pair placed in the same unit."""
    ctx = built.ctx
    if not ctx.problem.rules.avoidance or not ctx.problem.avoidance:
        return []
    unit = ctx.p_unit[built.pairs.place]
    out = []
    for a_id, b_id in ctx.problem.avoidance:
        a, b = ctx.manager_index[a_id], ctx.manager_index[b_id]
        if choice[a] >= 0 and choice[b] >= 0 and unit[choice[a]] == unit[choice[b]]:
            # move whoever has already left their post, so the move count does not grow
            m = b if ctx.m_cur[b] != built.pairs.place[choice[b]] else a
            out.append((m, int(unit[choice[m]])))
    return out


def _avoid_by_reflow(
    built: Built,
    relaxed: FlowStart,
    move: np.ndarray,
    cap: int | None,
    senior: np.ndarray | None,
    reward: np.ndarray | None,
) -> np.ndarray:
    """Re-solve the flow without the pairs that put linked CMs together, at the same move multiplier."""
    choice = relaxed.choice
    ctx = built.ctx
    banned = np.zeros(built.core.item.size, dtype=bool)
    unit = ctx.p_unit[built.pairs.place]
    for _ in range(3):
        clashes = _avoidance_clashes(built, choice)
        if not clashes:
            break
        for m, u in clashes:
            banned |= (built.pairs.mgr == m) & (unit == u)
        found = None
        for bump in (0, 1, 3, 10, 30, 100):  # a little more move price if the ban costs a move
            again = resolve_flow(
                built.core,
                _pinned_pairs(built),
                move,
                ctx.m_cur >= 0,
                relaxed.mu + bump,
                senior,
                reward,
                banned,
            )
            if again is not None and (cap is None or _count_moves(built, again.choice) <= cap):
                found = again
                break
        if found is None:
            break
        choice = found.choice
    return choice


def _count_moves(built: Built, choice: np.ndarray) -> int:
    """Return how many CMs leave their current territory under ``choice``."""
    return len(_moves(built, choice))


def _repair_avoidance(built: Built, choice: np.ndarray) -> np.ndarray:
    """Move one CM of each linked pair sharing a unit to their cheapest candidate in another unit."""
    ctx = built.ctx
    r = ctx.problem.rules
    if not r.avoidance or not r.avoidance_hard or not ctx.problem.avoidance:
        return choice
    choice = choice.copy()
    pairs_of = built.core.pairs_of_item()
    unit = ctx.p_unit[built.pairs.place]

    def unit_of(m: int) -> int:
        return int(unit[choice[m]]) if choice[m] >= 0 else -1

    for a_id, b_id in ctx.problem.avoidance:
        a, b = ctx.manager_index[a_id], ctx.manager_index[b_id]
        if unit_of(a) < 0 or unit_of(a) != unit_of(b):
            continue
        # prefer moving whoever has already left their post, so the move count does not grow
        for m in sorted((a, b), key=lambda m: int(ctx.m_cur[m] == built.pairs.place[choice[m]])):
            others = [k for k in pairs_of[m] if unit[k] != unit_of(m)]
            if others:
                choice[m] = min(others, key=lambda k: built.core.cost[k])
                break
    return choice


def _senior_prices(built: Built) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Return (senior pair mask, reward per territory) for the flow when the rule works per territory."""
    r = built.ctx.problem.rules
    if not r.senior or r.senior_scope != "territory":
        return None, None
    senior = built.ctx.m_grade[built.pairs.mgr] >= grade_level(r.senior_grade, built.ctx.problem.grades)
    # a hard rule is relaxed into a large price: still a valid bound, and a start that honours it if it can
    weight = round((r.senior_weight if not r.senior_hard else 10 * r.shortfall_weight) * SCALE)
    reward = np.where(built.ctx.p_need > 0, weight, 0).astype(np.int64)
    return senior, reward


def _scaled(on_progress: Callable[[Progress], None] | None) -> Callable[[Progress], None] | None:
    if on_progress is None:
        return None
    callback = on_progress
    return lambda p: callback(Progress(p.objective / SCALE, p.bound / SCALE, p.seconds))


def _pinned_pairs(built: Built) -> dict[int, int]:
    """Return item -> pair of each pinned assignment present among the candidates."""
    ctx = built.ctx
    if not ctx.problem.rules.pins:
        return {}
    out = {}
    for a, b in ctx.problem.pins:
        m, p = (a, b) if ctx.territories else (b, a)
        k = built.pairs.find(ctx.manager_index[m], ctx.place_index[p])
        if k is not None:
            out[int(built.core.item[k])] = k
    return out


def _grid_start(built: Built) -> np.ndarray | None:
    """Seed shape 2 with the regret greedy and descent on the dense cost matrix."""
    core = built.core
    if core.n_items * core.n_bins > 4_000_000 or core.n_bins == 0:
        return None
    cost = np.full((core.n_bins, core.n_items), 1e12)
    load = np.full((core.n_bins, core.n_items), 1e12)
    cost[core.bin, core.item] = core.cost
    load[core.bin, core.item] = core.load
    agents = gap_start(cost, load, core.bin_max.astype(np.float64), np.zeros(core.n_bins), time_limit=2.0)
    if agents is None:
        return None
    index = {(int(b), int(i)): k for k, (b, i) in enumerate(zip(core.bin, core.item, strict=True))}
    return np.array([index.get((int(a), i), -1) for i, a in enumerate(agents)], dtype=np.int64)


def _hint_from(built: Built, warm: dict[str, str] | Result) -> np.ndarray:
    """Turn a previous result or a who -> where mapping into a pair per item."""
    mapping = {a.who: a.to for a in warm.assignments} if isinstance(warm, Result) else dict(warm)
    ctx = built.ctx
    items, bins = ctx.item_ids(), ctx.bin_ids()
    bin_of = {b: k for k, b in enumerate(bins)}
    index = {
        (int(i), int(b)): k for k, (i, b) in enumerate(zip(built.core.item, built.core.bin, strict=True))
    }
    hint = np.full(len(items), -1, dtype=np.int64)
    for k, who in enumerate(items):
        where = mapping.get(who)
        if where in bin_of:
            hint[k] = index.get((k, bin_of[where]), -1)
    return hint


def decode(built: Built, outcome: SolveOutcome) -> Result:
    """Turn the engine's choice into assignments with cost components, penalties paid and moves."""
    ctx = built.ctx
    core = built.core
    assert outcome.choice is not None and outcome.objective is not None
    items, bins = ctx.item_ids(), ctx.bin_ids()
    result = Result(status=outcome.status)
    result.objective = outcome.objective / SCALE
    result.bound = min(outcome.bound, outcome.objective) / SCALE
    result.gap = (result.objective - result.bound) / max(1.0, abs(result.objective))
    balance_share = _balance_shares(built, outcome)
    for i, p in enumerate(outcome.choice.tolist()):
        if p < 0:
            result.unassigned.append(items[i])
            continue
        c = {k: float(v[p]) / SCALE for k, v in built.component_cost.items()}
        result.assignments.append(
            Assignment(
                items[i],
                bins[int(core.bin[p])],
                c["fit"],
                c["travel"],
                c["continuity"],
                balance_share.get(p, 0.0),
            )
        )
        for e in built.effects:
            if e.cost is not None and e.cost[p] > 0:
                result.penalties.append(Penalty(e.rule, items[i], float(e.cost[p]) / SCALE))
    for t, value in zip(built.cm.terms, outcome.values.get("terms", []), strict=False):
        if value > 0:
            result.penalties.append(Penalty(t.rule, t.who, t.coef * value / SCALE, float(value)))
    slack = {"shortfall": (core.shortfall_penalty, bins), "surplus": (core.surplus_penalty, bins)}
    for name, (weights, names) in slack.items():
        for b, v in outcome.values.get(name, {}).items():  # type: ignore[union-attr]
            if v > 0 and weights is not None:
                result.penalties.append(Penalty(name, names[b], float(weights[b]) * v / SCALE, float(v)))
    for i, v in outcome.values.get("unassigned", {}).items():  # type: ignore[union-attr]
        if v > 0 and core.unassigned_penalty is not None:
            result.penalties.append(
                Penalty("unassigned", items[i], float(core.unassigned_penalty[i]) / SCALE)
            )
    result.moves = _moves(built, outcome.choice)
    return result


def _balance_shares(built: Built, outcome: SolveOutcome) -> dict[int, float]:
    """Split each CM's balance penalty over its grids by workload (shape 2)."""
    ctx = built.ctx
    if ctx.territories or outcome.choice is None:
        return {}
    paid = {
        t.who: t.coef * v / SCALE
        for t, v in zip(built.cm.terms, outcome.values.get("terms", []), strict=False)
        if t.rule == "balance"
    }
    shares: dict[int, float] = {}
    chosen = [p for p in outcome.choice.tolist() if p >= 0]
    totals: dict[int, int] = {}
    for p in chosen:
        m = int(built.pairs.mgr[p])
        totals[m] = totals.get(m, 0) + int(built.core.load[p])
    for p in chosen:
        m = int(built.pairs.mgr[p])
        amount = paid.get(ctx.manager_ids[m], 0.0)
        shares[p] = amount * int(built.core.load[p]) / max(1, totals[m])
    return shares


def _moves(built: Built, choice: np.ndarray) -> list[Move]:
    """List who leaves their current territory (CM)."""
    ctx = built.ctx
    items, bins = ctx.item_ids(), ctx.bin_ids()
    current = ctx.m_cur if ctx.territories else ctx.p_cur
    moves = []
    for i, p in enumerate(choice.tolist()):
        before = int(current[i])
        after = int(built.core.bin[p]) if p >= 0 else -1
        if before >= 0 and after != before:
            moves.append(Move(items[i], bins[before], bins[after] if after >= 0 else None))
    return moves
