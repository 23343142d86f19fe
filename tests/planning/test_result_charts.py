"""The result pages' chart data, worked out by hand on the small stored run of ``stored_run.py``."""

from __future__ import annotations

import pytest

from planner.runs.assignment_map import assignment_map
from planner.runs.charts import plan_charts, progress_chart
from planner.runs.results import RunGoal
from planner.runs.words import binding_goals
from tests.planning.stored_run import build_stored_assignment, build_stored_run


def test_the_bank_wide_plan_adds_the_units_and_starts_from_the_opening_team(db):
    charts = plan_charts(db, build_stored_run(db))
    assert charts.years == [2026, 2027, 2028]
    # Opening of 2027: 10 + 5 in B1 and 8 in B2; then the closing CMs 13 + 9 and 14 + 10.
    assert charts.headcount == [23, 22, 24]
    # Targets 12 + 9 in 2027; in 2028 only B1 has one (14).
    assert charts.target == [None, 21, 14]
    assert charts.share == pytest.approx([None, 22 / 160, 24 / 160])
    assert charts.share_target == pytest.approx([None, 21 / 160, 14 / 160])


def test_the_plan_counts_intake_by_channel_exits_by_action_and_promotions_per_year(db):
    charts = plan_charts(db, build_stored_run(db))
    assert charts.intake == {"campus": [3, 0], "referral": [0, 3]}
    assert charts.exits == {"demotion": [3, 0], "retraining": [0, 1]}
    assert charts.promotions == [3, 1] and charts.attrition == [1, 0]


def test_the_cost_per_year_counts_only_paid_costs_and_sets_the_budget_beside_them(db):
    charts = plan_charts(db, build_stored_run(db))
    # The shortfall penalty is not a cost; hires of year 1 cost 12,000 + 6,000, the exit of year 2 3,000.
    assert charts.cost == {"exit_cost": [0, 3000], "hire_cost": [18000, 0]}
    assert charts.budget == [20000, None]


def test_one_unit_shows_its_own_figures_and_no_bank_cost(db):
    charts = plan_charts(db, build_stored_run(db), unit="B2")
    assert charts.headcount == [8, 9, 10]
    assert charts.target == [None, 9, None]
    assert charts.share == pytest.approx([None, 9 / 60, 10 / 60])
    assert charts.intake == {"campus": [1, 0]} and charts.exits == {"retraining": [0, 1]}
    assert charts.promotions == [2, 0]
    assert charts.cost == {} and charts.budget == []


def test_the_progress_chart_pairs_objective_and_bound_per_stage_over_elapsed_seconds(db):
    chart = progress_chart(db, build_stored_run(db))
    # The report without any figure (the stage starting) is left out.
    assert chart.stages == [
        {"stage": "plan", "objective": [[0.5, 120], [1.0, 110]], "bound": [[0.5, 100], [1.0, 105]]},
        {"stage": "assign", "objective": [[2.0, 9]], "bound": [[2.0, 8.5]]},
    ]


def test_the_map_places_territories_with_coordinates_and_draws_moves_between_two_of_them(db):
    run = build_stored_run(db)
    build_stored_assignment(db, run)
    drawn = assignment_map(db, run)
    assert drawn.territories == [[114.0, 30.0, 3, 2, 1, "T1"], [114.5, 30.5, 2, 2, 0, "T2"]]
    assert drawn.unplaced == 1
    # M2 comes from T3 (not on the map) and M3 leaves the CM team: only M1's move is a line.
    assert drawn.moves == [[114.0, 30.0, 114.5, 30.5, "M1", "rotation"]]
    assert drawn.moves_total == 1


@pytest.mark.parametrize(
    ("unit", "missed", "eased"),
    [
        (
            "yuan",
            "one more unit of it would add at most 1,000.00 yuan to the plan's cost",
            "one more unit of it would save 0.50 yuan of the plan's cost",
        ),
        (
            "heads",
            "one more unit of it would leave at most 1,000.00 more heads short",
            "one more unit of it would leave 0.50 fewer heads short",
        ),
        (
            "",
            "one more unit of it would raise the objective by at most 1,000.00",
            "one more unit of it would lower the objective by 0.50",
        ),
    ],
)
def test_binding_goals_are_told_dearest_first_with_the_worth_of_one_more_unit_in_the_runs_unit(
    db, unit, missed, eased
):
    run = build_stored_run(db)
    run.price_unit = unit
    db.add_all(
        [
            RunGoal(
                run_id=run.id,
                stage="plan",
                name="exit_minimum[B1,year 1]",
                kind="exit_minimum",
                binding=True,
                shadow_price=-0.5,
                field="exit_min",
            ),
            RunGoal(
                run_id=run.id,
                stage="plan",
                name="B1 share year 2",
                kind="target",
                binding=True,
                shadow_price=1000.0,
                shortfall=2.0,
                field="target_values",
            ),
            RunGoal(
                run_id=run.id,
                stage="plan",
                name="exit_maximum[B1,year 1]",
                kind="exit_maximum",
                binding=False,
                shadow_price=0.0,
            ),
        ]
    )
    db.commit()
    sentences, total = binding_goals(db, run)
    assert total == 2
    assert [str(s.text) for s in sentences] == [
        f"B1 share year 2 binds and is missed by 2.00; {missed}.",
        f"exit_minimum[B1,year 1] binds; {eased}.",
    ]
    assert [s.field for s in sentences] == ["target_values", "exit_min"]
