"""Turn a problem into the engine's core and CP-SAT model: candidate pairs, rule effects, rows and terms."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver.assign.context import SCALE, Context, build_context
from solver.assign.engine import Core, CoreModel, build_core_model, core_objective
from solver.assign.model import Problem
from solver.assign.rules import MODEL_RULES, PAIR_RULES, PairEffect, Pairs, _code

log = logging.getLogger(__name__)

CHUNK = 512  # managers (or places) priced at once when choosing candidates
DENSE_LIMIT = 250_000  # below this many pairs, every pair is a candidate


@dataclass
class Built:
    """A problem's model: context, candidate pairs, per-pair rule costs and the CP-SAT core model."""

    ctx: Context
    pairs: Pairs
    cm: CoreModel
    effects: list[PairEffect] = field(default_factory=list)
    component_cost: dict[str, np.ndarray] = field(default_factory=dict)  # per pair, internal units

    @property
    def core(self) -> Core:
        """Return the assignment core."""
        return self.cm.core


def _effects(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> list[PairEffect]:
    return [e for rule in PAIR_RULES if (e := rule(ctx, mgr, place)) is not None]


def _price(
    ctx: Context, mgr: np.ndarray, place: np.ndarray, filter_hard: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Return (allowed, cost) per pair under all pair rules."""
    allowed = np.ones(mgr.size, dtype=bool)
    cost = np.zeros(mgr.size)
    for e in _effects(ctx, mgr, place):
        if e.forbid is not None and filter_hard:
            allowed &= ~e.forbid
        if e.cost is not None:
            cost += e.cost
    return allowed, cost


def candidate_pairs(ctx: Context, filter_hard: bool = True) -> Pairs:
    """Keep sensible pairs: allowed by hard rules, k cheapest per CM and per place, current posts and pins."""
    r = ctx.problem.rules
    n_m, n_p = len(ctx.manager_ids), len(ctx.place_ids)
    # the "item" side picks k bins; the "bin" side picks k items
    item_n, bin_n = (n_m, n_p) if ctx.territories else (n_p, n_m)
    k_item = r.candidates_per_manager if ctx.territories else r.candidates_per_territory
    k_bin = r.candidates_per_territory if ctx.territories else r.candidates_per_manager
    dense = n_m * n_p <= DENSE_LIMIT
    chosen_m: list[np.ndarray] = []
    chosen_p: list[np.ndarray] = []
    bin_best: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for lo in range(0, item_n, CHUNK):
        items = np.arange(lo, min(item_n, lo + CHUNK))
        it, bn = np.meshgrid(items, np.arange(bin_n), indexing="ij")
        mgr, place = ctx.mgr_place(it.ravel(), bn.ravel())
        allowed, cost = _price(ctx, mgr, place, filter_hard)
        cost = np.where(allowed, cost, np.inf).reshape(items.size, bin_n)
        if dense:
            keep = np.isfinite(cost)
        else:
            kk = min(k_item, bin_n)
            top = np.argpartition(cost, kk - 1, axis=1)[:, :kk]
            keep = np.zeros_like(cost, dtype=bool)
            np.put_along_axis(keep, top, True, axis=1)
            keep &= np.isfinite(cost)
            kb = min(k_bin, items.size)
            col = np.argpartition(cost, kb - 1, axis=0)[:kb]
            bin_best.append(
                (
                    items[col].ravel(),
                    np.broadcast_to(np.arange(bin_n), col.shape).ravel(),
                    np.take_along_axis(cost, col, 0).ravel(),
                )
            )
        ii, bb = np.nonzero(keep)
        m_, p_ = ctx.mgr_place(items[ii], bb)
        chosen_m.append(m_)
        chosen_p.append(p_)
    if bin_best:
        items = np.concatenate([b[0] for b in bin_best])
        bins = np.concatenate([b[1] for b in bin_best])
        costs = np.concatenate([b[2] for b in bin_best])
        order = np.lexsort((costs, bins))
        items, bins, costs = items[order], bins[order], costs[order]
        rank = np.arange(bins.size) - np.searchsorted(bins, bins)
        sel = (rank < k_bin) & np.isfinite(costs)
        m_, p_ = ctx.mgr_place(items[sel], bins[sel])
        chosen_m.append(m_)
        chosen_p.append(p_)
    # current posts and pins stay candidates whenever the hard rules allow them
    extra_m, extra_p = _current_and_pins(ctx)
    if extra_m.size:
        allowed, _ = _price(ctx, extra_m, extra_p, filter_hard)
        chosen_m.append(extra_m[allowed])
        chosen_p.append(extra_p[allowed])
    codes = (
        np.unique(np.concatenate(chosen_m) * max(1, n_p) + np.concatenate(chosen_p))
        if chosen_m
        else np.zeros(0, int)
    )
    mgr, place = codes // max(1, n_p), codes % max(1, n_p)
    item, _ = ctx.pair_of(mgr, place)
    order = np.argsort(item, kind="stable")
    return Pairs(mgr=mgr[order].astype(np.int64), place=place[order].astype(np.int64))


def _current_and_pins(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    n_p = max(1, len(ctx.place_ids))
    ms: list[int] = []
    ps: list[int] = []
    if ctx.territories:
        has = np.nonzero(ctx.m_cur >= 0)[0]
        ms += has.tolist()
        ps += ctx.m_cur[has].tolist()
    else:
        has = np.nonzero(ctx.p_cur >= 0)[0]
        ms += ctx.p_cur[has].tolist()
        ps += has.tolist()
    if ctx.problem.rules.pins:
        for a, b in ctx.problem.pins:
            code = _code(ctx, a, b)
            ms.append(code // n_p)
            ps.append(code % n_p)
    return np.array(ms, dtype=np.int64), np.array(ps, dtype=np.int64)


def hard_rule_names(problem: Problem) -> list[str]:
    """Return the names of the hard rules switched on (the candidates for an infeasibility explanation)."""
    r = problem.rules
    territories = problem.shape == "territories"
    names = [
        ("segment", r.segment and r.segment_hard),
        ("grade", territories and r.grade and r.grade_hard),
        ("competency", territories and r.competency and r.competency_hard),
        ("rotation", territories and r.rotation),
        ("forbidden", r.forbidden and bool(problem.forbidden)),
        ("travel", r.travel and r.travel_max_km is not None),
        ("pins", r.pins and bool(problem.pins)),
        ("senior", territories and r.senior and r.senior_hard),
        ("avoidance", territories and r.avoidance and r.avoidance_hard and bool(problem.avoidance)),
        ("max_moves", r.continuity and r.max_moves is not None),
        ("staffing" if territories else "capacity", r.shortfall_hard),
        ("assign_all", r.assign_all_hard),
    ]
    return [n for n, on in names if on]


def build(problem: Problem, explain: bool = False) -> Built:
    """Build the model; with ``explain`` every hard rule holds only under its own enable literal."""
    ctx = build_context(problem)
    r = problem.rules
    pairs = candidate_pairs(ctx, filter_hard=not explain)
    item, bin_ = ctx.pair_of(pairs.mgr, pairs.place)
    effects = _effects(ctx, pairs.mgr, pairs.place)
    cost = np.zeros(item.size)
    components: dict[str, np.ndarray] = {c: np.zeros(item.size) for c in ("fit", "travel", "continuity")}
    for e in effects:
        if e.cost is not None:
            cost += e.cost
            components[e.component] += e.cost
    n_items = len(ctx.item_ids())
    n_bins = len(ctx.bin_ids())
    if ctx.territories:
        load = np.ones(item.size, dtype=np.int64)
        bin_min = ctx.p_need.copy()
        bin_max = ctx.p_need.copy()
    else:
        load = ctx.p_need[pairs.place].astype(np.int64)
        bin_min = np.zeros(n_bins, dtype=np.int64)
        bin_max = ctx.m_cap.copy()
    soft_bins = explain or not r.shortfall_hard
    core = Core(
        n_items=n_items,
        n_bins=n_bins,
        item=item,
        bin=bin_,
        cost=cost.astype(np.int64),
        load=load,
        bin_min=bin_min,
        bin_max=bin_max,
        shortfall_penalty=np.full(n_bins, round(r.shortfall_weight * SCALE))
        if soft_bins and ctx.territories
        else None,
        surplus_penalty=np.full(n_bins, round(r.surplus_weight * SCALE)) if soft_bins else None,
        unassigned_penalty=np.full(n_items, round(r.unassigned_weight * SCALE))
        if explain or not r.assign_all_hard
        else None,
    )
    cm = build_core_model(core)
    if explain:
        _enable_hard_rules(cm, problem, effects)
    for name, rule in MODEL_RULES.items():
        cm.terms += rule(ctx, cm, pairs, cm.enable.get(name) if explain else None)
    if not explain:
        cm.model.minimize(core_objective(cm))
    log.info("model: %d pairs, %d items, %d bins, %d terms", item.size, n_items, n_bins, len(cm.terms))
    return Built(ctx=ctx, pairs=pairs, cm=cm, effects=effects, component_cost=components)


def _enable_hard_rules(cm: CoreModel, problem: Problem, effects: list[PairEffect]) -> None:
    """Create one literal per hard rule and make the rule's forbidden pairs and slack zero under it."""
    model: cp_model.CpModel = cm.model
    for name in hard_rule_names(problem):
        cm.enable[name] = model.new_bool_var(f"enable_{name}")
    for e in effects:
        if e.forbid is not None and e.rule in cm.enable:
            for p in np.nonzero(e.forbid)[0].tolist():
                model.add_implication(cm.enable[e.rule], cm.x[p].Not())
    slack_rule = "staffing" if problem.shape == "territories" else "capacity"
    if slack_rule in cm.enable:
        for v in [*cm.shortfall.values(), *cm.surplus.values()]:
            model.add(v == 0).only_enforce_if(cm.enable[slack_rule])
    if "assign_all" in cm.enable:
        for v in cm.unassigned.values():
            model.add(v == 0).only_enforce_if(cm.enable["assign_all"])
