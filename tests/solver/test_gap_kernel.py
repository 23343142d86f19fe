"""The reduced-cost kernel of the GAP portfolio: which pairs it keeps and the bound it may claim."""

from __future__ import annotations

import numpy as np

from solver.assign.engine import Engine, SolveOptions
from solver.assign.gap import read_gap
from solver.assign.gap_members import GapRun, cpsat_on_pairs, kernel
from solver.assign.heuristic import lagrangian, reduced_costs, regret_greedy
from tests.solver.test_assign_factories import gap_data

GAP = gap_data()


def test_kernel_keeps_the_cheapest_pairs_of_each_job_and_the_assignment() -> None:
    rc = np.array([[0.0, 5.0, 2.0], [1.0, 0.0, 9.0], [3.0, 4.0, 0.0]])
    assign = np.array([2, 1, 1])  # job 2 sits on agent 1 at reduced cost 9
    keep, cutoff = kernel(rc, assign, per_job=1)
    assert keep.T.tolist() == [
        [True, False, True],  # job 0: its cheapest agent 0 and its agent 2
        [False, True, False],
        [False, True, True],
    ]
    assert cutoff == 1.0  # the cheapest pair left out: job 0 on agent 1


def test_kernel_spends_its_size_on_the_jobs_with_nearly_as_cheap_agents() -> None:
    rc = np.array([[0.0, 5.0, 2.0], [1.0, 0.0, 9.0], [3.0, 4.0, 0.0]])
    keep, cutoff = kernel(rc, rc.argmin(axis=0), per_job=4 / 3)  # four pairs: the three zeros and one more
    assert keep.T.tolist() == [[True, True, False], [False, True, False], [False, False, True]]
    assert cutoff == 2.0


def test_kernel_with_every_agent_leaves_nothing_out() -> None:
    rc = np.array([[0.0, 1.0], [2.0, 0.0]])
    keep, cutoff = kernel(rc, np.array([0, 1]), per_job=5)
    assert keep.all() and cutoff == float("inf")


def test_a_narrow_kernel_never_claims_a_bound_above_the_optimum() -> None:
    inst = read_gap(GAP / "c0530_1")  # minimisation optimum 423
    cost, load, cap = inst.cost.astype(float), inst.load.astype(float), inst.capacity.astype(float)
    value, prices = lagrangian(cost, load, cap)
    rc = reduced_costs(cost, load, prices)
    start = regret_greedy(load / cap[:, None], load, cap)
    assert start is not None
    keep, outside = kernel(rc, start, per_job=1)
    cutoff = float(np.ceil(value + outside - 1e-6))
    options = SolveOptions(time_limit=10, workers=1)
    run = GapRun(inst, False, cost, load, cap, value, rc, options, Engine())
    assign, objective, bound = cpsat_on_pairs(run, keep, start, options, cutoff)
    assert bound <= 423 <= objective
    assert objective == cost[assign, np.arange(inst.jobs)].sum()
    assert bound <= cutoff
