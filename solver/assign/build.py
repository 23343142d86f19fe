"""Turn a problem into the engine's core and CP-SAT model: candidate pairs, rule effects, rows and terms."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver.assign.context import SCALE, Context, build_context
from solver.assign.engine import Core, CoreModel, build_core_model, minimize_core
from solver.assign.model import Problem
from solver.assign.rules import PairEffect, Pairs, _code, active_rules, hard_rule_names

log = logging.getLogger(__name__)

CHUNK = 512  # managers (or places) priced at once when choosing candidates
DENSE_LIMIT = 250_000  # below this many pairs, every pair is a candidate
EXACT_LIMIT = 2_000_000  # with the reach rule, every allowed pair is kept up to this many
COMPONENTS = ("fit", "travel", "continuity", "adjustment")


@dataclass
class Built:
    """A problem's model: context, candidate pairs, per-pair rule costs, the core and its CP-SAT model.

    ``cm`` is None until :func:`with_model` builds the CP-SAT model (on all pairs or on a kept subset).
    """

    ctx: Context
    pairs: Pairs
    core: Core
    effects: list[PairEffect] = field(default_factory=list)
    component_cost: dict[str, np.ndarray] = field(default_factory=dict)  # per pair, internal units
    cm: CoreModel | None = None
    pairs_cut: int = 0  # allowed pairs left out by the k-cheapest cut (0: the candidate model is exact)

    @property
    def model(self) -> CoreModel:
        """Return the CP-SAT model (built by :func:`with_model`)."""
        assert self.cm is not None, "build the CP-SAT model first (with_model)"
        return self.cm


def _effects(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> list[PairEffect]:
    rules = active_rules(ctx.problem)
    return [e for rule in rules if rule.pair is not None and (e := rule.pair(ctx, mgr, place)) is not None]


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


def _k_cheapest(group: np.ndarray, cost: np.ndarray, k: int) -> np.ndarray:
    """Return a mask of the ``k`` cheapest entries of each group."""
    order = np.lexsort((cost, group))
    sorted_group = group[order]
    rank = np.arange(order.size) - np.searchsorted(sorted_group, sorted_group)
    keep = np.zeros(order.size, dtype=bool)
    keep[order[rank < k]] = True
    return keep


def reachable_pairs(ctx: Context, filter_hard: bool = True) -> tuple[Pairs, int]:
    """Keep the pairs the reach rule allows (never pricing the rest); cut only past ``EXACT_LIMIT``."""
    r = ctx.problem.rules
    by_unit = [np.nonzero(ctx.p_unit == u)[0] for u in range(len(ctx.unit_ids))]
    ms: list[np.ndarray] = []
    ps: list[np.ndarray] = []
    own = ctx.m_unit
    for u in np.unique(own).tolist():
        mgrs = np.nonzero(own == u)[0]
        places = (
            np.arange(len(ctx.place_ids))
            if u < 0 or filter_hard is False
            else np.concatenate(
                [by_unit[v] for v in np.nonzero(ctx.reach[u])[0].tolist()] or [np.zeros(0, int)]
            )
        )
        mm, pp = np.meshgrid(mgrs, places, indexing="ij")
        ms.append(mm.ravel())
        ps.append(pp.ravel())
    extra_m, extra_p = _current_and_pins(ctx)
    mgr = np.concatenate([*ms, extra_m]).astype(np.int64)
    place = np.concatenate([*ps, extra_p]).astype(np.int64)
    codes = np.unique(mgr * max(1, len(ctx.place_ids)) + place)
    mgr, place = codes // max(1, len(ctx.place_ids)), codes % max(1, len(ctx.place_ids))
    allowed, cost = _price(ctx, mgr, place, filter_hard)
    mgr, place, cost = mgr[allowed], place[allowed], cost[allowed]
    cut = 0
    if mgr.size > EXACT_LIMIT:
        keep = _k_cheapest(mgr, cost, r.candidates_per_manager) | _k_cheapest(
            place, cost, r.candidates_per_territory
        )
        keep |= np.isin(codes[allowed], extra_m * max(1, len(ctx.place_ids)) + extra_p)
        cut = int((~keep).sum())
        mgr, place = mgr[keep], place[keep]
    return Pairs(mgr=mgr, place=place), cut


def candidate_pairs(ctx: Context, filter_hard: bool = True) -> Pairs:
    """Keep sensible pairs: allowed by hard rules, k cheapest per CM and per place, current posts and pins."""
    return candidate_pairs_counted(ctx, filter_hard)[0]


def candidate_pairs_counted(ctx: Context, filter_hard: bool = True) -> tuple[Pairs, int]:
    """Return the candidate pairs and how many allowed pairs the k-cheapest cut left out."""
    r = ctx.problem.rules
    if ctx.territories and any(rule.name == "reach" for rule in active_rules(ctx.problem)):
        return reachable_pairs(ctx, filter_hard)
    n_m, n_p = len(ctx.manager_ids), len(ctx.place_ids)
    # the "item" side picks k bins; the "bin" side picks k items
    item_n, bin_n = (n_m, n_p) if ctx.territories else (n_p, n_m)
    k_item = r.candidates_per_manager if ctx.territories else r.candidates_per_territory
    k_bin = r.candidates_per_territory if ctx.territories else r.candidates_per_manager
    dense = n_m * n_p <= DENSE_LIMIT
    chosen_m: list[np.ndarray] = []
    chosen_p: list[np.ndarray] = []
    allowed_total = 0
    bin_best: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for lo in range(0, item_n, CHUNK):
        items = np.arange(lo, min(item_n, lo + CHUNK))
        it, bn = np.meshgrid(items, np.arange(bin_n), indexing="ij")
        mgr, place = ctx.mgr_place(it.ravel(), bn.ravel())
        allowed, cost = _price(ctx, mgr, place, filter_hard)
        cost = np.where(allowed, cost, np.inf).reshape(items.size, bin_n)
        allowed_total += int(allowed.sum())
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
    pairs = Pairs(mgr=mgr[order].astype(np.int64), place=place[order].astype(np.int64))
    return pairs, max(0, allowed_total - codes.size) if not dense else 0


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


def build(problem: Problem, explain: bool = False) -> Built:
    """Build the core and its CP-SAT model on every candidate pair.

    With ``explain`` every hard rule holds only under its own enable literal.
    """
    return with_model(build_core(problem, explain), explain=explain)


def build_core(problem: Problem, explain: bool = False) -> Built:
    """Choose candidate pairs, price them under the pair rules and build the core (no CP-SAT model yet)."""
    ctx = build_context(problem)
    r = problem.rules
    pairs, cut = candidate_pairs_counted(ctx, filter_hard=not explain)
    if cut:
        log.warning(
            "%d allowed pairs left out by the %d-cheapest cut: objective and bound are the kept pairs'",
            cut,
            r.candidates_per_manager,
        )
    item, bin_ = ctx.pair_of(pairs.mgr, pairs.place)
    order = np.argsort(item, kind="stable")
    pairs = Pairs(mgr=pairs.mgr[order], place=pairs.place[order])
    item, bin_ = item[order], bin_[order]
    effects = _effects(ctx, pairs.mgr, pairs.place)
    cost = np.zeros(item.size)
    components: dict[str, np.ndarray] = {c: np.zeros(item.size) for c in COMPONENTS}
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
    # shape 2 has one bound per CM (capacity): either hard flag makes it hard, as before the split
    short_hard = r.shortfall_hard if ctx.territories else r.shortfall_hard or r.surplus_hard
    over_hard = r.surplus_hard if ctx.territories else r.shortfall_hard or r.surplus_hard
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
        if (explain or not short_hard) and ctx.territories
        else None,
        surplus_penalty=np.full(n_bins, round(r.surplus_weight * SCALE))
        if explain or not over_hard
        else None,
        unassigned_penalty=np.full(n_items, round(r.unassigned_weight * SCALE))
        if explain or not r.assign_all_hard
        else None,
    )
    return Built(ctx=ctx, pairs=pairs, core=core, effects=effects, component_cost=components, pairs_cut=cut)


def restrict(built: Built, keep: np.ndarray) -> Built:
    """Return the same problem on the kept pairs only (a bool mask over the pairs)."""
    idx = np.nonzero(keep)[0]
    c = built.core
    core = Core(
        n_items=c.n_items,
        n_bins=c.n_bins,
        item=c.item[idx],
        bin=c.bin[idx],
        cost=c.cost[idx],
        load=c.load[idx],
        bin_min=c.bin_min,
        bin_max=c.bin_max,
        shortfall_penalty=c.shortfall_penalty,
        surplus_penalty=c.surplus_penalty,
        unassigned_penalty=c.unassigned_penalty,
    )
    effects = [
        PairEffect(
            e.rule,
            e.component,
            e.forbid[idx] if e.forbid is not None else None,
            e.cost[idx] if e.cost is not None else None,
        )
        for e in built.effects
    ]
    return Built(
        ctx=built.ctx,
        pairs=Pairs(mgr=built.pairs.mgr[idx], place=built.pairs.place[idx]),
        core=core,
        effects=effects,
        component_cost={k: v[idx] for k, v in built.component_cost.items()},
        pairs_cut=built.pairs_cut,
    )


def with_model(built: Built, explain: bool = False) -> Built:
    """Build the CP-SAT model of ``built``'s pairs: the core rows, then each active model rule."""
    ctx = built.ctx
    cm = build_core_model(built.core)
    built.cm = cm
    if explain:
        _enable_hard_rules(cm, ctx.problem, built.effects)
    for rule in active_rules(ctx.problem):
        if rule.model is not None:
            cm.terms += rule.model(ctx, cm, built.pairs, cm.enable.get(rule.name) if explain else None)
    if not explain:
        minimize_core(cm)
    log.info(
        "model: %d pairs, %d items, %d bins, %d terms",
        built.core.item.size,
        built.core.n_items,
        built.core.n_bins,
        len(cm.terms),
    )
    return built


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
    if slack_rule in cm.enable:  # explain mode keeps both slacks; each hard side is zero under the literal
        r = problem.rules
        both = problem.shape != "territories"
        hard_slack = [
            *(cm.shortfall.values() if r.shortfall_hard or both else []),
            *(cm.surplus.values() if r.surplus_hard or both else []),
        ]
        for v in hard_slack:
            model.add(v == 0).only_enforce_if(cm.enable[slack_rule])
    if "assign_all" in cm.enable:
        for v in cm.unassigned.values():
            model.add(v == 0).only_enforce_if(cm.enable["assign_all"])
