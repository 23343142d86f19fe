"""One rule, one definition: what the planner's pages show is what the solver is given and applies."""

from __future__ import annotations

import dataclasses

import numpy as np

from planner.candidates.gates import evaluate_gates, gate_rules, passes_all_gates
from planner.candidates.models import Candidate
from planner.pages.people.page import manager_page_data
from planner.scenarios.adapter import build_inputs
from planner.settings_page.grades import create_grade, grade_ladder
from solver.assign.context import build_context
from solver.assign.rules import rotation
from solver.select.models import Opening
from solver.select.solve import select
from tests.planning.bank import TODAY


def _solver_rotation_due(problem, manager_id: str) -> bool:  # type: ignore[no-untyped-def]
    """Ask the assignment solver's own rotation rule whether staying put costs the CM a rotation penalty."""
    ctx = build_context(problem)
    m = ctx.manager_index[manager_id]
    current = next(x.current for x in problem.managers if x.id == manager_id)
    effect = rotation(ctx, np.array([m]), np.array([ctx.place_index[current]]))
    assert effect is not None and effect.cost is not None
    return bool(effect.cost[0] > 0)


def test_a_cm_flagged_rotation_due_on_the_cm_page_is_exactly_one_the_assignment_treats_as_due(
    db, small_bank, small_scenario
):
    inputs = build_inputs(db, small_scenario, TODAY)
    placed = [m for m in inputs.assign.managers if m.current is not None]
    page = {m.id: manager_page_data(db, small_bank.managers[m.id].id, TODAY).due_for_rotation for m in placed}
    solver = {m.id: _solver_rotation_due(inputs.assign, m.id) for m in placed}
    assert page == solver
    # A1 (4 years and 22 days) and B1 (3 years and a day) are due; A2 (exactly 3 years) and A3 are not.
    assert page == {"A1": True, "A2": False, "A3": False, "B1": True}


def test_a_candidate_whose_page_shows_a_failed_gate_is_never_hired(db, small_bank, small_scenario):
    inputs = build_inputs(db, small_scenario, TODAY)
    rules = gate_rules(db)
    shown = {
        c.reference: passes_all_gates(evaluate_gates(c, rules, TODAY)) for c in db.query(Candidate).all()
    }
    # Openings for every channel in branch BA, more than there are candidates.
    openings = [
        Opening("BA", 5, channel, "l0") for channel in {c.channel for c in inputs.selection.candidates}
    ]
    result = select(dataclasses.replace(inputs.selection, openings=openings))
    hired = {h.candidate for h in result.hires}
    assert hired == {ref for ref, passes in shown.items() if passes} == {"C1"}
    stopped = {r.candidate: r.stage for r in result.rejections}
    assert stopped == {"C2": "discipline", "C3": "qualification", "C4": "education", "C5": "composite"}


def test_the_ladder_on_the_settings_page_is_the_ladder_the_solver_uses(db, small_bank, small_scenario):
    create_grade(db, "l3", 3, "资深", "Principal")
    db.commit()
    inputs = build_inputs(db, small_scenario, TODAY)
    settings_ladder = [grade.code for grade, _holders in grade_ladder(db)]
    assert settings_ladder == ["l0", "l1", "l2", "l3"]
    assert inputs.assign.grades == settings_ladder
    assert [g.name for g in inputs.plan.grades] == settings_ladder
    assert [(t.from_grade, t.to_grade) for t in inputs.plan.transitions] == [
        ("l0", "l1"),
        ("l1", "l2"),
        ("l2", "l3"),
    ]
