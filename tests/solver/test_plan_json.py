"""The documented JSON form of plan problems and results."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from solver.plan.jsonform import ProblemFormatError
from solver.plan.problem import PlanProblem
from solver.plan.result import PlanResult
from solver.plan.solve import solve_plan

EXAMPLES = resources.files("solver.examples")
ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> dict:
    """Return an example's JSON form."""
    return json.loads(EXAMPLES.joinpath(name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["williams_min_cost.json", "rural_bank_plan.json"])
def test_problem_survives_a_json_round_trip(name: str) -> None:
    problem = PlanProblem.from_json(load(name))
    assert PlanProblem.from_json(problem.to_json()) == problem


def test_result_survives_a_json_round_trip() -> None:
    result = solve_plan(PlanProblem.from_json(load("williams_min_cost.json")), relax=True)
    assert PlanResult.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_unknown_key_is_reported_with_its_path() -> None:
    data = load("williams_min_cost.json")
    data["grades"][1]["atrition"] = 0.1
    with pytest.raises(ProblemFormatError, match=r"\$\.grades\[1\]: unknown key\(s\) atrition"):
        PlanProblem.from_json(data)


def test_reference_to_an_unknown_grade_is_reported() -> None:
    data = load("williams_min_cost.json")
    data["channels"][0]["grade"] = "expert"
    with pytest.raises(ProblemFormatError, match="channel recruit_unskilled: unknown name 'expert'"):
        PlanProblem.from_json(data)


def test_structure_goal_on_an_attribute_a_grade_lacks_is_reported() -> None:
    data = load("rural_bank_plan.json")
    del data["grades"][0]["attributes"]["age"]
    with pytest.raises(
        ProblemFormatError, match="structure goal average_age_at_most_38: grade\\(s\\) trainee lack 'age'"
    ):
        PlanProblem.from_json(data)


def test_cli_prints_the_relaxed_williams_optimum() -> None:
    path = EXAMPLES.joinpath("williams_min_redundancy.json")
    completed = subprocess.run(
        [sys.executable, "-m", "solver", "plan", str(path), "--relax", "--time-limit", "30"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(completed.stdout)
    assert (result["status"], round(result["objective"], 2)) == ("optimal", 841.80)


def test_cli_rural_bank_plan_explains_its_targets() -> None:
    path = EXAMPLES.joinpath("rural_bank_plan.json")
    completed = subprocess.run(
        [sys.executable, "-m", "solver", "plan", str(path), "--time-limit", "30"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(completed.stdout)
    targets = [g for g in result["goals"] if g["kind"] == "target"]
    assert (result["status"], len(targets)) == ("optimal", 12)
    assert all(t["detail"]["shortfall"] == 0 for t in targets)


def test_cli_reports_a_bad_file_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"years": 1}', encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "solver", "plan", str(bad)], capture_output=True, text=True, cwd=ROOT
    )
    assert completed.returncode == 1
    assert "missing required key 'grades'" in json.loads(completed.stdout)["message"]
