"""The GAP portfolio: the HiGHS member (MathOpt, in-process) and its combination with the heuristic member."""

from __future__ import annotations

import numpy as np
import pytest

import solver.assign.gap_members as gap_module
from solver.assign.engine import SolveOptions
from solver.assign.gap import read_gap, solve_gap
from solver.assign.mip import MipOutcome, highs_gap, local_branching
from tests.solver.test_assign_factories import gap_data

GAP = gap_data()


def _arrays(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    inst = read_gap(GAP / name)
    return inst.cost.astype(float), inst.load.astype(float), inst.capacity.astype(float)


@pytest.mark.parametrize(("name", "optimum"), [("c0515_1", 261), ("c0515_3", 256)])
def test_highs_member_alone_reaches_the_gap1_optimum(name: str, optimum: int) -> None:
    cost, load, cap = _arrays(name)
    out = highs_gap(cost, load, cap, np.ones(cost.shape, dtype=bool), None, 10.0)
    assert out.proved and out.objective == optimum and out.assign is not None
    used = np.zeros(cost.shape[0])
    np.add.at(used, out.assign, load[out.assign, np.arange(cost.shape[1])])
    assert np.all(used <= cap)
    assert out.bound == pytest.approx(optimum, abs=1e-6)


def test_highs_member_keeps_to_the_given_pairs_and_uses_the_hint() -> None:
    cost, load, cap = _arrays("c0515_1")
    full = highs_gap(cost, load, cap, np.ones(cost.shape, dtype=bool), None, 10.0)
    assert full.assign is not None
    keep = np.zeros(cost.shape, dtype=bool)
    keep[full.assign, np.arange(cost.shape[1])] = True  # only the optimal pairs survive
    out = highs_gap(cost, load, cap, keep, full.assign, 10.0)
    assert out.assign is not None and out.assign.tolist() == full.assign.tolist()


def test_portfolio_returns_the_better_member(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[MipOutcome] = []

    def recording(*args: object, **kwargs: object) -> MipOutcome:
        out = highs_gap(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(out)
        return out

    monkeypatch.setattr(gap_module, "highs_gap", recording)
    inst = read_gap(GAP / "c10200")  # 2,000 pairs: above the small path, so the portfolio runs
    result = solve_gap(inst, options=SolveOptions(time_limit=8))
    assert len(seen) == 1 and result.objective is not None and result.assignment is not None
    if seen[0].assign is not None:
        assert result.objective <= seen[0].objective
    assert result.objective == sum(int(inst.cost[a, j]) for j, a in enumerate(result.assignment))
    assert result.bound is not None and result.bound <= 2806 <= result.objective


def test_portfolio_keeps_its_own_member_when_highs_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def nothing(*args: object, **kwargs: object) -> MipOutcome:
        return MipOutcome(None, float("inf"), float("-inf"), False, 0.0)

    monkeypatch.setattr(gap_module, "highs_gap", nothing)
    inst = read_gap(GAP / "c10200")
    result = solve_gap(inst, options=SolveOptions(time_limit=4))
    assert result.objective is not None and result.objective >= 2806
    assert result.bound is not None and result.bound <= 2806


def test_a_highs_proof_stops_the_other_member(monkeypatch: pytest.MonkeyPatch) -> None:
    inst = read_gap(GAP / "c10200")

    def proof(cost: np.ndarray, load: np.ndarray, cap: np.ndarray, keep: np.ndarray, *a: object, **k: object):
        # generous: on a busy shared machine HiGHS has needed more than a minute for this proof
        out = highs_gap(cost, load, cap, np.ones(cost.shape, dtype=bool), None, 600.0)
        assert out.proved
        return out

    monkeypatch.setattr(gap_module, "highs_gap", proof)
    result = solve_gap(inst, options=SolveOptions(time_limit=600))
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 2806, 2806)


def _feasible(assign: np.ndarray, load: np.ndarray, cap: np.ndarray) -> bool:
    used = np.zeros(cap.size)
    np.add.at(used, assign, load[assign, np.arange(assign.size)])
    return bool(np.all(used <= cap))


def _worst(cost: np.ndarray, load: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Return the dearest feasible assignment: a start local branching must work on."""
    worst = highs_gap(-cost, load, cap, np.ones(cost.shape, dtype=bool), None, 10.0).assign
    assert worst is not None
    return worst


def test_local_branching_improves_a_greedy_start_to_the_optimum_and_stops() -> None:
    cost, load, cap = _arrays("c0515_1")  # optimum 261 (OR-Library)
    start = _worst(cost, load, cap)
    assert cost[start, np.arange(15)].sum() > 261
    seen: list[float] = []
    best = local_branching(
        cost,
        load,
        cap,
        np.ones(cost.shape, dtype=bool),
        start,
        60.0,
        radius=2,
        step=5.0,
        on_improve=lambda a: seen.append(float(cost[a, np.arange(15)].sum())),
    )
    assert cost[best, np.arange(15)].sum() == 261 and _feasible(best, load, cap)
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen) and seen[-1] == 261


def test_local_branching_recentres_on_a_better_incumbent_handed_in() -> None:
    cost, load, cap = _arrays("c0515_1")
    optimal = highs_gap(cost, load, cap, np.ones(cost.shape, dtype=bool), None, 10.0).assign
    start = _worst(cost, load, cap)
    assert optimal is not None
    keep = np.zeros(cost.shape, dtype=bool)
    keep[start, np.arange(15)] = True  # alone, the start could never move
    keep[optimal, np.arange(15)] = True
    found: list[np.ndarray] = []
    best = local_branching(
        cost, load, cap, keep, start, 10.0, radius=1, incumbent=lambda: optimal, on_improve=found.append
    )
    assert best.tolist() == optimal.tolist()
    assert found == []  # the optimum came from the incumbent, before a single round of its own


def test_a_large_instance_goes_through_the_kernel_and_both_members() -> None:
    inst = read_gap(GAP / "c40400")  # 16,000 pairs: above MIP_FULL, so the kernel portfolio runs
    assert inst.agents * inst.jobs > gap_module.TUNING.mip_full
    result = solve_gap(inst, options=SolveOptions(time_limit=8))
    assert result.assignment is not None and result.objective is not None and result.bound is not None
    _, load, cap = _arrays("c40400")
    assert _feasible(np.array(result.assignment), load, cap)
    assert result.objective == sum(int(inst.cost[a, j]) for j, a in enumerate(result.assignment))
    assert result.bound <= 4244 <= result.objective  # 4244: the proven optimum (OR-Library)


def test_a_deterministic_run_repeats_its_assignment_exactly() -> None:
    inst = read_gap(GAP / "d10200")  # 2,000 pairs: the portfolio would run without the flag
    options = SolveOptions(time_limit=2, deterministic=True)
    first, second = solve_gap(inst, options=options), solve_gap(inst, options=options)
    assert first.assignment is not None and first.objective is not None and first.bound is not None
    assert first.assignment == second.assignment and first.objective == second.objective
    assert first.bound <= 12430 <= first.objective  # 12430: the proven optimum (OR-Library)
