"""The plan stage reports its steps as progress and stops at the next part when a cancel arrives.

The small bank's plan is coupled by bank-wide rows and has two parts (branches BA and BB): it is solved as
a plan by LP shares, part by part in this process, then as one whole model that the plan by shares must
beat. So its steps are "parts 1 of 2", "parts 2 of 2", "whole 0 of 1", "whole 1 of 1".
"""

from __future__ import annotations

import threading

from sqlalchemy import select

from planner.enums import RunStatus
from planner.runs.jobs import enqueue_run
from planner.runs.models import RunProgress
from planner.runs.pipeline import Options, run_stages
from planner.runs.services import create_run
from planner.scenarios.adapter import build_inputs, inputs_from_bank
from solver.plan.control import PlanControl
from solver.plan.solve import solve_plan
from tests.planning.bank import TODAY
from tests.planning.test_peer_groups import bank_parameters_for, hand_built_bank
from tests.planning.waiting import wait_until_final


class StopAt:
    """A reporter that keeps every progress message and asks to stop when it sees ``stop_on``."""

    def __init__(self, stop_on: str) -> None:
        self.stop_on = stop_on
        self.messages: list[tuple[str, str]] = []
        self._stop = threading.Event()

    @property
    def stop(self) -> threading.Event:
        return self._stop

    def stage(self, name: str) -> None:
        self.messages.append((name, "stage"))

    def progress(self, stage, objective, bound, gap, message=""):  # type: ignore[no-untyped-def]
        self.messages.append((stage, message))
        if message == self.stop_on:
            self._stop.set()


def test_the_plan_stage_stores_its_parts_and_the_whole_model_as_progress_rows(
    app, db, consumer, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    enqueue_run(app, run)

    done = wait_until_final(app, run.id)

    assert done.status is RunStatus.SUCCEEDED
    rows = db.scalars(
        select(RunProgress.message)
        .where(RunProgress.run_id == run.id, RunProgress.stage == "plan")
        .order_by(RunProgress.id)
    ).all()
    assert rows[:4] == ["parts 1 of 2", "parts 2 of 2", "whole 0 of 1", "whole 1 of 1"]


def test_a_stop_after_the_first_part_ends_the_plan_stage_without_a_plan_and_starts_nothing_after(
    db, small_scenario
):
    reporter = StopAt("parts 1 of 2")

    outcome = run_stages(build_inputs(db, small_scenario, TODAY), Options(time_limit=20.0), reporter)

    assert outcome.stopped
    assert outcome.plan.status == "stopped" and outcome.plan.flows == []
    assert "before a plan was found" in outcome.plan.message
    assert outcome.selection is None and outcome.assignment is None
    # The second part was never solved, so neither it nor the whole model reported.
    assert ("plan", "parts 2 of 2") not in reporter.messages


def test_a_stop_once_the_plan_by_shares_exists_keeps_that_plan_marked_and_skips_the_whole_model(
    db, small_scenario
):
    reporter = StopAt("parts 2 of 2")

    outcome = run_stages(build_inputs(db, small_scenario, TODAY), Options(time_limit=20.0), reporter)

    assert outcome.stopped
    assert outcome.plan.status in ("optimal", "feasible") and outcome.plan.flows
    assert "stopped on request: this plan stands" in outcome.plan.message
    assert ("plan", "whole 0 of 1") not in reporter.messages
    assert outcome.selection is None and outcome.assignment is None


def test_a_stop_between_lexicographic_levels_keeps_the_plan_optimal_for_the_levels_solved():
    # The peer-group bank of one branch: one part, so the plan is one whole model. A target of 12 CMs with
    # 8 and no candidates leaves a shortfall, so the shortfall level and the cost level are two solves.
    params = {**bank_parameters_for("branch"), "objective_mode": "lexicographic", "target_values": [12.0]}
    problem = inputs_from_bank(hand_built_bank(), params).plan
    asked = threading.Event()

    def on_step(what: str, done: int, total: int) -> None:
        if (what, done) == ("whole", 0):
            asked.set()

    full = solve_plan(problem, time_limit=10.0)
    cut = solve_plan(problem, time_limit=10.0, control=PlanControl(on_step=on_step, should_stop=asked.is_set))

    assert [level.term for level in full.levels] == ["shortfall", "cost"]
    assert [level.term for level in cut.levels] == ["shortfall"]
    assert cut.levels[0].value == full.levels[0].value
    assert cut.status == "feasible" and cut.flows
    assert "stopped on request: this plan stands" in cut.message
