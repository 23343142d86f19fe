"""Domain invariants of a run of the demo bank's baseline scenario (a small demo bank, solved for real)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from planner.candidates.gates import evaluate_gates, gate_rules, passes_all_gates
from planner.candidates.models import Candidate
from planner.demo.loader import load_demo
from planner.demo.sizes import DemoSize
from planner.enums import ManagerStatus, RunStatus
from planner.people.models import AvoidanceLink, Manager
from planner.runs.models import Run
from planner.runs.results import RunAssignment, RunExit, RunGoal, RunHire, RunPlanFlow
from planner.runs.services import create_run
from planner.runs.worker import execute_run
from planner.scenarios.services import ensure_baseline
from planner.settings.models import Grade
from planner.territories.models import Territory

TODAY = dt.date(2026, 11, 23)
SIZE = DemoSize(branches=3, outlets=6, territories=40, managers=150, candidates=150)


@pytest.fixture
def demo_run(app, db) -> Run:  # type: ignore[no-untyped-def]
    load_demo(db, SIZE, seed=1, today=TODAY)
    scenario = ensure_baseline(db)
    run = create_run(db, scenario, None, TODAY)
    db.commit()
    execute_run(app.extensions["planner.sessions"], run.id)
    db.expire_all()
    done = db.get(Run, run.id)
    assert (done.status, done.outcome) == (RunStatus.SUCCEEDED, "solved"), done.failure_reason
    return done


def _plan_year_one(db, run: Run, kind: str) -> Counter[str]:  # type: ignore[no-untyped-def]
    year = run.snapshot.inputs["base_year"] + 1
    counts: Counter[str] = Counter()
    for f in db.scalars(select(RunPlanFlow).where(RunPlanFlow.run_id == run.id, RunPlanFlow.year == year)):
        if f.kind == kind:
            counts[f.unit_code] += round(f.quantity)
    return counts


def _shortfall_units(db, run: Run, kind: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(
        db.scalars(
            select(RunGoal.unit_code).where(RunGoal.run_id == run.id, RunGoal.kind == f"{kind}_shortfall")
        )
    )


def test_exits_per_peer_group_are_within_the_policy_or_explained(db, demo_run):
    params = demo_run.scenario.parameters
    named = Counter(db.scalars(select(RunExit.peer_group).where(RunExit.run_id == demo_run.id)))
    short = _shortfall_units(db, demo_run, "exit")
    for group, planned in _plan_year_one(db, demo_run, "exit").items():
        assert params["exit_min"] <= planned <= params["exit_max"]
        assert named[group] == planned or group in short


def test_no_protected_cm_exits(db, demo_run):
    for e in db.scalars(select(RunExit).where(RunExit.run_id == demo_run.id)):
        manager = db.get(Manager, e.manager_id)
        assert manager.status is not ManagerStatus.LEAVE
        assert (TODAY - manager.cm_since).days >= 365, f"{manager.employee_no} is in their first year"


def test_every_hire_passed_every_gate(db, demo_run):
    rules = gate_rules(db)
    hires = db.scalars(select(RunHire).where(RunHire.run_id == demo_run.id)).all()
    assert hires, "the demo run should hire someone for this check to mean anything"
    for hire in hires:
        assert passes_all_gates(evaluate_gates(db.get(Candidate, hire.candidate_id), rules, TODAY))


def test_named_hires_agree_with_the_plans_counts(db, demo_run):
    named = Counter(db.scalars(select(RunHire.unit_code).where(RunHire.run_id == demo_run.id)))
    planned = _plan_year_one(db, demo_run, "hire")
    assert sum(planned.values()) > 0, "the demo run should plan hires for this check to mean anything"
    assert +named == +planned


def test_every_named_list_agrees_with_the_plan_and_nothing_is_left_short(db, demo_run):
    # agreement(outcome) == [] as the run stored it: hires, exits and promotions, unit by unit and grade by
    # grade; and no count of the plan was filled short.
    assert demo_run.counts["disagreements"] == 0
    # On this bank the first plan asks one branch for a hire its applicants (hired by other branches)
    # cannot fill, so the repair pass ran: the check is not met by chance.
    assert demo_run.counts["repairs"] >= 1
    assert not [line for line in demo_run.explanation if line.startswith("named lists differ")]
    for kind in ("hire", "exit", "promotion"):
        assert _shortfall_units(db, demo_run, kind) == set()


def test_the_assignment_keeps_every_hard_rule(db, demo_run):
    rows = db.scalars(
        select(RunAssignment).where(
            RunAssignment.run_id == demo_run.id, RunAssignment.territory_id.is_not(None)
        )
    ).all()
    rank = {g.code: g.rank for g in db.scalars(select(Grade))}
    unit_of: dict[int, int] = {}
    for a in rows:
        territory = db.get(Territory, a.territory_id)
        unit_of[a.manager_id or -a.candidate_id] = territory.unit_id
        if a.manager_id is not None:  # hires serve any segment
            assert db.get(Manager, a.manager_id).segment == territory.segment
        if territory.min_grade_rank is not None:
            assert rank[a.grade_code] >= territory.min_grade_rank
    together = defaultdict(int)
    for link in db.scalars(select(AvoidanceLink)):
        if link.manager_a_id in unit_of and link.manager_b_id in unit_of:
            together[link.id] += unit_of[link.manager_a_id] == unit_of[link.manager_b_id]
    assert sum(together.values()) == 0


def test_every_target_is_met_or_its_shortfall_reported(db, demo_run):
    targets = db.scalars(select(RunGoal).where(RunGoal.run_id == demo_run.id, RunGoal.kind == "target")).all()
    assert len(targets) == 3 * 3  # three branches, three plan years
    for t in targets:
        assert t.achieved + t.shortfall >= t.required - 1e-6


def test_a_missed_target_is_priced_at_its_penalty_per_head_in_yuan(db, demo_run):
    # The LP pays a missed target's penalty for every further head it requires; at the scenario's weights a
    # head short is worth shortfall cost × its weight ÷ the weight of one yuan.
    params = demo_run.scenario.parameters
    per_head = params["shortfall_cost"] * params["shortfall_weight"] / params["cost_weight"]
    missed = db.scalars(
        select(RunGoal).where(
            RunGoal.run_id == demo_run.id, RunGoal.kind == "target", RunGoal.shortfall > 1e-6
        )
    ).all()
    assert demo_run.price_unit == "yuan" and missed
    assert all(t.shadow_price == pytest.approx(per_head) for t in missed)
