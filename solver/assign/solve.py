"""Solve a territory-assignment problem end to end: build, warm start, CP-SAT, explain, report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np

from solver.assign.build import Built, build_core, with_model
from solver.assign.context import SCALE
from solver.assign.engine import Engine, Progress, SolveOptions, SolveOutcome
from solver.assign.explain import conflicting_rules
from solver.assign.heuristic import gap_start
from solver.assign.model import Assignment, Move, Penalty, Problem, Result
from solver.assign.territory import solve_territories

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
    min-cost-flow relaxation (shape 1) or the greedy heuristic (shape 2) seeds the search. Shape 1 is solved
    exactly by :func:`~solver.assign.territory.solve_territories` (flow, reduced-cost pruning, CP-SAT).
    """
    options = options or SolveOptions()
    engine = engine or Engine()
    start = time.monotonic()
    built = build_core(problem)
    settings = SolveOptions(
        **{**options.__dict__, "time_limit": options.time_limit - (time.monotonic() - start)}
    )
    # probing the many pair literals costs seconds at bank scale and buys little on this structure
    settings.extra = {"cp_model_probing_level": 0, **options.extra}
    hint = _hint_from(built, warm_start) if warm_start is not None else None
    stats: dict[str, float] = {"pairs": float(built.core.item.size), "pairs_cut": float(built.pairs_cut)}
    if built.ctx.territories:
        run = solve_territories(built, settings, engine, _scaled(on_progress), hint)
        built, outcome = run.built, run.outcome
        stats.update(run.stats)
    else:
        with_model(built)
        hint = hint if hint is not None else _grid_start(built)
        outcome = engine.solve(built.model, settings, hint=hint, on_progress=_scaled(on_progress))
    if outcome.choice is None:
        conflict = conflicting_rules(problem, time_limit=max(1.0, options.time_limit / 4))
        status = outcome.status if outcome.status != "UNKNOWN" or not conflict else "INFEASIBLE"
        return Result(status=status, seconds=time.monotonic() - start, conflict=conflict, stats=stats)
    result = decode(built, outcome)
    result.seconds = time.monotonic() - start
    stats["searched"] = float(outcome.searched)
    result.stats = stats
    return result


def _scaled(on_progress: Callable[[Progress], None] | None) -> Callable[[Progress], None] | None:
    if on_progress is None:
        return None
    callback = on_progress
    return lambda p: callback(Progress(p.objective / SCALE, p.bound / SCALE, p.seconds))


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
                c["adjustment"],
            )
        )
        for e in built.effects:
            if e.cost is not None and e.cost[p] > 0:
                result.penalties.append(Penalty(e.rule, items[i], float(e.cost[p]) / SCALE))
    for t, value in zip(built.model.terms, outcome.values.get("terms", []), strict=False):
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
        for t, v in zip(built.model.terms, outcome.values.get("terms", []), strict=False)
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
