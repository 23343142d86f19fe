"""The planner's rules, one function each; hard rules forbid pairs or add rows, soft ones return priced terms.

*Pair rules* look at (manager, place) candidate pairs and return a :class:`PairEffect`: pairs the rule
forbids (when hard) and a cost per pair (when soft) under a cost component (fit, travel, continuity).
*Model rules* add rows to the CP-SAT model and return their penalty :class:`~solver.assign.engine.Term` list,
each named by rule and by whom it concerns. Every model rule takes ``enable``: when given, its hard rows hold
only if that literal is true (used to explain infeasibility). Costs are in internal units (``SCALE`` per
reported unit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from solver.assign.context import SCALE, Context
from solver.assign.engine import CoreModel, Term
from solver.assign.model import grade_level


@dataclass
class PairEffect:
    """What a pair rule does to candidate pairs: forbid some, charge others."""

    rule: str
    component: str  # fit, travel or continuity
    forbid: np.ndarray | None = None  # bool per pair
    cost: np.ndarray | None = None  # internal cost units per pair


def segment_match(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """A CM serves only territories (grids) of a segment they cover (零售/对公/小微/三农)."""
    r = ctx.problem.rules
    if not r.segment:
        return None
    miss = (ctx.m_seg[mgr] & ctx.p_seg[place]) == 0
    if r.segment_hard:
        return PairEffect("segment", "fit", forbid=miss)
    return PairEffect("segment", "fit", cost=np.rint(miss * r.segment_weight * SCALE))


def minimum_grade(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """A CM's grade is at least the territory's minimum grade (soft: priced per level short)."""
    r = ctx.problem.rules
    if not r.grade or not ctx.territories:
        return None
    short = np.maximum(0, ctx.p_min_grade[place] - ctx.m_grade[mgr])
    if r.grade_hard:
        return PairEffect("grade", "fit", forbid=short > 0)
    return PairEffect("grade", "fit", cost=np.rint(short * r.grade_weight * SCALE))


def competency_thresholds(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """A CM meets each competency threshold of the territory (soft: priced per point short)."""
    r = ctx.problem.rules
    if not r.competency or not ctx.territories or ctx.p_comp.shape[1] == 0:
        return None
    deficit = np.maximum(0, ctx.p_comp[place] - ctx.m_comp[mgr]).sum(axis=1)
    if r.competency_hard:
        return PairEffect("competency", "fit", forbid=deficit > 0)
    return PairEffect("competency", "fit", cost=np.rint(deficit * r.competency_weight * SCALE))


def rotation(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """A CM in the same territory more than N years should move (soft); at the must-move age, must move."""
    r = ctx.problem.rules
    if not r.rotation or not ctx.territories:
        return None
    stay = ctx.m_cur[mgr] == place
    years = ctx.m_years[mgr]
    due = stay & (years > r.rotation_years)
    must = stay & (years >= r.rotation_must_years)
    return PairEffect("rotation", "continuity", forbid=must, cost=np.rint(due * r.rotation_weight * SCALE))


def forbidden_pairs(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """A listed CM-territory (grid-CM) pair is never used."""
    if not ctx.problem.rules.forbidden or not ctx.problem.forbidden:
        return None
    codes = {_code(ctx, a, b) for a, b in ctx.problem.forbidden}
    key = mgr.astype(np.int64) * max(1, len(ctx.place_ids)) + place
    return PairEffect("forbidden", "fit", forbid=np.isin(key, np.fromiter(codes, dtype=np.int64)))


def travel_distance(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """Distance from the CM's home (or current outlet) costs per km and may not exceed a maximum."""
    r = ctx.problem.rules
    if not r.travel:
        return None
    km = np.hypot(*(ctx.m_origin[mgr] - ctx.p_xy[place]).T)
    forbid = km > r.travel_max_km if r.travel_max_km is not None else None
    return PairEffect("travel", "travel", forbid=forbid, cost=np.rint(km * r.travel_weight * SCALE))


def continuity_cost(ctx: Context, mgr: np.ndarray, place: np.ndarray) -> PairEffect | None:
    """Each move away from the current territory (or a grid away from its CM) costs a fixed amount."""
    r = ctx.problem.rules
    if not r.continuity:
        return None
    if ctx.territories:
        move = (ctx.m_cur[mgr] >= 0) & (ctx.m_cur[mgr] != place)
    else:
        move = (ctx.p_cur[place] >= 0) & (ctx.p_cur[place] != mgr)
    return PairEffect("continuity", "continuity", cost=np.rint(move * r.move_cost * SCALE))


PAIR_RULES: tuple[Callable[[Context, np.ndarray, np.ndarray], PairEffect | None], ...] = (
    segment_match,
    minimum_grade,
    competency_thresholds,
    rotation,
    forbidden_pairs,
    travel_distance,
    continuity_cost,
)


def _code(ctx: Context, a: str, b: str) -> int:
    """Return the (manager, place) code of a listed pair given in the shape's own order."""
    mgr_id, place_id = (a, b) if ctx.territories else (b, a)
    if mgr_id not in ctx.manager_index or place_id not in ctx.place_index:
        raise ValueError(f"pair ({a}, {b}) names an unknown CM, territory or grid")
    return ctx.manager_index[mgr_id] * max(1, len(ctx.place_ids)) + ctx.place_index[place_id]


@dataclass
class Pairs:
    """Lookup of the candidate pairs kept in the model, by manager and by place."""

    mgr: np.ndarray
    place: np.ndarray

    def index(self) -> dict[tuple[int, int], int]:
        """Return (manager, place) -> pair index."""
        return {(int(m), int(p)): k for k, (m, p) in enumerate(zip(self.mgr, self.place, strict=True))}

    def find(self, mgr: int, place: int) -> int | None:
        """Return the index of the (manager, place) pair, or None if it is not a candidate."""
        hit = np.nonzero((self.mgr == mgr) & (self.place == place))[0]
        return int(hit[0]) if hit.size else None


def _hold(model: cp_model.CpModel, ct: cp_model.Constraint, enable: cp_model.IntVar | None) -> None:
    if enable is not None:
        ct.only_enforce_if(enable)


def pinned_assignments(
    ctx: Context, cm: CoreModel, pairs: Pairs, enable: cp_model.IntVar | None
) -> list[Term]:
    """A pinned CM-territory (grid-CM) assignment is kept as it is."""
    if not ctx.problem.rules.pins:
        return []
    n = max(1, len(ctx.place_ids))
    for a, b in ctx.problem.pins:
        code = _code(ctx, a, b)
        p = pairs.find(code // n, code % n)
        if p is None:  # the pair was filtered out by another hard rule
            _hold(cm.model, cm.model.add_bool_or([]), enable)
        else:
            _hold(cm.model, cm.model.add(cm.x[p] == 1), enable)
    return []


def senior_presence(ctx: Context, cm: CoreModel, pairs: Pairs, enable: cp_model.IntVar | None) -> list[Term]:
    """Each staffed territory (or unit) has at least one CM of the senior grade or above."""
    r = ctx.problem.rules
    if not r.senior or not ctx.territories:
        return []
    level = grade_level(r.senior_grade, ctx.problem.grades)
    by_unit = r.senior_scope == "unit"
    groups: dict[int, list[int]] = defaultdict(list)
    needy = set()
    for t in np.nonzero(ctx.p_need > 0)[0].tolist():
        needy.add(int(ctx.p_unit[t]) if by_unit else t)
    senior = np.nonzero(ctx.m_grade[pairs.mgr] >= level)[0]
    group = ctx.p_unit[pairs.place[senior]] if by_unit else pairs.place[senior]
    for k, g in zip(senior.tolist(), group.tolist(), strict=True):
        groups[g].append(k)
    names = ctx.unit_ids if by_unit else ctx.place_ids
    terms = []
    for g in sorted(needy):
        row = [cm.x[k] for k in groups.get(g, [])]
        if r.senior_hard:
            _hold(cm.model, cm.model.add(sum(row) >= 1), enable)
        else:
            miss = cm.model.new_bool_var(f"no_senior_{names[g]}")
            cm.model.add(sum(row) + miss >= 1)
            terms.append(Term("senior", names[g], round(r.senior_weight * SCALE), miss))
    return terms


def avoidance_pairs(ctx: Context, cm: CoreModel, pairs: Pairs, enable: cp_model.IntVar | None) -> list[Term]:
    """Linked CMs (回避: relatives, prior reporting lines) never work in the same unit."""
    r = ctx.problem.rules
    if not r.avoidance or not ctx.territories or not ctx.problem.avoidance:
        return []
    linked = np.array([ctx.manager_index[x] for pair in ctx.problem.avoidance for x in pair], dtype=np.int64)
    mine = np.nonzero(np.isin(pairs.mgr, linked))[0]
    in_unit: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, m, u in zip(
        mine.tolist(), pairs.mgr[mine].tolist(), ctx.p_unit[pairs.place[mine]].tolist(), strict=True
    ):
        in_unit[m, u].append(k)
    terms = []
    for a_id, b_id in ctx.problem.avoidance:
        a, b = ctx.manager_index[a_id], ctx.manager_index[b_id]
        for u in range(len(ctx.unit_ids)):
            ka, kb = in_unit.get((a, u), []), in_unit.get((b, u), [])
            if not ka or not kb:
                continue
            both = [cm.x[k] for k in ka + kb]
            if r.avoidance_hard:
                _hold(cm.model, cm.model.add(sum(both) <= 1), enable)
            else:
                v = cm.model.new_bool_var(f"together_{a_id}_{b_id}_{ctx.unit_ids[u]}")
                cm.model.add(sum(both) <= 1 + v)
                terms.append(Term("avoidance", f"{a_id}+{b_id}", round(r.avoidance_weight * SCALE), v))
    return terms


def move_limit(ctx: Context, cm: CoreModel, pairs: Pairs, enable: cp_model.IntVar | None) -> list[Term]:
    """At most ``max_moves`` CMs (grids) leave their current territory (CM)."""
    r = ctx.problem.rules
    if not r.continuity or r.max_moves is None:
        return []
    if ctx.territories:
        homes = [(m, int(t)) for m, t in enumerate(ctx.m_cur.tolist()) if t >= 0]
    else:
        homes = [(int(m), p) for p, m in enumerate(ctx.p_cur.tolist()) if m >= 0]
    codes = pairs.mgr * max(1, len(ctx.place_ids)) + pairs.place
    wanted = np.array([m * max(1, len(ctx.place_ids)) + p for m, p in homes], dtype=np.int64)
    stays = [cm.x[k] for k in np.nonzero(np.isin(codes, wanted))[0].tolist()]
    _hold(cm.model, cm.model.add(sum(stays) >= len(homes) - r.max_moves), enable)
    return []


def workload_balance(ctx: Context, cm: CoreModel, pairs: Pairs, enable: cp_model.IntVar | None) -> list[Term]:
    """CMs' grid workloads stay near the mean (deviation priced per unit) or the largest load is minimised."""
    r = ctx.problem.rules
    if not r.balance or ctx.territories or not ctx.manager_ids:
        return []
    loads: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, (m, p) in enumerate(zip(pairs.mgr.tolist(), pairs.place.tolist(), strict=True)):
        loads[m].append((k, int(ctx.p_need[p])))
    total = int(ctx.p_need.sum())
    weight = round(r.balance_weight * SCALE)
    terms = []
    if r.balance_mode == "max":
        top = cm.model.new_int_var(0, total, "max_load")
        for m in range(len(ctx.manager_ids)):
            cm.model.add(sum(w * cm.x[k] for k, w in loads.get(m, [])) <= top)
        terms.append(Term("balance", "max load", weight, top))
        return terms
    mean = round(total / len(ctx.manager_ids))
    for m in range(len(ctx.manager_ids)):
        load = sum(w * cm.x[k] for k, w in loads.get(m, []))
        dev = cm.model.new_int_var(0, total, f"dev_{ctx.manager_ids[m]}")
        cm.model.add(dev >= load - mean)
        cm.model.add(dev >= mean - load)
        terms.append(Term("balance", ctx.manager_ids[m], weight, dev))
    return terms


MODEL_RULES = {
    "pins": pinned_assignments,
    "senior": senior_presence,
    "avoidance": avoidance_pairs,
    "max_moves": move_limit,
    "balance": workload_balance,
}
