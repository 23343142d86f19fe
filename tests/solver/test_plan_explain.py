"""Explanations: objectives, binding goals with their shadow prices, and conflicting goals."""

from __future__ import annotations

from typing import Any

from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan


def growing_branch(**overrides: Any) -> PlanProblem:
    """Return 100 CMs that must grow to 110, with hires costing 10 each and no wastage."""
    data: dict[str, Any] = {
        "years": 1,
        "grades": [{"name": "cm", "attrition": 0.0}],
        "units": [{"name": "branch", "opening": {"cm": 100}}],
        "channels": [{"name": "campus", "grade": "cm", "cost": 10}],
        "targets": [{"name": "grow", "year": 1, "value": 110, "shortfall_max": 0}],
        "objective": {"mode": "weighted", "weights": {"cost": 1}},
    }
    data.update(overrides)
    return PlanProblem.from_json(data)


def goal(result: Any, name: str) -> Any:
    """Return the report of the goal called ``name``."""
    return next(g for g in result.goals if g.name == name)


def test_binding_target_is_worth_the_price_of_one_more_hire() -> None:
    report = goal(solve_plan(growing_branch(), relax=True), "target[grow]")
    assert (report.binding, report.shadow_price) == (True, 10.0)


def test_integer_solve_takes_shadow_prices_from_the_lp_relaxation() -> None:
    report = goal(solve_plan(growing_branch()), "target[grow]")
    assert report.shadow_price == 10.0


def test_target_report_says_what_was_needed_and_achieved() -> None:
    report = goal(solve_plan(growing_branch(), relax=True), "target[grow]")
    assert report.detail == {"required": 110.0, "achieved": 110.0, "surplus": 0.0, "shortfall": 0.0}


def test_budget_with_room_to_spare_does_not_bind() -> None:
    report = goal(solve_plan(growing_branch(budget={"max_total": 500}), relax=True), "budget[total]")
    assert (report.binding, report.shadow_price) == (False, 0.0)


def test_infeasible_goals_name_the_smallest_conflicting_set() -> None:
    # The target needs 100 in hiring, the budget allows 50; the generous exit policy is not involved.
    result = solve_plan(
        growing_branch(
            budget={"max_total": 50},
            exit_actions=[{"name": "back_office"}],
            exit_policy={"min_per_group": 0, "max_per_group": 5},
        ),
        relax=True,
    )
    assert result.status == "infeasible"
    assert result.conflict == ["target[grow]", "budget[total]"]


def test_lexicographic_objective_meets_targets_before_saving_money() -> None:
    # Weighted cost alone would hire nobody; shortfall first forces the 10 hires, then cost is least.
    result = solve_plan(
        growing_branch(
            targets=[{"name": "grow", "year": 1, "value": 110}],
            objective={"mode": "lexicographic", "order": ["shortfall", "cost"]},
        ),
        relax=True,
    )
    assert [(level.term, level.value) for level in result.levels] == [("shortfall", 0.0), ("cost", 100.0)]


def test_weighted_objective_trades_shortfall_against_cost() -> None:
    # A head short costs 5 in penalty but 10 to hire: the weighted plan stays short.
    result = solve_plan(
        growing_branch(
            targets=[{"name": "grow", "year": 1, "value": 110, "shortfall_cost": 5}],
            objective={"mode": "weighted", "weights": {"cost": 1, "shortfall": 1}},
        ),
        relax=True,
    )
    assert (result.terms["shortfall"], result.objective) == (50.0, 50.0)


def test_penalties_list_what_was_paid_and_why() -> None:
    result = solve_plan(growing_branch(), relax=True)
    assert [(p.name, p.quantity, p.unit_cost, p.amount) for p in result.penalties] == [
        ("hire campus year 1 branch", 10.0, 10.0, 100.0)
    ]
