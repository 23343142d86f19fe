"""A run's lifecycle on a real Huey consumer: queued → running → succeeded, cancel, dead worker, again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from planner.db import utcnow
from planner.enums import RunStatus
from planner.runs.jobs import enqueue_run
from planner.runs.models import InvalidTransition, Run, RunProgress
from planner.runs.results import RunAssignment, RunExit, RunHire, RunPlanCell
from planner.runs.services import (
    RunStateError,
    build_snapshot,
    content_hash,
    create_run,
    request_cancel,
    rerun,
    sweep_dead_runs,
)
from planner.runs.worker import execute_run
from planner.scenarios.adapter import build_inputs
from planner.scenarios.services import update_scenario
from tests.planning.bank import TODAY
from tests.planning.waiting import wait_until_final


def _count(db, model, run_id: int) -> int:  # type: ignore[no-untyped-def]
    return db.scalar(select(func.count()).select_from(model).where(model.run_id == run_id))


def test_a_run_goes_from_queued_to_succeeded_on_the_consumer_with_its_results_stored(
    app, db, consumer, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    assert run.status is RunStatus.QUEUED
    enqueue_run(app, run)

    done = wait_until_final(app, run.id)

    assert (done.status, done.outcome) == (RunStatus.SUCCEEDED, "solved")
    assert done.started_at is not None and done.finished_at is not None and done.heartbeat_at is not None
    # The worker read the bank into the snapshot first (the start only queued the run).
    assert set(done.stage_seconds) == {"snapshot", "plan", "select", "assign", "store"}
    # 2 branches × 3 grades × 3 years of plan cells; each working CM or hire placed or listed unplaced.
    assert _count(db, RunPlanCell, run.id) == 18
    assert _count(db, RunAssignment, run.id) == 5 - done.counts["exits"] + done.counts["hires"]
    stages = set(db.scalars(select(RunProgress.stage).where(RunProgress.run_id == run.id)))
    assert stages == {"plan", "select", "assign"}


def test_starting_a_run_only_queues_it_and_its_worker_reads_the_exact_inputs_with_their_hash(
    app, db, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    assert run.snapshot is None and run.status is RunStatus.QUEUED and run.as_of == TODAY

    execute_run(app.extensions["planner.sessions"], run.id)

    db.expire_all()
    done = db.get(Run, run.id)
    assert done.status is RunStatus.SUCCEEDED and done.snapshot is not None
    # The inputs are those the adapter reads from the bank as of the run's day, with the run's options.
    expected = build_inputs(db, small_scenario, TODAY).to_json()
    expected["options"] = {"time_limit": 20.0, "seed": 0, "deterministic": True}
    assert done.snapshot.inputs == expected
    assert done.snapshot.content_hash == content_hash(expected)
    assert [m["id"] for m in done.snapshot.inputs["assign"]["managers"]] == ["A1", "A2", "A3", "B1", "B2"]


def test_the_snapshot_hash_is_stable_while_the_bank_stays_and_changes_with_it(
    app, db, small_bank, small_scenario
):
    factory = app.extensions["planner.sessions"]
    runs = [create_run(db, small_scenario, small_bank.planner_user, TODAY) for _ in range(2)]
    db.commit()
    for run in runs:
        execute_run(factory, run.id)
    small_bank.managers["A3"].grade = small_bank.grades["l2"]
    later = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    execute_run(factory, later.id)

    db.expire_all()
    first, second, changed = (db.get(Run, r.id).snapshot.content_hash for r in (*runs, later))
    assert first == second
    assert changed != first


def test_a_scenario_made_invalid_after_queueing_fails_the_run_with_a_translated_reason(
    app, db, admin_client, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    # Edited behind the form's back (an import, another process): the worker finds it unreadable.
    small_scenario.parameters = {**small_scenario.parameters, "exit_min": 4, "exit_max": 1}
    db.commit()

    execute_run(app.extensions["planner.sessions"], run.id)

    db.expire_all()
    failed = db.get(Run, run.id)
    assert failed.status is RunStatus.FAILED and failed.snapshot is None and failed.stage == ""
    assert failed.failure_reason == (
        "The run could not read its inputs: The maximum cannot be below the minimum."
    )
    assert _count(db, RunPlanCell, run.id) == 0
    page = admin_client.get(f"/runs/{run.id}")  # an admin may run any scenario
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "运行无法读取其输入数据：最大值不能小于最小值。" in html  # the default language: Chinese
    assert 'id="run-failure-details"' not in html  # the message says it all
    assert 'id="run-again"' not in html and 'id="cancel-run"' not in html  # ended, nothing to run again
    with pytest.raises(RunStateError):
        rerun(db, failed, small_bank.planner_user)


def test_the_run_page_says_the_bank_is_being_read_while_the_snapshot_is_built(
    db, admin_client, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    run.move_to(RunStatus.RUNNING)
    run.stage = "snapshot"
    run.heartbeat_at = utcnow()
    db.commit()

    page = admin_client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert "正在把本行数据读入本次运行的输入" in page and 'id="cancel-run"' in page
    partial = admin_client.get(f"/runs/{run.id}/progress?live=1")
    assert "正在读取本行数据；随后开始求解。" in partial.get_data(as_text=True)
    assert "HX-Refresh" not in partial.headers  # still going: the page keeps polling


def test_an_infeasible_scenario_is_a_finished_run_with_its_explanation(
    app, db, consumer, small_bank, small_scenario
):
    # Three exits a year from branch BB, which has one unprotected CM: no plan can do it.
    params = {**small_scenario.parameters, "exit_min": 3, "exit_max": 5}
    update_scenario(db, small_scenario, small_bank.planner_user, "too many exits", params)
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    enqueue_run(app, run)

    done = wait_until_final(app, run.id)

    assert (done.status, done.outcome) == (RunStatus.SUCCEEDED, "infeasible")
    assert any(name.startswith("exit_minimum") for name in done.conflict)
    assert done.explanation and "No plan meets these goals together" in done.explanation[0]


def test_cancelling_a_queued_run_ends_it_and_the_worker_leaves_it_alone(app, db, small_bank, small_scenario):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    request_cancel(db, run, small_bank.planner_user)
    db.commit()

    execute_run(app.extensions["planner.sessions"], run.id)

    db.expire_all()
    assert db.get(Run, run.id).status is RunStatus.CANCELLED
    assert _count(db, RunPlanCell, run.id) == 0


def test_a_cancel_reaching_a_run_as_its_plan_starts_ends_it_cancelled_without_a_plan(
    app, db, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    # The cancel request arrives as the worker takes the run: the plan stage stops before its first part
    # (a plan found before a stop is kept: tests/planning/test_plan_control.py), nothing after it runs.
    run.cancel_requested = True
    db.commit()

    execute_run(app.extensions["planner.sessions"], run.id)

    db.expire_all()
    done = db.get(Run, run.id)
    assert (done.status, done.outcome) == (RunStatus.CANCELLED, "unsolved")
    assert _count(db, RunPlanCell, run.id) == 0
    assert _count(db, RunExit, run.id) == 0 and _count(db, RunAssignment, run.id) == 0
    assert "stopped on request before a plan was found" in done.explanation


def test_a_run_whose_worker_died_is_marked_failed_and_can_be_started_again(
    app, db, consumer, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    run.move_to(RunStatus.RUNNING)
    build_snapshot(db, run)  # the worker had read the bank before it died
    run.started_at = run.heartbeat_at = utcnow() - timedelta(minutes=10)
    db.commit()

    dead = sweep_dead_runs(db, timeout=120)
    db.commit()

    assert [r.id for r in dead] == [run.id]
    assert run.status is RunStatus.FAILED
    assert "no heartbeat since" in run.failure_reason
    assert run.failure is not None and run.failure.template.startswith("The worker stopped responding")
    again = rerun(db, run, small_bank.planner_user)
    db.commit()
    enqueue_run(app, again)
    done = wait_until_final(app, again.id)
    assert (done.status, done.rerun_of_id) == (RunStatus.SUCCEEDED, run.id)


def test_a_live_heartbeat_keeps_a_running_run_alive(db, small_bank, small_scenario):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    run.move_to(RunStatus.RUNNING)
    run.heartbeat_at = utcnow() - timedelta(seconds=30)
    db.commit()
    assert sweep_dead_runs(db, timeout=120) == []
    assert run.status is RunStatus.RUNNING


def test_a_finished_run_cannot_go_back_to_running(db, small_bank, small_scenario):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    request_cancel(db, run, small_bank.planner_user)
    with pytest.raises(InvalidTransition):
        run.move_to(RunStatus.RUNNING)


def test_running_again_in_deterministic_mode_gives_the_same_result(
    app, db, consumer, small_bank, small_scenario
):
    first = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    enqueue_run(app, first)
    wait_until_final(app, first.id)
    # The bank changes after the first run; running again uses the snapshot, not today's data.
    small_bank.managers["A3"].grade = small_bank.grades["l2"]
    db.commit()
    second = rerun(db, db.get(Run, first.id), small_bank.planner_user)
    db.commit()
    enqueue_run(app, second)
    wait_until_final(app, second.id)

    def rows(model, run_id):  # type: ignore[no-untyped-def]
        columns = [c for c in model.__table__.columns if c.name not in ("id", "run_id")]
        return sorted(tuple(r) for r in db.execute(select(*columns).where(model.run_id == run_id)))

    for model in (RunPlanCell, RunExit, RunHire, RunAssignment):
        assert rows(model, first.id) == rows(model, second.id)
    assert db.get(Run, first.id).snapshot.content_hash == db.get(Run, second.id).snapshot.content_hash


def test_stored_results_cannot_be_changed(app, db, small_bank, small_scenario):
    from planner.runs.results import ImmutableResult

    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    execute_run(app.extensions["planner.sessions"], run.id)
    cell = db.scalars(select(RunPlanCell).where(RunPlanCell.run_id == run.id)).first()
    cell.closing += 1
    with pytest.raises(ImmutableResult):
        db.flush()
    db.rollback()


def test_an_unexpected_solver_error_fails_the_run_with_a_translated_sentence_and_the_details(
    app, db, admin_client, small_bank, small_scenario, monkeypatch
):
    from planner.runs import worker

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("the solver broke")

    monkeypatch.setattr(worker, "run_stages", broken)
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()

    execute_run(app.extensions["planner.sessions"], run.id)

    db.expire_all()
    failed = db.get(Run, run.id)
    assert failed.status is RunStatus.FAILED
    assert failed.snapshot is not None  # the bank was read; the solve failed
    assert failed.failure_reason.startswith("ValueError: the solver broke")
    html = admin_client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert "运行因意外错误而失败；以下详情供管理员查看。" in html
    assert 'id="run-failure-details"' in html and "ValueError: the solver broke" in html
    assert 'id="run-again"' in html  # its snapshot can be solved again
