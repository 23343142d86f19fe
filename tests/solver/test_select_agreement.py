"""The plan's counts and the named lists agree unit by unit and grade by grade."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan
from solver.select.agreement import check_agreement, counts_from_plan
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
