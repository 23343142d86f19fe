"""Promotions: the best by performance and competency, within the plan's counts."""

from __future__ import annotations

from typing import Any

from solver.select.models import SelectionProblem
from solver.select.solve import select


def cm(mid: str, performance: float, competency: float, **extra: Any) -> dict[str, Any]:
    """Return a junior CM of U1 two years in grade."""
    return {
        "id": mid,
        "unit": "U1",
        "grade": "junior",
        "performance": performance,
        "competency": competency,
        **extra,
    }


def promote(managers: list[dict[str, Any]], count: int = 1) -> list[str]:
    """Return who is promoted from junior to intermediate in U1."""
    problem = SelectionProblem.from_json(
        {
            "managers": managers,
            "exit_counts": [],
            "promotion_counts": [
                {"unit": "U1", "from_grade": "junior", "to_grade": "intermediate", "count": count}
            ],
        }
    )
    return [p.manager for p in select(problem).promotions]


def test_score_weighs_performance_60_and_competency_40() -> None:
    # a: 0.6·90 + 0.4·60 = 78; b: 0.6·80 + 0.4·80 = 80.
    assert promote([cm("a", 90, 60), cm("b", 80, 80)]) == ["b"]


def test_staff_too_new_in_grade_are_not_promoted() -> None:
    assert promote([cm("a", 95, 95, years_in_grade=0.5), cm("b", 70, 70)]) == ["b"]


def test_staff_on_leave_are_not_promoted() -> None:
    assert promote([cm("a", 95, 95, on_leave=True), cm("b", 70, 70)]) == ["b"]


def test_promotions_stop_at_the_plan_count() -> None:
    assert promote([cm("a", 90, 90), cm("b", 80, 80), cm("c", 70, 70)], count=2) == ["a", "b"]
