"""The adapter on the hand-built bank: every expected solver input is worked out by hand (see bank.py)."""

from __future__ import annotations

import pytest

from planner.scenarios.adapter import build_inputs
from tests.planning.bank import TODAY


@pytest.fixture
def inputs(db, small_scenario):  # type: ignore[no-untyped-def]
    return build_inputs(db, small_scenario, TODAY)


def test_plan_units_are_branches_with_their_working_cms_by_grade(inputs):
    # BA: A1 l2, A2 l1, A3 l0, A4 l1 (on leave, still a CM); BB: B1 l1, B2 l0.
    units = {u.name: u for u in inputs.plan.units}
    assert set(units) == {"BA", "BB"}
    assert units["BA"].opening == {"l2": 1, "l1": 2, "l0": 1}
    assert units["BB"].opening == {"l1": 1, "l0": 1}


def test_other_staff_is_total_staff_less_cms_in_every_plan_year(inputs):
    # BA: 50 staff − 4 CMs; BB: 40 − 2; three plan years by default.
    units = {u.name: u for u in inputs.plan.units}
    assert units["BA"].other_staff == [46.0, 46.0, 46.0]
    assert units["BB"].other_staff == [38.0, 38.0, 38.0]


def test_the_plan_uses_the_banks_ladder_and_settings_attrition_without_history(inputs):
    # Nobody left in the last year, so every grade takes the settings' 5% (first year 10%).
    assert [g.name for g in inputs.plan.grades] == ["l0", "l1", "l2"]
    assert {g.name: g.attrition for g in inputs.plan.grades} == {"l0": 0.05, "l1": 0.05, "l2": 0.05}
    assert {g.first_year_rate() for g in inputs.plan.grades} == {0.10}
    assert inputs.attrition_source == {"l0": "settings", "l1": "settings", "l2": "settings"}
    assert [(t.from_grade, t.to_grade) for t in inputs.plan.transitions] == [("l0", "l1"), ("l1", "l2")]


def test_each_channels_pipeline_counts_the_candidates_who_pass_every_gate(inputs):
    # Only C1 (campus) passes; C2, C4 (campus) fail a gate, C3 (counter transfer) and C5 (experienced) too.
    pipeline = {c.name: c.pipeline for c in inputs.plan.channels}
    assert pipeline == {
        "campus": [1.0, 1.0, 1.0],
        "experienced": [0.0, 0.0, 0.0],
        "counter_transfer": [0.0, 0.0, 0.0],
        "internal": [0.0, 0.0, 0.0],
        "referral": [0.0, 0.0, 0.0],
    }
    assert {c.name: c.grade for c in inputs.plan.channels} == dict.fromkeys(pipeline, "l0")
    # Each branch hires no more than the passing candidates who applied to it: C1 applied to BA.
    caps = {c.name: c.unit_caps for c in inputs.plan.channels}
    assert caps["campus"] == {"BA": 1.0, "BB": 0.0}
    assert caps["experienced"] == {"BA": 0.0, "BB": 0.0}
    assert {c.name for c in inputs.plan.channels if c.from_other_staff} == {"counter_transfer", "internal"}


def test_share_targets_are_one_per_branch_and_year_from_the_rural_plan(inputs):
    targets = sorted((t.unit, t.year, t.kind, t.value) for t in inputs.plan.targets)
    assert targets == [
        ("BA", 1, "share", 0.19),
        ("BA", 2, "share", 0.23),
        ("BA", 3, "share", 0.291),
        ("BB", 1, "share", 0.19),
        ("BB", 2, "share", 0.23),
        ("BB", 3, "share", 0.291),
    ]


def test_the_exit_policy_comes_from_the_scenario(inputs):
    policy = inputs.plan.exit_policy
    assert (policy.min_per_group, policy.max_per_group, policy.only_from_opening_stock) == (0, 1, True)
    assert [a.name for a in inputs.plan.exit_actions] == ["retraining", "demotion", "back_office"]
    assert inputs.selection.exits.action_order == ["retraining", "demotion", "back_office"]


def test_candidates_carry_the_planners_gate_outcomes(inputs):
    outcomes = {c.id: c.failed_gate for c in inputs.selection.candidates}
    assert outcomes == {
        "C1": None,
        "C2": "discipline",
        "C3": "qualification",
        "C4": "education",
        "C5": "composite",
    }
    assert inputs.selection.hiring.gates_given is True
    assert [c.preferences for c in inputs.selection.candidates] == [["BA"]] * 5


def test_selection_managers_are_ranked_in_their_branch_with_their_scores(inputs):
    managers = {m.id: m for m in inputs.selection.managers}
    assert {m: (x.unit, x.grade, x.performance, x.on_leave) for m, x in managers.items()} == {
        "A1": ("BA", "l2", 90.0, False),
        "A2": ("BA", "l1", 60.0, False),
        "A3": ("BA", "l0", 70.0, False),
        "A4": ("BA", "l1", 50.0, True),
        "B1": ("BB", "l1", 65.0, False),
        "B2": ("BB", "l0", 40.0, False),
    }
    assert {m.peer_group for m in managers.values()} == {"BA", "BB"}


def test_assignment_gets_the_working_team_with_years_in_territory(inputs):
    # A4 is on leave; years are calendar years to 2026-11-23 (whole years plus the share of the year begun).
    managers = {m.id: m for m in inputs.assign.managers}
    assert set(managers) == {"A1", "A2", "A3", "B1", "B2"}
    assert {m: (x.current, round(x.years, 4)) for m, x in managers.items()} == {
        "A1": ("TA1", round(4 + 22 / 365, 4)),
        "A2": ("TA1", 3.0),
        "A3": ("TA2", round(1 + 326 / 365, 4)),
        "B1": ("TB1", round(3 + 1 / 365, 4)),
        "B2": (None, 0.0),
    }
    assert managers["B1"].segments == ["agriculture"]


def test_assignment_territories_need_workload_over_the_norm(inputs):
    # Retail 800 households per CM, agriculture 600: 1600 → 2, 800 → 1, 600 → 1.
    assert {t.id: (t.unit, t.segment, t.need) for t in inputs.assign.territories} == {
        "TA1": ("OA", "retail", 2),
        "TA2": ("OA", "retail", 1),
        "TB1": ("OB", "agriculture", 1),
    }
    assert inputs.assign.grades == ["l0", "l1", "l2"]
    assert inputs.assign.rules.senior_grade == "l1"
    assert inputs.assign.rules.rotation_years == 3.0
    assert inputs.assign.avoidance == [("A1", "A3")]


def test_the_snapshot_round_trips_to_the_same_inputs(inputs):
    from planner.scenarios.adapter import SolverInputs

    again = SolverInputs.from_json(inputs.to_json())
    assert again.to_json() == inputs.to_json()


def test_the_pages_defaults_agree_with_the_adapters_inputs(db, small_bank, small_scenario):
    from planner.scenarios.adapter import attrition_defaults, pipeline_counts
    from planner.scenarios.bank import load_bank
    from planner.scenarios.services import bank_defaults

    bank = load_bank(db, TODAY)
    shown = bank_defaults(db, TODAY)
    assert shown.attrition == attrition_defaults(bank)
    assert (
        shown.pipeline
        == pipeline_counts(bank)
        == {
            "campus": 1,
            "experienced": 0,
            "counter_transfer": 0,
            "internal": 0,
            "referral": 0,
        }
    )
    assert shown.base_year == 2026
