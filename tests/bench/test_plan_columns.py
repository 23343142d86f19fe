"""The column selection experiment: alternative plans per part and a master choosing one each."""

from __future__ import annotations

import time

from bench.plan import generate_plan
from bench.plan_columns import choose, solve_with_columns
from solver.plan.allocate import shareable_parts, solve_by_shares
from solver.plan.build import build_model
from solver.plan.optimise import optimise_integer
from solver.plan.problem import PlanProblem
from solver.plan.result import PlanResult
from tests.solver.test_plan_allocate import _assert_bank_wide_rows_hold, bank


def test_master_takes_the_cheapest_combination_that_keeps_every_row() -> None:
    # Part 2's alternative frees one hire, which part 0 (saving 3) needs more than part 1 (saving 2).
    columns = [
        [(10.0, {"cap": 2.0}), (7.0, {"cap": 3.0})],
        [(10.0, {"cap": 2.0}), (8.0, {"cap": 3.0})],
        [(10.0, {"cap": 2.0}), (9.0, {"cap": 1.0})],
    ]
    assert choose(columns, {"cap": 6.0}, time.monotonic() + 10) == [1, 0, 1]


def test_master_keeps_the_first_plans_when_no_alternative_fits() -> None:
    columns = [[(10.0, {"cap": 3.0}), (1.0, {"cap": 4.0})], [(10.0, {"cap": 3.0}), (1.0, {"cap": 5.0})]]
    assert choose(columns, {"cap": 6.0}, time.monotonic() + 10) == [0, 0]


def test_master_with_no_alternative_returns_the_first_plans_without_solving() -> None:
    assert choose([[(5.0, {"cap": 9.0})]] * 3, {"cap": 1.0}, time.monotonic() + 10) == [0, 0, 0]


def _by_shares(problem: PlanProblem) -> PlanResult:
    """Return the plan by LP shares alone (the chain on one process), even for a bank of a few units."""
    result = solve_by_shares(problem, shareable_parts(problem), time.monotonic() + 30, False, workers=1)
    assert result is not None
    return result


def test_improved_weighted_plan_keeps_every_row_and_lies_between_the_optimum_and_the_first_plan() -> None:
    data = bank(units=4, mode="weighted")
    for channel in data["channels"]:
        channel["max_per_year"] = 10  # tight enough that the caps bind and carry prices
    problem = PlanProblem.from_json(data)
    first = _by_shares(problem)
    improved = solve_with_columns(problem, time_limit=30, explain=True, improve_seconds=5)
    model, status, _ = optimise_integer(lambda: build_model(problem, relax=False), time.monotonic() + 60)
    assert status == "optimal" and improved is not None and "sharing the bank-wide" in improved.message
    optimum = model.solver.Objective().Value()
    assert improved.objective is not None and first.objective is not None and improved.best_bound is not None
    assert optimum - 1e-6 <= improved.objective <= first.objective + 1e-6
    assert improved.best_bound <= optimum + 1e-6
    _assert_bank_wide_rows_hold(data, problem, improved)
    for row in improved.flows:
        assert all(float(v).is_integer() for v in (*row.hires.values(), *row.exits.values()))


def test_improved_lexicographic_plan_is_no_worse_level_by_level_and_keeps_every_row() -> None:
    data = bank(units=6)
    problem = PlanProblem.from_json(data)
    first = _by_shares(problem)
    improved = solve_with_columns(problem, time_limit=30, explain=True, improve_seconds=5)
    assert improved is not None and improved.status in ("optimal", "feasible")
    for mine, theirs in zip(improved.levels, first.levels, strict=True):
        assert mine.value <= theirs.value + 1e-6
        if mine.value < theirs.value - 1e-6:
            break  # better on an earlier level: later levels may be anything
    _assert_bank_wide_rows_hold(data, problem, improved)


def test_a_plan_of_independent_parts_is_left_to_the_solver() -> None:
    problem = PlanProblem.from_json(generate_plan(seed=3, units=4, years=3, bank_wide=False))
    assert solve_with_columns(problem, time_limit=30, explain=False, improve_seconds=1) is None
