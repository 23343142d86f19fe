"""The GAP path on OR-Library gap1 (c0515_*): known optima, minimisation and maximisation."""

from __future__ import annotations

import numpy as np
import pytest

from solver.assign.engine import SolveOptions
from solver.assign.gap import read_gap, solve_gap
from solver.assign.heuristic import lagrangian, regret_greedy
from solver.assign.lns import agent_lns
from solver.assign.tabu import tabu_search
from tests.solver.test_assign_factories import gap_data

GAP = gap_data()
MIN_OPTIMA = {1: 261, 2: 269, 3: 256, 4: 274, 5: 251}
MAX_OPTIMA = {1: 336, 2: 327, 3: 339, 4: 341, 5: 326}


def test_reader_gives_agents_jobs_and_capacities() -> None:
    inst = read_gap(GAP / "c0515_1")
    assert (inst.agents, inst.jobs) == (5, 15)
    assert inst.cost[0, :3].tolist() == [17, 21, 22]
    assert inst.capacity.tolist() == [36, 34, 38, 27, 33]


@pytest.mark.parametrize("k", sorted(MIN_OPTIMA))
def test_gap1_minimum_is_proved(k: int) -> None:
    result = solve_gap(read_gap(GAP / f"c0515_{k}"), options=SolveOptions(time_limit=10))
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", MIN_OPTIMA[k], MIN_OPTIMA[k])


@pytest.mark.parametrize("k", sorted(MAX_OPTIMA))
def test_gap1_maximum_is_proved(k: int) -> None:
    result = solve_gap(read_gap(GAP / f"c0515_{k}"), maximize=True, options=SolveOptions(time_limit=10))
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", MAX_OPTIMA[k], MAX_OPTIMA[k])


def test_gap_solution_respects_capacities() -> None:
    inst = read_gap(GAP / "c0515_1")
    result = solve_gap(inst, options=SolveOptions(time_limit=10))
    assert result.assignment is not None
    used = [0] * inst.agents
    for job, agent in enumerate(result.assignment):
        used[agent] += int(inst.load[agent, job])
    assert all(u <= int(c) for u, c in zip(used, inst.capacity.tolist(), strict=True))
    assert sum(int(inst.cost[a, j]) for j, a in enumerate(result.assignment)) == 261


def _arrays(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    inst = read_gap(GAP / name)
    return inst.cost.astype(float), inst.load.astype(float), inst.capacity.astype(float)


def _within_capacity(load: np.ndarray, cap: np.ndarray, assign: np.ndarray) -> bool:
    used = np.bincount(assign, weights=load[assign, np.arange(assign.size)], minlength=cap.size)
    return bool(np.all(used <= cap))


def test_lagrangian_bound_stays_below_the_optimum() -> None:
    cost, load, cap = _arrays("c0515_1")
    bound, prices = lagrangian(cost, load, cap)
    assert bound <= 261
    assert np.all(prices >= 0)


def test_tabu_search_keeps_capacities_and_never_worsens_its_start() -> None:
    cost, load, cap = _arrays("c0530_1")
    start = regret_greedy(load / cap[:, None], load, cap)
    assert start is not None
    best = tabu_search(cost, load, cap, np.ones_like(cost, dtype=bool), start, time_limit=0.2)
    idx = np.arange(cost.shape[1])
    assert _within_capacity(load, cap, best)
    assert cost[best, idx].sum() <= cost[start, idx].sum()


def test_agent_lns_keeps_capacities_and_never_worsens_its_start() -> None:
    cost, load, cap = _arrays("c0530_1")
    start = regret_greedy(load / cap[:, None], load, cap)
    assert start is not None
    best = agent_lns(cost, load, cap, np.ones_like(cost, dtype=bool), start, time_limit=0.5)
    idx = np.arange(cost.shape[1])
    assert _within_capacity(load, cap, best)
    assert cost[best, idx].sum() <= cost[start, idx].sum()
