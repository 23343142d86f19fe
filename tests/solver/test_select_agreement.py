"""The plan's counts and the named lists agree unit by unit and grade by grade."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from solver.plan.jsonform import ProblemFormatError
from solver.plan.problem import DecisionCap, PlanProblem, Unit
from solver.plan.solve import solve_plan
from solver.select.agreement import caps_from_selection, check_agreement, counts_from_plan, tighter
from solver.select.models import SelectionProblem
from solver.select.results import SelectionResult
from solver.select.solve import select

EXAMPLES = resources.files("solver.examples")
ROOT = Path(__file__).resolve().parents[2]


def small_plan() -> PlanProblem:
    """Return a plan of 10 juniors in U1 that must exit 2 and grow to 11 by hiring 3."""
    return PlanProblem.from_json(
        {
            "years": 1,
            "grades": [{"name": "junior", "attrition": 0.0}],
            "units": [{"name": "U1", "opening": {"junior": 10}}],
            "channels": [{"name": "campus", "grade": "junior", "cost": 1}],
            "exit_actions": [{"name": "back_office", "cost": 1}],
            "exit_policy": {"min_per_group": 2, "max_per_group": 5},
            "targets": [{"name": "grow", "year": 1, "value": 11, "shortfall_max": 0, "surplus_max": 0}],
        }
    )


def named_for(selection: SelectionProblem) -> SelectionResult:
    """Fill ``selection`` with 10 CMs and 5 candidates and take the named decisions."""
    selection.managers = SelectionProblem.from_json(
        {
            "managers": [
                {"id": f"m{i}", "unit": "U1", "grade": "junior", "performance": 60 + i} for i in range(10)
            ]
        }
    ).managers
    selection.candidates = SelectionProblem.from_json(
        {
            "candidates": [
                {
                    "id": f"c{i}",
                    "channel": "campus",
                    "written": 70 + i,
                    "interview": 80,
                    "preferences": ["U1"],
                }
                for i in range(5)
            ]
        }
    ).candidates
    return select(selection)


def test_plan_counts_become_openings_and_exit_counts() -> None:
    plan = small_plan()
    selection = counts_from_plan(plan, solve_plan(plan))
    assert [(o.unit, o.channel, o.grade, o.count) for o in selection.openings] == [
        ("U1", "campus", "junior", 3)
    ]
    assert [(e.unit, e.grade, e.action, e.count) for e in selection.exit_counts or []] == [
        ("U1", "junior", "back_office", 2)
    ]


def test_named_lists_agree_with_the_plan_counts() -> None:
    plan = small_plan()
    selection = counts_from_plan(plan, solve_plan(plan))
    assert check_agreement(selection, named_for(selection)) == []


def test_a_named_list_short_of_the_plan_is_reported() -> None:
    plan = small_plan()
    selection = counts_from_plan(plan, solve_plan(plan))
    result = named_for(selection)
    result.exits.pop()
    assert check_agreement(selection, result) == ["exit U1 junior back_office: plan 2, named 1"]


def test_rural_bank_selection_agrees_with_its_plan_through_the_cli() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "solver",
            "select",
            str(EXAMPLES.joinpath("rural_bank_selection.json")),
            "--plan",
            str(EXAMPLES.joinpath("rural_bank_plan.json")),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(completed.stdout)
    assert (result["status"], result["agreement"], result["shortfalls"]) == ("optimal", [], [])


def test_selection_problem_and_result_survive_a_json_round_trip() -> None:
    data = json.loads(EXAMPLES.joinpath("rural_bank_selection.json").read_text(encoding="utf-8"))
    problem = SelectionProblem.from_json(data)
    result = select(problem)
    assert SelectionProblem.from_json(problem.to_json()) == problem
    assert SelectionResult.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_a_decision_cap_lowers_the_plans_first_year_hires() -> None:
    plan = small_plan()
    # U1 must end the year with exactly 11 after at least 2 exits: 10 − 2 + hires = 11 needs 3 hires, so
    # a cap of one hire leaves no plan and a cap of three leaves the plan as it was.
    plan.caps = [DecisionCap("hire", 1, "U1", "campus", 1.0)]
    assert solve_plan(plan).status == "infeasible"
    plan.caps = [DecisionCap("hire", 1, "U1", "campus", 3.0)]
    capped = solve_plan(plan)
    assert capped.flow(1, "U1", "junior").hires == {"campus": 3.0}


def test_a_decision_cap_naming_an_unknown_decision_is_refused() -> None:
    data = small_plan().to_json()
    data["caps"] = [{"kind": "hire", "year": 1, "unit": "U1", "name": "nowhere", "max": 1}]
    with pytest.raises(ProblemFormatError, match="unknown name 'nowhere'"):
        PlanProblem.from_json(data)
    data["caps"] = [{"kind": "exit", "year": 1, "unit": "U1", "name": "back_office", "max": 1}]
    with pytest.raises(ProblemFormatError, match="names the grade"):
        PlanProblem.from_json(data)


def test_caps_from_a_short_selection_cap_what_was_named_and_leave_free_applicants_room() -> None:
    plan = small_plan()
    plan.units.append(Unit("U2", opening={}))
    selection = counts_from_plan(plan, solve_plan(small_plan()))  # 3 campus openings and 2 exits in U1
    result = named_for(selection)
    # Two of the three hires (c4, c3) and one of the two exits are named; c0, c1 and c2 are left free, all
    # applied to U1, and c1 to U2 as well.
    result.hires = [h for h in result.hires if h.candidate in ("c4", "c3")]
    result.exits.pop()
    selection.candidates[1].preferences = ["U1", "U2"]
    caps = {(c.kind, c.unit, c.name, c.grade): c.max for c in caps_from_selection(plan, selection, result)}
    assert caps == {
        ("hire", "U1", "campus", None): 2.0,  # short: capped at the two named
        ("hire", "U2", "campus", None): 1.0,  # no opening: c1, free, applied there
        ("exit", "U1", "back_office", "junior"): 1.0,
    }


def test_tighter_keeps_the_lower_of_two_caps_on_one_decision() -> None:
    a = DecisionCap("hire", 1, "U1", "campus", 3.0)
    b = DecisionCap("hire", 1, "U1", "campus", 2.0)
    c = DecisionCap("hire", 1, "U2", "campus", 5.0)
    assert tighter([a, c], [b]) == [b, c]
    assert tighter([b], [a]) == [b]
