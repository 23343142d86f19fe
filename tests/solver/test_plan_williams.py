"""The classic manpower-planning problem (H. P. Williams, Model Building in Mathematical Programming)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan


def example(name: str) -> PlanProblem:
    """Load a shipped example problem."""
    text = resources.files("solver.examples").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return PlanProblem.from_json(json.loads(text))


def test_fewest_redundancies_match_the_published_optimum() -> None:
    result = solve_plan(example("williams_min_redundancy"), relax=True)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(841.80, abs=0.01)


def test_least_cost_matches_the_published_optimum() -> None:
    result = solve_plan(example("williams_min_cost"), relax=True)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(498677.29, abs=0.01)


def test_least_cost_plan_keeps_overmanning_within_150_a_year() -> None:
    result = solve_plan(example("williams_min_cost"), relax=True)
    pools = [g for g in result.goals if g.kind == "surplus_pool"]
    assert [g.detail["activity"] <= 150 + 1e-6 for g in pools] == [True, True, True]


def test_integer_plan_needs_at_least_as_many_redundancies_as_the_relaxation() -> None:
    result = solve_plan(example("williams_min_redundancy"), time_limit=30)
    assert result.status == "optimal"
    assert result.objective is not None and result.objective >= 841.79
