"""Named hires agree with the plan's counts even when candidates apply to several branches (the repair pass).

A hand-built bank of plain records: branches BA and BB each have one CM and a territory needing three, so
each wants two hires in the one plan year; two candidates (K1, K2, experienced channel, no lead time)
applied to both branches. Counted once per branch they applied to, they are four applicants; they are two
people, so the plan may ask for two hires in BA and BB together and the named lists must name exactly those.
A third branch BC needs no hire; its own candidate K3 applied only there, which lifts the channel's
pipeline to three without giving BA or BB a third person to hire.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from planner.enums import ManagerStatus
from planner.runs.pipeline import Options, agreement, run_stages
from planner.scenarios.adapter import inputs_from_bank
from planner.scenarios.bank import BankData, BranchRecord
from planner.scenarios.parameters import validate_parameters
from solver.plan.solve import solve_plan
from tests.planning.hand_built import GRADES, Quiet, candidate, manager, one_year_parameters, territory


def bank(with_third_branch: bool) -> BankData:
    branches = ["BA", "BB", "BC"] if with_third_branch else ["BA", "BB"]
    candidates = [
        candidate(1, "K1", written=85.0, preferences=["BA", "BB"]),
        candidate(2, "K2", written=80.0, preferences=["BA", "BB"]),
    ]
    if with_third_branch:
        candidates.append(candidate(3, "K3", written=75.0, preferences=["BC"]))
    return BankData(
        today=dt.date(2026, 11, 23),
        base_year=2026,
        grades=GRADES,
        branches=[
            BranchRecord(id=i, code=b, x=0.0, y=0.0, total_staff={2026: 40}) for i, b in enumerate(branches)
        ],
        outlets={f"O{b[-1]}": (b, 0.0, 0.0) for b in branches},
        managers=[manager(i, f"M{b[-1]}", branch=b, outlet=f"O{b[-1]}") for i, b in enumerate(branches)],
        exited_last_year={},
        # BA and BB need three CMs each (one in post: two hires each); BC needs its one CM.
        territories=[territory(i, f"T{b[-1]}", b, 1 if b == "BC" else 3) for i, b in enumerate(branches)],
        avoidance=[],
        candidates=candidates,
        written_weight=0.5,
        min_composite=60.0,
        rotation_years=3.0,
        attrition_setting=0.0,
        first_year_attrition_setting=0.0,
    )


def _first_year_hires(plan) -> Counter[str]:  # type: ignore[no-untyped-def]
    hires: Counter[str] = Counter()
    for row in plan.flows:
        if row.year == 1:
            hires[row.unit] += round(sum(row.hires.values()))
    return hires


def test_two_candidates_applying_to_two_branches_that_want_two_each_give_two_named_hires():
    inputs = inputs_from_bank(bank(with_third_branch=False), one_year_parameters())
    # Each branch alone could take both candidates: its own cap is two.
    assert {c.name: c.unit_caps for c in inputs.plan.channels}["experienced"] == {"BA": 2.0, "BB": 2.0}

    outcome = run_stages(inputs, Options(time_limit=20.0), Quiet())

    assert sum(_first_year_hires(outcome.plan).values()) == 2
    assert outcome.selection is not None
    assert sorted(h.candidate for h in outcome.selection.hires) == ["K1", "K2"]
    assert agreement(outcome) == []


def test_the_repair_pass_caps_what_the_named_lists_cannot_fill_and_the_lists_then_agree():
    inputs = inputs_from_bank(bank(with_third_branch=True), one_year_parameters())
    # Without the repair the plan asks BA and BB for three hires (the pipeline is three, each branch's cap
    # two): one more than the two people who applied there.
    unrepaired = _first_year_hires(solve_plan(inputs.plan, time_limit=10.0))
    assert unrepaired["BA"] + unrepaired["BB"] == 3

    outcome = run_stages(inputs, Options(time_limit=20.0), Quiet())

    hires = _first_year_hires(outcome.plan)
    assert hires["BA"] + hires["BB"] == 2
    assert hires["BC"] == 0
    assert outcome.repairs >= 1
    assert "capped at what the named lists can fill" in outcome.plan.message
    assert outcome.selection is not None
    assert sorted(h.candidate for h in outcome.selection.hires) == ["K1", "K2"]
    assert agreement(outcome) == []


def test_a_capped_plan_without_a_solution_is_not_taken_and_the_difference_stays_explained():
    # One branch whose two CMs are both on leave (protected from exit), an exit minimum of one and
    # retraining the only exit action: the plan must exit one CM, nobody can be named, and the plan capped at
    # no exit has no solution. The first plan stands with its difference.
    data = bank(with_third_branch=False)
    data.branches = data.branches[:1]
    data.outlets = {"OA": ("BA", 0.0, 0.0)}
    data.territories = [territory(1, "TA", "BA", 2)]
    data.candidates = []
    data.managers = [
        manager(i, code, branch="BA", outlet="OA", status=ManagerStatus.LEAVE)
        for i, code in enumerate(("MA", "MB"))
    ]
    params = one_year_parameters()
    params.update(exit_min=1, exit_max=1)
    for action in ("demotion", "back_office"):
        params["exit_actions"][action]["allowed"] = False
    inputs = inputs_from_bank(data, validate_parameters(params, GRADES))

    reporter = Quiet()
    outcome = run_stages(inputs, Options(time_limit=20.0), reporter)

    # The repair pass tried once (the capped plan has no solution) and kept the first plan.
    assert [m for m in reporter.messages if m.startswith("repair")] == ["repair 1: 6 caps"]
    assert outcome.plan.status in ("optimal", "feasible") and outcome.repairs == 0
    assert "capped" not in outcome.plan.message
    assert agreement(outcome) == ["exit BA g0 retraining: plan 1, named 0"]
