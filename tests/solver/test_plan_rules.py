"""Each plan rule alone, on a one-unit case whose answer is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest

from solver.plan.problem import PlanProblem
from solver.plan.readout import structure_by_year
from solver.plan.solve import solve_plan


def problem(**overrides: Any) -> PlanProblem:
    """Return a one-year, one-unit, one-grade problem of 100 CMs without wastage, with ``overrides``."""
    data: dict[str, Any] = {
        "years": 1,
        "grades": [{"name": "cm", "attrition": 0.0}],
        "units": [{"name": "branch", "opening": {"cm": 100}}],
        "objective": {"mode": "weighted", "weights": {"shortfall": 1000, "cost": 1}},
    }
    data.update(overrides)
    return PlanProblem.from_json(data)


def hard_target(value: float, **extra: Any) -> dict[str, Any]:
    """Return a year-1 count target that must be met exactly (no shortfall, no surplus)."""
    return {"name": "need", "year": 1, "value": value, "shortfall_max": 0, "surplus_max": 0, **extra}


def test_grade_wastage_removes_its_rate_of_the_opening_stock() -> None:
    result = solve_plan(problem(grades=[{"name": "cm", "attrition": 0.1}]), relax=True)
    row = result.flow(1, "branch", "cm")
    assert (row.attrition, row.closing) == (10.0, 90.0)


def test_new_hires_leave_at_the_first_year_rate() -> None:
    # 100 × 0.9 + 0.8 h = 100  →  h = 12.5
    result = solve_plan(
        problem(
            grades=[{"name": "cm", "attrition": 0.1, "first_year_attrition": 0.2}],
            channels=[{"name": "campus", "grade": "cm", "cost": 1}],
            targets=[hard_target(100)],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "cm").hires == {"campus": 12.5}


def test_integer_plan_hires_whole_people() -> None:
    # 12.5 hires are needed; a whole-person plan hires 13 and carries 0.4 surplus.
    result = solve_plan(
        problem(
            grades=[{"name": "cm", "attrition": 0.1, "first_year_attrition": 0.2}],
            channels=[{"name": "campus", "grade": "cm", "cost": 1}],
            targets=[{"name": "need", "year": 1, "value": 100, "shortfall_max": 0}],
        )
    )
    row = result.flow(1, "branch", "cm")
    assert (row.hires["campus"], row.closing) == (13.0, 100.4)


def test_channel_cap_limits_yearly_hires_and_leaves_a_shortfall() -> None:
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "max_per_year": 5}],
            targets=[{"name": "need", "year": 1, "value": 108}],
        ),
        relax=True,
    )
    assert result.terms["shortfall"] == 3.0


def test_pipeline_of_qualified_candidates_limits_hires_below_the_cap() -> None:
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "max_per_year": 5, "pipeline": [2]}],
            targets=[{"name": "need", "year": 1, "value": 108}],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "cm").hires == {"campus": 2.0}


def test_a_units_own_cap_limits_its_hires_below_the_channels_cap() -> None:
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "max_per_unit_year": 5, "unit_caps": {"branch": 1}}],
            targets=[{"name": "need", "year": 1, "value": 108}],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "cm").hires == {"campus": 1.0}
    assert result.terms["shortfall"] == 7.0


def test_a_unit_cap_for_an_unknown_unit_is_refused() -> None:
    from solver.plan.jsonform import ProblemFormatError

    with pytest.raises(ProblemFormatError, match="unit_caps"):
        problem(channels=[{"name": "campus", "grade": "cm", "unit_caps": {"elsewhere": 1}}])


def test_no_hires_arrive_within_the_channels_lead_time() -> None:
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "lead_time_years": 1}],
            targets=[{"name": "need", "year": 1, "value": 104}],
        ),
        relax=True,
    )
    assert (result.flow(1, "branch", "cm").hires, result.terms["shortfall"]) == ({"campus": 0.0}, 4.0)


def two_grades(**overrides: Any) -> PlanProblem:
    """Return a problem with 50 juniors and 10 seniors and no wastage."""
    return problem(
        grades=[{"name": "junior", "attrition": 0.0}, {"name": "senior", "attrition": 0.0}],
        units=[{"name": "branch", "opening": {"junior": 50, "senior": 10}}],
        **overrides,
    )


def test_promotions_stay_within_their_share_of_the_grade() -> None:
    # At most 10% of the 50 opening juniors move up, so seniors reach 15 of the 20 wanted.
    result = solve_plan(
        two_grades(
            transitions=[{"name": "promote", "from_grade": "junior", "to_grade": "senior", "max_share": 0.1}],
            targets=[{"name": "seniors", "year": 1, "value": 20, "grades": ["senior"]}],
        ),
        relax=True,
    )
    assert (result.flow(1, "branch", "senior").closing, result.terms["shortfall"]) == (15.0, 5.0)


def test_promotion_cost_is_paid_per_move() -> None:
    result = solve_plan(
        two_grades(
            transitions=[{"name": "promote", "from_grade": "junior", "to_grade": "senior", "cost": 300}],
            targets=[hard_target(12, grades=["senior"])],
        ),
        relax=True,
    )
    assert result.terms["transition_cost"] == 600.0


def test_demotion_exit_moves_staff_down_a_grade_and_some_of_them_leave() -> None:
    # Seniors must fall from 10 to 6: 4 demotions, half of whom leave, so juniors grow by 2.
    result = solve_plan(
        two_grades(
            exit_actions=[{"name": "demotion", "to_grade_offset": -1, "retention": 0.5, "cost": 1}],
            targets=[hard_target(6, grades=["senior"])],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "junior").closing == 52.0
    assert result.flow(1, "branch", "junior").demoted_in == {"demotion": 4.0}


def test_peer_group_exits_at_least_the_policy_minimum() -> None:
    result = solve_plan(
        problem(
            exit_actions=[{"name": "back_office", "to_other_staff": True}],
            exit_policy={"min_per_group": 3, "max_per_group": 5},
            objective={"mode": "weighted", "weights": {"exits": 1}},
        ),
        relax=True,
    )
    assert result.terms["exits"] == 3.0


def test_peer_group_exits_no_more_than_the_policy_maximum() -> None:
    # The target wants 10 fewer CMs, but only 5 may exit: 5 remain as surplus.
    result = solve_plan(
        problem(
            exit_actions=[{"name": "back_office", "to_other_staff": True}],
            exit_policy={"min_per_group": 3, "max_per_group": 5},
            targets=[{"name": "need", "year": 1, "value": 90, "surplus_cost": 10}],
        ),
        relax=True,
    )
    assert (result.terms["exits"], result.terms["surplus"]) == (5.0, 5.0)


def test_first_year_staff_are_never_exited() -> None:
    # Opening stock is 2: exits may only come from it, though 4 hires arrive in the year.
    result = solve_plan(
        problem(
            units=[{"name": "branch", "opening": {"cm": 2}}],
            channels=[{"name": "campus", "grade": "cm"}],
            exit_actions=[{"name": "back_office"}],
            exit_policy={"min_per_group": 3, "max_per_group": 5},
            objective={"mode": "weighted", "weights": {"exits": 1}},
        ),
        relax=True,
    )
    assert result.status == "infeasible"


def test_surplus_beyond_its_cap_must_exit_and_surplus_costs_per_head() -> None:
    # 100 CMs, 80 needed, at most 5 over: exits cost 100 each, surplus 10 each → 15 exits, 5 surplus.
    result = solve_plan(
        problem(
            exit_actions=[{"name": "redundancy", "cost": 100}],
            targets=[{"name": "need", "year": 1, "value": 80, "surplus_max": 5, "surplus_cost": 10}],
        ),
        relax=True,
    )
    assert (result.terms["exits"], result.terms["surplus_cost"]) == (15.0, 50.0)


def test_short_time_staff_count_as_half_a_worker() -> None:
    # 100 CMs, 90 needed exactly: 20 on short time (cost 1) beat 10 exits (cost 5).
    result = solve_plan(
        problem(
            grades=[
                {
                    "name": "cm",
                    "attrition": 0.0,
                    "short_time": {"max_per_year": 20, "cost": 1, "counts_as": 0.5},
                }
            ],
            exit_actions=[{"name": "redundancy", "cost": 5}],
            targets=[hard_target(90)],
        ),
        relax=True,
    )
    assert (result.flow(1, "branch", "cm").short_time, result.terms["exits"]) == (20.0, 0.0)


def test_share_target_counts_counter_staff_moving_to_the_front_line() -> None:
    # 20 CMs of 100 staff; 25% wanted; each counter transfer moves one person across: 5 transfers.
    result = solve_plan(
        problem(
            units=[{"name": "branch", "opening": {"cm": 20}, "other_staff": [80]}],
            channels=[{"name": "counter", "grade": "cm", "cost": 1, "from_other_staff": True}],
            targets=[{"name": "share", "year": 1, "kind": "share", "value": 0.25}],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "cm").hires == {"counter": 5.0}
    assert result.units[0].cm_share == 0.25


def test_workload_target_needs_the_rounded_up_number_of_cms() -> None:
    # 31,000 workload points at 300 a CM need ceil(103.3) = 104 CMs.
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "cost": 1}],
            targets=[
                {"name": "need", "year": 1, "kind": "workload", "workload": 31000, "capacity_per_cm": 300}
            ],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "cm").hires == {"campus": 4.0}


def test_average_age_cap_brings_in_young_hires() -> None:
    # Stock is 40 at opening, 41 after a year; hires are 25.  41·100 + 25h ≤ 38·(100+h)  →  h ≥ 300/13.
    result = solve_plan(
        problem(
            grades=[{"name": "cm", "attrition": 0.0, "attributes": {"age": 40.0}}],
            attributes=[{"name": "age", "drift_per_year": 1.0}],
            channels=[{"name": "campus", "grade": "cm", "cost": 1, "attributes": {"age": 25.0}}],
            structure_goals=[{"name": "age", "attribute": "age", "sense": "max", "bound": 38.0}],
        ),
        relax=True,
    )
    assert result.flow(1, "branch", "cm").hires["campus"] == pytest.approx(300 / 13, abs=1e-6)


def test_the_structure_metrics_read_back_are_the_averages_the_goals_bound() -> None:
    # The age cap binds: (41·100 + 25·300/13) / (100 + 300/13) = 38 exactly; before the plan, 40. New
    # blood: 300/13 hires of 100 + 300/13 CMs = 300/1600 = 0.1875.
    age = problem(
        grades=[{"name": "cm", "attrition": 0.0, "attributes": {"age": 40.0}}],
        attributes=[{"name": "age", "drift_per_year": 1.0}],
        channels=[{"name": "campus", "grade": "cm", "cost": 1, "attributes": {"age": 25.0}}],
        structure_goals=[{"name": "age", "attribute": "age", "sense": "max", "bound": 38.0}],
    )
    values = structure_by_year(age, solve_plan(age, relax=True))
    assert values[0] == {"age": 40.0, "new_blood": None}
    assert values[1]["age"] == pytest.approx(38.0, abs=1e-6)
    assert values[1]["new_blood"] == pytest.approx(0.1875, abs=1e-6)
    # The degree floor cannot be met with 10 hires: (50 + 10) / 110 holds a degree after the year.
    degree = problem(
        grades=[{"name": "cm", "attrition": 0.0, "attributes": {"degree": 0.5}}],
        channels=[{"name": "campus", "grade": "cm", "max_per_year": 10, "attributes": {"degree": 1.0}}],
        structure_goals=[
            {"name": "degree", "attribute": "degree", "sense": "min", "bound": 0.6, "penalty": 7}
        ],
        objective={"mode": "weighted", "weights": {"structure_violation": 1}},
    )
    values = structure_by_year(degree, solve_plan(degree, relax=True))
    assert values[0]["degree"] == 0.5
    assert values[1]["degree"] == pytest.approx(60 / 110, abs=1e-9)


def test_new_blood_share_requires_the_years_hires() -> None:
    # h ≥ 0.1 (100 + h)  →  h ≥ 100/9, so a whole-person plan hires 12.
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "cost": 1}],
            structure_goals=[{"name": "fresh", "attribute": "new_blood", "sense": "min", "bound": 0.1}],
        )
    )
    assert result.flow(1, "branch", "cm").hires == {"campus": 12.0}


def test_degree_share_floor_is_paid_for_when_soft() -> None:
    # 50% of stock holds a degree, all hires do; 60% wanted but hiring is capped at 10:
    # 50 + 10 - 0.6 × 110 = -6 heads short, at 7 per head.
    result = solve_plan(
        problem(
            grades=[{"name": "cm", "attrition": 0.0, "attributes": {"degree": 0.5}}],
            channels=[{"name": "campus", "grade": "cm", "max_per_year": 10, "attributes": {"degree": 1.0}}],
            structure_goals=[
                {"name": "degree", "attribute": "degree", "sense": "min", "bound": 0.6, "penalty": 7}
            ],
            objective={"mode": "weighted", "weights": {"structure_violation": 1}},
        ),
        relax=True,
    )
    assert result.terms["structure_violation"] == 42.0


def test_yearly_budget_caps_spending() -> None:
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "cost": 10}],
            targets=[{"name": "need", "year": 1, "value": 110}],
            budget={"max_per_year": 30},
        ),
        relax=True,
    )
    assert (result.terms["hire_cost"], result.terms["shortfall"]) == (30.0, 7.0)


def test_whole_people_wastage_rounds_the_expected_leavers() -> None:
    # 0.1 × 35 = 3.5 expected leavers; whole people: 3 or 4 leave (within half a person), the plan keeps
    # the cheaper 3 (no hires needed: 35 − 3 = 32 ≥ 32). Year 2: 0.1 × 32 = 3.2 → 3 leave, 29 remain,
    # so 1 hire (no first-year loss) meets 30: closing 30, all whole people.
    result = solve_plan(
        problem(
            years=2,
            wastage="whole_people",
            grades=[{"name": "cm", "attrition": 0.1, "first_year_attrition": 0.0}],
            units=[{"name": "branch", "opening": {"cm": 35}}],
            channels=[{"name": "campus", "grade": "cm", "cost": 1}],
            targets=[
                {"name": "y1", "year": 1, "value": 32, "shortfall_max": 0},
                {"name": "y2", "year": 2, "value": 30, "shortfall_max": 0},
            ],
        )
    )
    first, second = result.flow(1, "branch", "cm"), result.flow(2, "branch", "cm")
    assert (first.attrition, first.hires["campus"], first.closing) == (3.0, 0.0, 32.0)
    assert (second.attrition, second.hires["campus"], second.closing) == (3.0, 1.0, 30.0)


def test_expected_wastage_stays_the_default_and_is_fractional() -> None:
    result = solve_plan(problem(grades=[{"name": "cm", "attrition": 0.035}]))
    assert result.flow(1, "branch", "cm").attrition == 3.5


def test_unknown_wastage_mode_is_a_format_error() -> None:
    with pytest.raises(ValueError, match="wastage"):
        problem(wastage="rounded")


@pytest.mark.parametrize("relax", [True, False])
def test_lexicographic_levels_that_cannot_reach_zero_are_minimised(relax: bool) -> None:
    # The cap of 5 hires leaves 3 of the 108 short: the shortfall level cannot be held at zero, so the
    # LP's shortcut (fix it at zero, minimise cost) fails and the level is minimised; cost comes next.
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "max_per_year": 5, "cost": 2}],
            targets=[{"name": "need", "year": 1, "value": 108}],
            objective={"mode": "lexicographic", "order": ["shortfall", "exits", "cost"]},
        ),
        relax=relax,
    )
    assert [(lv.term, lv.value) for lv in result.levels] == [
        ("shortfall", 3.0),
        ("exits", 0.0),
        ("cost", 10.0),
    ]


def test_lexicographic_zero_levels_are_reported_at_zero() -> None:
    result = solve_plan(
        problem(
            channels=[{"name": "campus", "grade": "cm", "cost": 2}],
            targets=[{"name": "need", "year": 1, "value": 104}],
            objective={"mode": "lexicographic", "order": ["shortfall", "exits", "cost"]},
        ),
        relax=True,
    )
    assert [(lv.term, lv.value) for lv in result.levels] == [
        ("shortfall", 0.0),
        ("exits", 0.0),
        ("cost", 8.0),
    ]
