"""``python -m solver gap|generate|assign`` run as a user would, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.solver.test_assign_factories import gap_data

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m solver`` with arguments from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "solver", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_gap_prints_objective_bound_status_and_seconds() -> None:
    out = run("gap", str(gap_data() / "c0515_1"), "--time-limit", "10")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["objective"], data["bound"], data["status"]) == (261, 261, "OPTIMAL")
    assert data["seconds"] >= 0


def test_gap_maximize_uses_the_numbers_as_profits() -> None:
    out = run("gap", str(gap_data() / "c0515_1"), "--maximize", "--workers", "1")
    assert json.loads(out.stdout)["objective"] == 336


def test_generate_is_deterministic_by_seed() -> None:
    first = run("generate", "--cms", "40", "--territories", "8", "--seed", "5")
    second = run("generate", "--cms", "40", "--territories", "8", "--seed", "5")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(json.loads(first.stdout)["managers"]) == 40


def test_assign_solves_a_generated_problem(tmp_path: Path) -> None:
    problem = tmp_path / "problem.json"
    problem.write_text(run("generate", "--cms", "40", "--territories", "8", "--seed", "5").stdout)
    out = run("assign", str(problem), "--time-limit", "10", "--workers", "1", "--seed", "1")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["status"] in ("OPTIMAL", "FEASIBLE")
    assert len(result["assignments"]) + len(result["unassigned"]) == 40


def test_gap_reports_an_infeasible_instance(tmp_path: Path) -> None:
    instance = tmp_path / "tiny"
    instance.write_text("1 2\n3 4\n5 5\n6\n")  # one agent of capacity 6, two jobs of 5
    out = run("gap", str(instance), "--time-limit", "5")
    assert out.returncode == 2
    assert json.loads(out.stdout)["status"] == "INFEASIBLE"
