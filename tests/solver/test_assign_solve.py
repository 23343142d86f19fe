"""Solving as a whole: generated banks keep every hard rule; conflicts, JSON, progress, stop, warm start."""

from __future__ import annotations

import json
import math

import pytest

from solver.assign.engine import Engine, Progress, SolveOptions
from solver.assign.generate import generate
from solver.assign.model import GRADES, Problem, Result
from solver.assign.solve import solve
from tests.solver.test_assign_factories import cm, two_outlets


@pytest.fixture(scope="module")
def bank() -> Problem:
    """Return a small generated bank with every rule on."""
    return generate(cms=150, territories=30, seed=3)


@pytest.fixture(scope="module")
def bank_result(bank: Problem) -> Result:
    """Return the bank's solution."""
    return solve(bank, SolveOptions(time_limit=8, workers=2, seed=1))


def test_generated_bank_is_solved(bank_result: Result) -> None:
    assert bank_result.status in ("OPTIMAL", "FEASIBLE")
    assert bank_result.bound is not None and bank_result.objective is not None
    assert bank_result.bound <= bank_result.objective + 1e-6


def test_generated_bank_keeps_every_hard_rule(bank: Problem, bank_result: Result) -> None:
    territory = {t.id: t for t in bank.territories}
    unit = {u.id: u for u in bank.units}
    manager = {m.id: m for m in bank.managers}
    placed = {a.who: a.to for a in bank_result.assignments}
    r = bank.rules
    assert len(bank_result.assignments) == len(placed)  # one territory per CM
    for who, to in placed.items():
        m, t = manager[who], territory[to]
        assert t.segment in m.segments
        assert GRADES.index(m.grade) >= GRADES.index(t.min_grade)
        x, y = (t.x, t.y) if t.x is not None and t.y is not None else (unit[t.unit].x, unit[t.unit].y)
        assert r.travel_max_km is not None and math.hypot(m.home_x - x, m.home_y - y) <= r.travel_max_km
        assert not (m.current == to and m.years >= r.rotation_must_years)
        assert (who, to) not in bank.forbidden
    for who, to in bank.pins:
        assert placed[who] == to
    for a, b in bank.avoidance:
        if a in placed and b in placed:
            assert territory[placed[a]].unit != territory[placed[b]].unit
    moved = [m.id for m in bank.managers if m.current is not None and placed.get(m.id) != m.current]
    assert r.max_moves is not None and len(moved) <= r.max_moves
    assert sorted(mv.who for mv in bank_result.moves) == sorted(moved)


def test_conflicting_hard_rules_are_named() -> None:
    p = two_outlets(segment=True, segment_hard=True)
    p.territories[0].segment = "corporate"
    p.managers = [cm("M1", 0), cm("M2", 10)]
    p.pins = [("M1", "T1")]
    p.rules.unassigned_weight = 1.0
    result = solve(p, SolveOptions(time_limit=10, workers=1))
    assert result.status == "INFEASIBLE"
    assert sorted(result.conflict) == ["pins", "segment"]


def test_problem_json_round_trip(bank: Problem) -> None:
    assert Problem.from_json(json.loads(json.dumps(bank.to_json()))) == bank


def test_result_json_round_trip(bank_result: Result) -> None:
    assert Result.from_json(json.loads(json.dumps(bank_result.to_json()))) == bank_result


def test_unknown_json_field_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"\$\.managers\[0\]: unknown key\(s\) rank"):
        Problem.from_json({"managers": [{"id": "M1", "rank": "senior"}]})


def test_progress_callback_reports_objective_and_bound(bank: Problem) -> None:
    calls: list[Progress] = []
    solve(bank, SolveOptions(time_limit=2, workers=1), on_progress=calls.append)
    assert calls
    assert all(c.bound <= c.objective + 1e-6 for c in calls)


def test_stop_ends_the_search_at_the_first_solution(bank: Problem) -> None:
    engine = Engine()
    calls: list[Progress] = []

    def first_only(p: Progress) -> None:
        calls.append(p)
        engine.stop()

    result = solve(bank, SolveOptions(time_limit=30, workers=1), on_progress=first_only, engine=engine)
    assert len(calls) == 1
    assert result.objective == pytest.approx(calls[0].objective)


def test_warm_start_from_a_previous_result_is_the_first_solution(bank: Problem, bank_result: Result) -> None:
    calls: list[Progress] = []
    solve(bank, SolveOptions(time_limit=2, workers=1), on_progress=calls.append, warm_start=bank_result)
    assert bank_result.objective is not None
    assert calls[0].objective == pytest.approx(bank_result.objective)


def test_deterministic_runs_give_the_same_plan(bank: Problem) -> None:
    options = SolveOptions(time_limit=1, workers=2, seed=7, deterministic=True)
    first = solve(bank, options)
    second = solve(bank, options)
    assert [(a.who, a.to) for a in first.assignments] == [(a.who, a.to) for a in second.assignments]
