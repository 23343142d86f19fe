"""Coupled plans of many units: bank-wide rows shared out by the LP, units solved part by part."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bench.plan import WEIGHTS, generate_plan
from solver.plan.allocate import round_whole_hires, start_by_shares
from solver.plan.build import build_model
from solver.plan.control import PlanControl
from solver.plan.explain import shadow_prices
from solver.plan.optimise import optimise
from solver.plan.problem import PlanProblem
from solver.plan.result import PlanResult
from solver.plan.solve import solve_plan


def bank(units: int = 10, mode: str = "lexicographic") -> dict[str, Any]:
    """Return the benchmark bank at a small size: channel caps, budget, bank-wide structure goals."""
    data = generate_plan(seed=3, units=units, years=3)
    if mode == "weighted":
        data["objective"] = {"mode": "weighted", "weights": WEIGHTS}
    return data


def _assert_bank_wide_rows_hold(data: dict[str, Any], problem: PlanProblem, result: PlanResult) -> None:
    """Assert every channel cap and every bank-wide structure goal and budget holds over the whole plan."""
    for t in problem.year_range():
        for channel in data["channels"]:
            hired = sum(row.hires.get(channel["name"], 0.0) for row in result.flows if row.year == t)
            assert hired <= channel["max_per_year"] + 1e-6
    bank_goals = [g for g in result.goals if g.kind in ("structure", "budget")]
    assert bank_goals and all(g.detail["activity"] <= g.detail["limit"] + 1e-6 for g in bank_goals)


def _assert_whole_people(result: PlanResult) -> None:
    """Assert every decision of the plan (hires, exits, moves) is a whole number of people."""
    for row in result.flows:
        assert all(
            float(v).is_integer() for v in (*row.hires.values(), *row.exits.values(), *row.moves_in.values())
        )


@pytest.mark.parametrize("mode", ["lexicographic", "weighted"])
def test_shared_out_plan_is_a_whole_person_plan_within_every_bank_wide_row(mode: str) -> None:
    data = bank(mode=mode)
    problem = PlanProblem.from_json(data)
    result = solve_plan(problem, time_limit=30)
    assert "sharing the bank-wide" in result.message
    assert result.status in ("optimal", "feasible")
    _assert_whole_people(result)
    _assert_bank_wide_rows_hold(data, problem, result)


def test_levels_the_lp_bound_proves_and_the_gap_on_the_first_level_above_it() -> None:
    problem = PlanProblem.from_json(bank())
    result = solve_plan(problem, time_limit=30)
    lp = solve_plan(problem, relax=True, explain=False)
    assert result.best_bound is not None and result.gap is not None
    # Up to the first level above the LP bound, every level is at least its bound (later ones may be less).
    for mine, bound in zip(result.levels, lp.levels, strict=True):
        assert mine.value >= bound.value - 1e-6
        if mine.value > bound.value + 1e-6:
            break
    first_above = next(
        (m for m, b in zip(result.levels, lp.levels, strict=True) if m.value > b.value + 1e-6), None
    )
    if first_above is None:
        assert result.gap == 0.0 and result.status == "optimal"
    else:
        assert result.best_bound == pytest.approx(
            next(b.value for b in lp.levels if b.term == first_above.term)
        )
        assert result.gap == pytest.approx(
            (first_above.value - result.best_bound) / max(1.0, first_above.value), abs=1e-6
        )


def test_a_few_coupled_units_stay_one_model() -> None:
    result = solve_plan(PlanProblem.from_json(bank(units=4)), time_limit=30, explain=False)
    assert "sharing" not in result.message


def test_channel_shares_round_to_whole_hires_largest_fractions_up_keeping_the_cap() -> None:
    shares = [{"intake_cap[1,campus]": 1.7, "budget[year 1]": 10.5}, {"intake_cap[1,campus]": 2.2}, {}]
    shares[2]["intake_cap[1,campus]"] = 0.6
    slack = {"intake_cap[1,campus]": 0.5, "budget[year 1]": 3.0}
    round_whole_hires(shares, slack)
    assert [s["intake_cap[1,campus]"] for s in shares] == [2.0, 2.0, 0.0]
    assert slack["intake_cap[1,campus]"] == pytest.approx(1.0)  # 1.7 + 2.2 + 0.6 + 0.5 = 5 = 4 shared + 1
    assert shares[0]["budget[year 1]"] == 10.5 and slack["budget[year 1]"] == 3.0  # money is not rounded


@pytest.mark.parametrize("workers", [1, 2])
def test_parts_solved_on_one_or_two_processes_share_the_slack_and_keep_every_bank_wide_row(
    workers: int,
) -> None:
    data = bank(units=12, mode="weighted")
    problem = PlanProblem.from_json(data)
    result = solve_plan(problem, time_limit=30, explain=True, workers=workers)
    assert "sharing the bank-wide" in result.message and result.status in ("optimal", "feasible")
    assert sorted({row.unit for row in result.flows}) == [u.name for u in problem.units]
    _assert_bank_wide_rows_hold(data, problem, result)
    lp = solve_plan(problem, relax=True, explain=False)
    assert result.best_bound == pytest.approx(lp.objective) and result.objective >= lp.objective - 1e-6


@pytest.mark.parametrize("mode", ["weighted", "lexicographic"])
def test_a_shared_out_plan_prices_every_goal_as_the_whole_plans_lp_does(mode: str) -> None:
    # A part's own LP prices its goals within its room on the bank-wide rows: a unit's missed target
    # came out at −0.50 there and at its shortfall penalty in the whole plan's LP.
    problem = PlanProblem.from_json(bank(units=12, mode=mode))
    result = solve_plan(problem, time_limit=30, workers=1)
    lp = build_model(problem, relax=True)
    assert optimise(lp, time.monotonic() + 30)[0] == "optimal"
    whole = shadow_prices(lp, time.monotonic() + 30)
    assert "sharing the bank-wide" in result.message and len(result.goals) == len(whole)
    assert {g.name: g.shadow_price for g in result.goals} == pytest.approx(whole, abs=1e-6)


def _decisions(result: PlanResult) -> list[tuple[Any, ...]]:
    """Return every unit's hires, exits and moves per year and grade, in a fixed order."""
    return sorted(
        (
            row.unit,
            row.year,
            row.grade,
            sorted(row.hires.items()),
            sorted(row.exits.items()),
            sorted(row.moves_in.items()),
        )
        for row in result.flows
    )


def test_a_plan_on_two_processes_is_the_same_whichever_process_is_slower() -> None:
    # Forty units in waves of two parts: this process is held up after every wave in the second solve, so
    # the other process waits for it; before the waves, the faster process took the slack first and the
    # plan changed (seen on this bank: objective 29,800,000 against 29,899,999.999).
    problem = PlanProblem.from_json(generate_plan(seed=3, units=40, years=3))
    quick = solve_plan(problem, time_limit=60, explain=False, workers=2)
    held_up = PlanControl(on_step=lambda what, done, total: time.sleep(0.3))
    slow = solve_plan(problem, time_limit=60, explain=False, workers=2, control=held_up)
    assert quick.status in ("optimal", "feasible") and slow.status == quick.status
    assert _decisions(slow) == _decisions(quick)
    assert slow.objective == pytest.approx(quick.objective, rel=1e-9)


def test_a_plan_is_the_same_in_every_process_that_solves_it(tmp_path: Path) -> None:
    # Two fresh interpreters (other hash seeds, other addresses) and this one. The LP's levels were held at
    # row activities OR-Tools sums in an order that follows the variables' addresses, so the LP shares,
    # and with them the plan, differed from process to process (3 in 8 runs of this bank).
    data = generate_plan(seed=3, units=40, years=3)
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    here = solve_plan(PlanProblem.from_json(data), time_limit=60, workers=2)
    flows = [json.loads(json.dumps(here.to_json()))["flows"]]
    for seed in ("1", "2"):
        completed = subprocess.run(
            [sys.executable, "-m", "solver", "plan", str(path), "--time-limit", "60", "--workers", "2"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        flows.append(json.loads(completed.stdout)["flows"])
    assert here.status in ("optimal", "feasible") and len(flows[0]) == 40 * 3 * len(data["grades"])
    assert flows[1] == flows[0] and flows[2] == flows[0]


def _no_worse(result: PlanResult, other: PlanResult) -> bool:
    """Say whether ``result`` is at least as good as ``other``: level by level, or by its objective."""
    if result.levels:
        mine, theirs = [lv.value for lv in result.levels], [lv.value for lv in other.levels]
        return [round(v, 3) for v in mine] <= [round(v, 3) for v in theirs]
    return (result.objective or 0.0) <= (other.objective or 0.0) + 1e-6


@pytest.mark.parametrize("mode", ["lexicographic", "weighted"])
def test_a_small_coupled_bank_is_never_worse_than_its_plan_by_lp_shares(mode: str) -> None:
    problem = PlanProblem.from_json(bank(units=4, mode=mode))
    by_shares = start_by_shares(problem, time.monotonic() + 30, explain=False)
    result = solve_plan(problem, time_limit=30, explain=False)
    assert by_shares is not None and by_shares.status in ("optimal", "feasible")
    assert result.status in ("optimal", "feasible")
    assert _no_worse(result, by_shares)


def test_the_plan_by_lp_shares_stands_when_the_whole_model_finds_no_better_one_in_time() -> None:
    # Six units over five years: SCIP's whole model is far from proving this plan in a few seconds
    # (after 20 s it stands at 13,842, the plan by shares at 13,570; measured).
    data = generate_plan(seed=1, units=6, years=5)
    data["objective"] = {"mode": "weighted", "weights": WEIGHTS}
    problem = PlanProblem.from_json(data)
    result = solve_plan(problem, time_limit=3, explain=False)
    assert result.status == "feasible"
    assert "sharing the bank-wide" in result.message and "the whole model found no" in result.message
    _assert_whole_people(result)
    assert result.gap is not None and result.gap > 0
