"""The command line: scenario list and scenario run --json with its exit codes."""

from __future__ import annotations

import json

from planner.scenarios.services import update_scenario


def test_scenario_list_prints_one_line_per_scenario_starting_with_its_id(app, db, small_scenario):
    result = app.test_cli_runner().invoke(args=["scenario", "list"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].split("\t")[0] == str(small_scenario.id)
    assert "small" in lines[0] and "never run" in lines[0]


def test_scenario_run_json_prints_the_summary_and_exits_0_when_solved(app, db, consumer, small_scenario):
    result = app.test_cli_runner().invoke(args=["scenario", "run", str(small_scenario.id), "--json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["outcome"]) == ("succeeded", "solved")
    assert set(summary["seconds"]) == {"snapshot", "plan", "select", "assign", "store"}
    assert {"hires", "exits", "promotions", "moves"} <= set(summary["counts"])
    # One target per branch and plan year, each with its attainment.
    assert sorted((t["unit"], t["year"]) for t in summary["targets"]) == [
        (unit, year) for unit in ("BA", "BB") for year in (2027, 2028, 2029)
    ]
    assert all(t["met"] == (t["shortfall"] <= 1e-6) for t in summary["targets"])
    assert "plan" in result.stderr  # progress goes to stderr


def test_scenario_run_exits_2_with_the_explanation_when_infeasible(
    app, db, consumer, small_bank, small_scenario
):
    params = {**small_scenario.parameters, "exit_min": 3, "exit_max": 5}
    update_scenario(db, small_scenario, None, "too many exits", params)
    db.commit()
    result = app.test_cli_runner().invoke(args=["scenario", "run", str(small_scenario.id), "--wait"])
    assert result.exit_code == 2
    assert "No plan meets these goals together" in result.stderr


def test_scenario_run_of_an_unknown_scenario_exits_1(app, db):
    result = app.test_cli_runner().invoke(args=["scenario", "run", "999", "--wait"])
    assert result.exit_code == 1
    assert "no scenario 999" in result.output
