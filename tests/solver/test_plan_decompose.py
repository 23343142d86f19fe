"""Independent units are solved apart and added up; bank-wide rows keep them together."""

from __future__ import annotations

import time
from typing import Any

import pytest

from solver.plan.build import build_model
from solver.plan.decompose import components, coupling_reasons
from solver.plan.merge import merge_results
from solver.plan.optimise import optimise
from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan


def branches(**overrides: Any) -> dict[str, Any]:
    """Return three branches with wastage, two channels and targets per branch, lexicographic."""
    data: dict[str, Any] = {
        "years": 2,
        "grades": [
            {"name": "junior", "attrition": 0.1, "first_year_attrition": 0.2},
            {"name": "senior", "attrition": 0.05},
        ],
        "units": [
            {"name": "a", "opening": {"junior": 10, "senior": 5}, "peer_group": "north"},
            {"name": "b", "opening": {"junior": 7, "senior": 9}, "peer_group": "north"},
            {"name": "c", "opening": {"junior": 12, "senior": 3}},
        ],
        "channels": [
            {"name": "campus", "grade": "junior", "cost": 10, "max_per_unit_year": 4},
            {"name": "market", "grade": "senior", "cost": 25},
        ],
        "transitions": [{"name": "promote", "from_grade": "junior", "to_grade": "senior", "cost": 3}],
        "exit_actions": [{"name": "leave", "cost": 7}],
        "exit_policy": {"min_per_group": 1, "max_per_group": 2},
        "targets": [
            {
                "name": f"{u}_{t}",
                "year": t,
                "unit": u,
                "value": v + t,
                "surplus_max": 2,
                "shortfall_cost": 100,
            }
            for u, v in (("a", 16), ("b", 15), ("c", 17))
            for t in (1, 2)
        ],
        "objective": {"mode": "lexicographic", "order": ["shortfall", "exits", "cost"]},
    }
    data.update(overrides)
    return data


def test_units_linked_by_a_peer_group_are_one_part() -> None:
    assert components(PlanProblem.from_json(branches())) == [["a", "b"], ["c"]]


def test_a_bank_wide_cap_keeps_every_unit_together() -> None:
    data = branches()
    data["channels"][0]["max_per_year"] = 6
    problem = PlanProblem.from_json(data)
    assert coupling_reasons(problem) == ["channel campus cap"]
    assert components(problem) == [["a", "b", "c"]]


@pytest.mark.parametrize("mode", ["lexicographic", "weighted"])
def test_parts_give_the_objective_of_the_whole_model(mode: str) -> None:
    data = branches()
    if mode == "weighted":
        data["objective"] = {"mode": "weighted", "weights": {"shortfall": 100, "exits": 5, "cost": 1}}
    problem = PlanProblem.from_json(data)
    parts = solve_plan(problem, explain=False)
    # A pool over every target couples nothing physically but joins all units into one part.
    whole_data = {**data, "surplus_pools": [{"name": "all", "max_per_year": 1000}]}
    whole_data["targets"] = [{**t, "surplus_pool": "all"} for t in data["targets"]]
    whole = solve_plan(PlanProblem.from_json(whole_data), explain=False)
    assert "independent parts" in parts.message and "independent parts" not in whole.message
    assert (parts.status, whole.status) == ("optimal", "optimal")
    assert parts.objective == pytest.approx(whole.objective, abs=1e-6)
    assert [lv.value for lv in parts.levels] == pytest.approx([lv.value for lv in whole.levels], abs=1e-6)
    priced = ("shortfall", "exits", "cost")  # terms outside the objective may differ between optima
    assert [parts.terms[t] for t in priced] == pytest.approx([whole.terms[t] for t in priced], abs=1e-6)
    assert [(r.year, r.unit, r.grade) for r in parts.flows] == [
        (r.year, r.unit, r.grade) for r in whole.flows
    ]


def test_merged_result_explains_every_goal_of_every_part() -> None:
    problem = PlanProblem.from_json(branches())
    result = solve_plan(problem)
    names = {g.name for g in result.goals}
    assert {f"target[{u}_{t}]" for u in "abc" for t in (1, 2)} <= names
    assert "exit_minimum[north,year 1]" in names and "exit_minimum[c,year 2]" in names
    assert merge_results(problem, [result]).objective == result.objective


def test_parts_shared_out_over_two_processes_match_parts_solved_here() -> None:
    data = branches()
    data["units"] = [
        {"name": f"u{i}", "opening": {"junior": 8 + i % 5, "senior": 4 + i % 3}} for i in range(16)
    ]
    data["targets"] = [
        {"name": f"u{i}_{t}", "year": t, "unit": f"u{i}", "value": 13 + i % 4 + t, "surplus_max": 2}
        for i in range(16)
        for t in (1, 2)
    ]
    problem = PlanProblem.from_json(data)
    shared = solve_plan(problem, explain=False, workers=2)
    here = solve_plan(problem, explain=False, workers=1)
    assert shared.status == here.status == "optimal"
    assert [lv.value for lv in shared.levels] == [lv.value for lv in here.levels]
    assert [(r.year, r.unit) for r in shared.units] == [(r.year, r.unit) for r in here.units]


def test_a_part_without_a_plan_among_parts_shared_out_makes_the_whole_plan_explain_it() -> None:
    data = branches()
    data["units"] = [{"name": f"u{i}", "opening": {"junior": 8, "senior": 4}} for i in range(16)]
    data["targets"] = [
        {"name": f"u{i}_1", "year": 1, "unit": f"u{i}", "value": 14, "surplus_max": 2} for i in range(16)
    ]
    # Unit u9 must reach 60 CMs in one year from 12, hiring at most 4 from campus and 2 from the market.
    data["channels"][1]["max_per_unit_year"] = 2
    data["targets"][9].update(value=60, shortfall_max=0)
    problem = PlanProblem.from_json(data)
    result = solve_plan(problem, workers=2)
    assert result.status == "infeasible"
    assert "target[u9_1]" in result.conflict


@pytest.mark.parametrize("reachable", [True, False])
def test_integer_levels_tried_at_zero_first_give_the_same_levels(reachable: bool) -> None:
    data = branches()
    if not reachable:  # unit a cannot reach its year-2 target: shortfall cannot be zero
        data["targets"][1]["value"] = 40
        data["channels"][1]["max_per_unit_year"] = 2
    problem = PlanProblem.from_json({**data, "units": data["units"][:1], "targets": data["targets"][:2]})
    fast = solve_plan(problem, explain=False)
    slow = build_model(problem, relax=False)
    slow.max_floors = 0
    status, levels = optimise(slow, time.monotonic() + 30)
    assert (fast.status, status) == ("optimal", "optimal")
    assert [lv.value for lv in fast.levels] == pytest.approx([lv.value for lv in levels], abs=1e-6)
    assert (fast.levels[0].value > 0) == (not reachable)
