"""One typed JSON reader for the assign, plan and select formats: every mistake names its JSON path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from solver.assign.model import Problem
from solver.jsonread import ProblemFormatError
from solver.select.models import SelectionProblem

REPO = Path(__file__).resolve().parents[2]


def small() -> dict[str, Any]:
    """Return the JSON form of a one-CM, one-territory problem."""
    return {
        "units": [{"id": "U1"}],
        "territories": [{"id": "T1", "unit": "U1", "segment": "retail"}],
        "managers": [{"id": "M1", "grade": "junior", "segments": ["retail"]}],
        "avoidance": [],
        "rules": {},
    }


def test_an_unknown_top_level_key_is_rejected_with_its_path() -> None:
    data = {**small(), "avoidence": [["M1", "M2"]]}
    with pytest.raises(ProblemFormatError, match=r"^\$: unknown key\(s\) avoidence for Problem$"):
        Problem.from_json(data)


def test_an_unknown_nested_key_is_rejected_with_its_path() -> None:
    data = small()
    data["managers"][0]["yeras"] = 3
    with pytest.raises(ProblemFormatError, match=r"^\$\.managers\[0\]: unknown key\(s\) yeras for Manager$"):
        Problem.from_json(data)


def test_an_unknown_rule_is_rejected_with_its_path() -> None:
    data = {**small(), "rules": {"rotation_yeras": 4}}
    with pytest.raises(ProblemFormatError, match=r"^\$\.rules: unknown key\(s\) rotation_yeras for Rules$"):
        Problem.from_json(data)


def test_an_unknown_segment_names_the_choices() -> None:
    data = small()
    data["territories"][0]["segment"] = "retial"
    with pytest.raises(ProblemFormatError, match=r"^\$\.territories\[0\]\.segment: expected one of 'retail'"):
        Problem.from_json(data)


def test_an_unknown_grade_name_is_rejected_with_its_path() -> None:
    data = small()
    data["managers"][0]["grade"] = "seniour"
    with pytest.raises(ProblemFormatError, match=r"^\$\.managers\[0\]\.grade: unknown grade 'seniour'"):
        Problem.from_json(data)


def test_an_avoidance_pair_must_have_two_members() -> None:
    data = {**small(), "avoidance": [["M1"]]}
    with pytest.raises(ProblemFormatError, match=r"^\$\.avoidance\[0\]: expected a list of 2 values"):
        Problem.from_json(data)


def test_the_selection_format_uses_the_same_reader() -> None:
    with pytest.raises(ProblemFormatError, match=r"^\$: unknown key\(s\) candiates for SelectionProblem$"):
        SelectionProblem.from_json({"candiates": []})


def run_assign(tmp_path: Path, data: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """Write the problem and run ``python -m solver assign`` on it."""
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data))
    return subprocess.run(
        [sys.executable, "-m", "solver", "assign", str(path), "--time-limit", "5", "--workers", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_cli_reports_bad_input_in_one_line_and_exits_1(tmp_path: Path) -> None:
    data = small()
    data["territories"][0]["segment"] = "retial"
    out = run_assign(tmp_path, data)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: $.territories[0].segment")


def test_the_cli_reports_an_unknown_unit_in_one_line(tmp_path: Path) -> None:
    data = small()
    data["territories"][0]["unit"] = "U9"
    out = run_assign(tmp_path, data)
    assert (out.returncode, out.stderr) == (1, "error: territory T1: unknown unit 'U9'\n")


def test_the_cli_takes_a_grade_given_as_a_rank(tmp_path: Path) -> None:
    data = small()
    data["managers"][0]["grade"] = 1
    out = run_assign(tmp_path, data)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["assignments"][0]["to"] == "T1"
