"""Peer groups of 末位淘汰 finer than a branch: each (unit, segment) group gives up its own lowest-ranked CMs.

A hand-built bank of plain records: one branch BX with one outlet OX, four retail and four agriculture CMs,
all of grade g0 and long in service, no candidates. Exits are exactly one per peer group a year.
"""

from __future__ import annotations

import datetime as dt

from planner.runs.pipeline import selection_for_first_year
from planner.scenarios.adapter import inputs_from_bank
from planner.scenarios.bank import BankData, BranchRecord
from planner.scenarios.parameters import default_parameters, validate_parameters
from solver.plan.solve import solve_plan
from solver.select.agreement import check_agreement
from solver.select.solve import select
from tests.planning.hand_built import manager

# (code, segment, performance): R4 is the worst retail CM, G3 the worst in agriculture; R3 (35) scores
# below G3 (40), so it would leave before G3 if the branch were one group.
SPECS = [
    ("R1", "retail", 90.0),
    ("R2", "retail", 80.0),
    ("R3", "retail", 35.0),
    ("R4", "retail", 30.0),
    ("G1", "agriculture", 85.0),
    ("G2", "agriculture", 75.0),
    ("G3", "agriculture", 40.0),
    ("G4", "agriculture", 60.0),
]


def hand_built_bank() -> BankData:
    return BankData(
        today=dt.date(2026, 11, 23),
        base_year=2026,
        grades=["g0", "g1"],
        branches=[BranchRecord(id=1, code="BX", x=0.0, y=0.0, total_staff={2026: 40})],
        outlets={"OX": ("BX", 0.0, 0.0)},
        managers=[
            manager(i, code, segment=segment, performance=score, age=35.0)
            for i, (code, segment, score) in enumerate(SPECS)
        ],
        exited_last_year={},
        territories=[],
        avoidance=[],
        candidates=[],
        written_weight=0.5,
        min_composite=60.0,
        rotation_years=3.0,
        attrition_setting=0.0,
        first_year_attrition_setting=0.0,
    )


def bank_parameters_for(peer_group: str) -> dict:
    raw = {
        **default_parameters(),
        "peer_group": peer_group,
        "exit_min": 1,
        "exit_max": 1,
        "years": 1,
        "target_kind": "count",
        "target_values": [6],
        "promotions_enabled": False,
        "exit_actions": {
            "retraining": {"allowed": True, "cost": 8000.0},
            "demotion": {"allowed": False, "cost": 3000.0},
            "back_office": {"allowed": False, "cost": 5000.0},
        },
        "time_limit": 10.0,
    }
    return validate_parameters(raw, ["g0", "g1"])


def _named_exits(peer_group: str):  # type: ignore[no-untyped-def]
    inputs = inputs_from_bank(hand_built_bank(), bank_parameters_for(peer_group))
    plan = solve_plan(inputs.plan, time_limit=10.0)
    problem = selection_for_first_year(inputs, plan)
    result = select(problem, time_limit=5.0, check=True)
    return problem, result


def test_unit_by_segment_exits_the_lowest_ranked_cm_of_each_unit_and_segment_group():
    problem, result = _named_exits("outlet_segment")
    exits = {e.manager: e for e in result.exits}
    # One exit per group, two groups in the branch: R4 (worst retail), G3 (worst agriculture); never R3,
    # although R3 scores below G3 and would go before it if the branch were one group.
    assert set(exits) == {"R4", "G3"}
    assert (exits["R4"].peer_group, exits["R4"].rank, exits["R4"].group_size) == ("OX × retail", 4, 4)
    assert (exits["G3"].peer_group, exits["G3"].rank, exits["G3"].group_size) == ("OX × agriculture", 4, 4)
    assert exits["G3"].reason.startswith("rank 4 of 4 in peer group OX × agriculture")
    assert check_agreement(problem, result) == []


def test_the_plan_exits_within_the_bounds_of_every_peer_group_a_branch_holds():
    inputs = inputs_from_bank(hand_built_bank(), bank_parameters_for("branch_segment"))
    assert inputs.plan.exit_policy is not None
    assert inputs.plan.exit_policy.groups_per_unit == {"BX": 2}
    assert {m.peer_group for m in inputs.selection.managers} == {"BX × retail", "BX × agriculture"}


def test_a_branch_peer_group_exits_its_lowest_ranked_cm_whatever_the_segment():
    _, result = _named_exits("branch")
    # One exit for the one group BX: the worst CM of the branch, ranked among all eight.
    assert [(e.manager, e.rank, e.group_size) for e in result.exits] == [("R4", 8, 8)]


def test_an_outlet_peer_group_ranks_cms_within_their_own_outlet():
    inputs = inputs_from_bank(hand_built_bank(), bank_parameters_for("outlet"))
    assert {m.peer_group for m in inputs.selection.managers} == {"OX"}
    assert inputs.plan.exit_policy is not None
    assert inputs.plan.exit_policy.groups_per_unit == {"BX": 1}
