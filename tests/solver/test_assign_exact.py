"""Shape 1 is solved exactly: the flow bound ends the search, side rules are proved on the pairs kept."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.sat.python import cp_model

from solver.assign import build as build_module
from solver.assign.build import Built, build, build_core, restrict, with_model
from solver.assign.context import SCALE
from solver.assign.engine import SolveOptions, core_objective
from solver.assign.flow import reduced_costs
from solver.assign.generate import generate, generate_bank
from solver.assign.highs import lp_bound, mip_form, row_prices, solve_highs
from solver.assign.model import Problem, Territory, Unit
from solver.assign.solve import solve
from solver.assign.territory import flow_relaxation, repair_avoidance
from tests.solver.test_assign_factories import cm, quiet_rules, two_outlets

OPTIONS = SolveOptions(time_limit=30, workers=1, seed=0)


def test_a_flow_start_that_keeps_every_rule_is_optimal_without_any_search() -> None:
    p = two_outlets()
    p.managers = [cm("M1", 9), cm("M2", 1)]  # each 1 km from the nearer territory
    result = solve(p, OPTIONS)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 2.0, 2.0)
    assert result.stats["searched"] == 0.0


def test_the_flow_bound_ends_the_run_as_optimal_at_a_requested_gap_too() -> None:
    p = two_outlets()
    p.managers = [cm("M1", 9), cm("M2", 1)]
    result = solve(p, SolveOptions(time_limit=30, relative_gap=0.05))
    assert (result.status, result.gap) == ("OPTIMAL", 0.0)


def partner_must_move() -> Problem:
    """Return the smallest case where the senior of a linked pair must stay and the partner must move.

    S (senior) and P (junior) are linked and both work in branch U1; U2's territory T3 needs one more CM and
    already has a senior (Q). Moving P costs a move (10) and 10 km; moving S costs the same plus T1's senior
    (200). Both leave a shortfall (1000) behind.
    """
    return Problem(
        units=[Unit("U1", 0, 0), Unit("U2", 10, 0)],
        territories=[Territory("T1", "U1"), Territory("T2", "U1"), Territory("T3", "U2", need=2)],
        managers=[
            cm("S", 0, grade="senior", current="T1"),
            cm("P", 0, current="T2"),
            cm("Q", 10, grade="senior", current="T3"),
        ],
        avoidance=[("S", "P")],  # the senior listed first: moving the first member was the old repair
        rules=quiet_rules(avoidance=True, avoidance_hard=True, senior=True, continuity=True, move_cost=10.0),
    )


def test_the_partner_not_the_senior_moves_when_a_linked_pair_shares_a_branch() -> None:
    result = solve(partner_must_move(), OPTIONS)
    assert result.status == "OPTIMAL"
    assert {a.who: a.to for a in result.assignments} == {"S": "T1", "P": "T3", "Q": "T3"}
    # travel 10 + move 10 for P; T2 is left short (1000) and without a senior (200)
    assert result.objective == 1220.0
    paid = sorted((x.rule, x.who, x.amount) for x in result.penalties)
    assert paid == [
        ("continuity", "P", 10.0),
        ("senior", "T2", 200.0),
        ("shortfall", "T2", 1000.0),
        ("travel", "P", 10.0),
    ]


def test_the_avoidance_repair_moves_the_cheaper_member_by_reduced_cost() -> None:
    built = build_core(partner_must_move())
    relaxed = flow_relaxation(built)
    assert relaxed is not None and relaxed.network is not None
    rc_pair, rc_free = reduced_costs(relaxed.network)
    choice = repair_avoidance(built, relaxed.choice, rc_pair, rc_free)
    where = {
        built.ctx.manager_ids[int(built.pairs.mgr[k])]: built.ctx.place_ids[int(built.pairs.place[k])]
        for k in choice
    }
    assert where == {"S": "T1", "P": "T3", "Q": "T3"}


def _where(built: Built, choice: np.ndarray) -> dict[str, str]:
    """Return CM id -> territory id of a choice of pair per CM over ``built``'s pairs."""
    ctx, pairs = built.ctx, built.pairs
    return {ctx.manager_ids[int(pairs.mgr[k])]: ctx.place_ids[int(pairs.place[k])] for k in choice if k >= 0}


def test_the_lp_prices_the_avoidance_row_at_what_keeping_the_pair_apart_costs() -> None:
    built = build(partner_must_move())
    value, prices, choice = row_prices(built.model, "avoidance", 30)
    # apart: P moves (1220, see partner_must_move); together everyone stays and T3 is one short
    # (T2 without a senior 200 + shortfall 1000 = 1200). The LP's answer is integral, and U1's row binds:
    # loosening it by e saves 20 e, so its price is at least 20 (its dual is not unique: tightening it costs
    # more, and HiGHS may return any price in between)
    assert value == pytest.approx(1220 * SCALE)
    s, p = built.ctx.manager_index["S"], built.ctx.manager_index["P"]
    u1, u2 = built.ctx.unit_ids.index("U1"), built.ctx.unit_ids.index("U2")
    assert set(prices) == {(s, p, u1), (s, p, u2)}  # one row per branch both may work in
    assert prices[s, p, u1] >= 20 * SCALE - 1e-6
    assert choice is not None and _where(built, choice) == {"S": "T1", "P": "T3", "Q": "T3"}


def test_the_lp_on_fewer_columns_keeps_the_rows_and_drops_the_columns() -> None:
    built = build(partner_must_move())
    use = np.ones(built.core.item.size, dtype=bool)
    use[built.pairs.find(built.ctx.manager_index["P"], built.ctx.place_index["T3"])] = False
    fewer = with_model(restrict(built, use))  # as the pricing rounds build their LP on fewer pairs
    value, _, choice = row_prices(fewer.model, "avoidance", 30)
    # P cannot reach T3, so S leaves U1: S and Q swap branches (each travels 10 km and moves: 40), T1 keeps a
    # senior (Q), T3 is one short (1000) and T2 still has none (200): 1240. S alone moving costs 1420 (T1
    # short and without a senior), P leaving unassigned 5000 or more.
    assert value == pytest.approx(1240 * SCALE)
    assert choice is not None and _where(fewer, choice) == {"S": "T3", "P": "T2", "Q": "T1"}


@pytest.mark.parametrize("hint_to", [{"S": "T1", "P": "T3"}, {"S": "T3", "P": "T2"}])
def test_an_lp_proof_accepts_only_an_optimal_start(hint_to: dict[str, str]) -> None:
    built = build(partner_must_move())
    ctx = built.ctx
    hint = np.full(built.core.n_items, -1, dtype=np.int64)
    for who, to in {**hint_to, "Q": "T3"}.items():
        hint[ctx.manager_index[who]] = built.pairs.find(ctx.manager_index[who], ctx.place_index[to])
    # the LP of the whole model is integral here: its proven bound is the optimum, 1220
    assert lp_bound(mip_form(built.model), 30) == pytest.approx(1220 * SCALE)
    found = solve_highs(built.model, OPTIONS, hint, lp_proof=True)
    # the LP's 1220 meets the optimal start; the other start (1420) is beaten by the MIP
    assert (found.status, found.objective, found.bound) == ("OPTIMAL", 1220 * SCALE, 1220 * SCALE)
    assert found.choice is not None and _where(built, found.choice) == {"S": "T1", "P": "T3", "Q": "T3"}


def test_the_avoidance_prices_raise_the_flow_bound_to_the_optimum() -> None:
    # the flow alone lets S and P share U1 (1200); at the row's price 20 the Lagrangian bound is 1220
    result = solve(partner_must_move(), OPTIONS)
    assert result.stats["flow_bound"] == pytest.approx(1220.0)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 1220.0, 1220.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_small_bank_has_the_optimum_highs_proves_on_every_pair(seed: int) -> None:
    problem = generate_bank(300, seed)
    ours = solve(problem, OPTIONS)
    full = build(problem).model  # every candidate pair, no pruning, no flow, no prices
    whole = solve_highs(full, SolveOptions(time_limit=120))
    assert whole.status == "OPTIMAL" and whole.objective is not None
    assert ours.status == "OPTIMAL"
    assert ours.objective == pytest.approx(whole.objective / SCALE, abs=0.005)


def test_a_tiny_bank_has_the_optimum_cp_sat_proves_on_every_pair() -> None:
    problem = generate_bank(50, 4)
    ours = solve(problem, OPTIONS)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 120
    solver.parameters.num_workers = 2
    assert solver.solve(build(problem).model.model) == cp_model.OPTIMAL
    assert ours.status == "OPTIMAL"
    assert ours.objective == pytest.approx(solver.objective_value / SCALE, abs=0.005)


def test_allowed_pairs_left_out_by_the_cheapest_cut_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = generate_bank(100, 1)
    problem.rules.candidates_per_manager = 2
    problem.rules.candidates_per_territory = 2
    every = build_core(problem).core.item.size
    monkeypatch.setattr(build_module, "EXACT_LIMIT", 0)
    kept = build_core(problem)
    assert kept.pairs_cut == every - kept.core.item.size > 0
    result = solve(problem, OPTIONS)
    assert result.stats["pairs_cut"] == float(kept.pairs_cut)


def test_unreachable_pairs_are_never_priced() -> None:
    problem = generate_bank(200, 1)
    built = build_core(problem)
    own = built.ctx.m_unit[built.pairs.mgr]
    assert np.all(built.ctx.reach[own, built.ctx.p_unit[built.pairs.place]])


@pytest.mark.parametrize("shape", ["territories", "grids"])
def test_the_objective_written_from_arrays_is_the_core_expression(shape: str) -> None:
    problem = generate_bank(200, 2) if shape == "territories" else generate(40, 8, seed=3, grids=60)
    cm = build(problem).model
    written = dict(zip(cm.model.proto.objective.vars, cm.model.proto.objective.coeffs, strict=True))
    cm.model.minimize(core_objective(cm))  # the objective as a linear expression, walked by CP-SAT
    objective = cm.model.proto.objective
    expected = {v: c for v, c in zip(objective.vars, objective.coeffs, strict=True) if c}
    assert written == expected and len(written) > len(cm.x) // 2
