"""Coupled plans of many units: bank-wide rows shared out by the LP, units solved part by part."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.plan import generate_plan

WEIGHTS = {"shortfall": 1000.0, "structure_violation": 0.001, "exits": 100.0, "cost": 0.001}


def bank(units: int = 10, mode: str = "lexicographic") -> dict[str, Any]:
    """Return the benchmark bank at a small size: channel caps, budget, bank-wide structure goals."""
    data = generate_plan(seed=3, units=units, years=3)
    if mode == "weighted":
        data["objective"] = {"mode": "weighted", "weights": WEIGHTS}
    return data


@pytest.mark.parametrize("mode", ["lexicographic", "weighted"])
def test_shared_out_plan_is_a_whole_person_plan_within_every_bank_wide_row(mode: str) -> None:
    data = bank(mode=mode)
    problem = PlanProblem.from_json(data)
    result = solve_plan(problem, time_limit=30)
    assert "sharing the bank-wide" in result.message
    assert result.status in ("optimal", "feasible")
    for row in result.flows:
        assert all(
            float(v).is_integer() for v in (*row.hires.values(), *row.exits.values(), *row.moves_in.values())
        )
    for t in problem.year_range():
        for channel in data["channels"]:
            hired = sum(row.hires.get(channel["name"], 0.0) for row in result.flows if row.year == t)
            assert hired <= channel["max_per_year"] + 1e-6
    bank_goals = [g for g in result.goals if g.kind in ("structure", "budget")]
    assert bank_goals and all(g.detail["activity"] <= g.detail["limit"] + 1e-6 for g in bank_goals)


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
