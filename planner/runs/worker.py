"""The worker side of a run: take it, read the bank into its snapshot, solve it, report progress, store it.

``execute_run`` is the queued job. It works on its own short database sessions: one per progress report,
one per heartbeat (which also reads the cancel request), one to store the result, so the web pages see the
progress while the run goes on, and a cancel reaches the solver within a heartbeat.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.db import session_scope, utcnow
from planner.enums import RunStatus
from planner.errors import DomainError
from planner.messages import Message, message_to_json
from planner.runs.models import Run, RunProgress, RunSnapshot
from planner.runs.pipeline import Options, Outcome, agreement, run_stages
from planner.runs.services import build_snapshot
from planner.runs.store import store_outcome
from planner.scenarios.adapter import SolverInputs
from planner.scenarios.messages import N_

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
# Solver callbacks can come many times a second; one stored report per stage in this interval is enough.
PROGRESS_INTERVAL = 0.5


class DatabaseReporter:
    """Progress rows and stage changes written to the database; a heartbeat thread that reads cancel."""

    def __init__(self, factory: sessionmaker[Session], run_id: int) -> None:
        self.factory = factory
        self.run_id = run_id
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._beat = threading.Thread(target=self._heartbeat, name=f"run-{run_id}-heartbeat", daemon=True)

    @property
    def stop(self) -> threading.Event:
        """The event set when a cancel was requested."""
        return self._stop

    def start(self) -> None:
        """Start the heartbeat."""
        self._beat.start()

    def close(self) -> None:
        """Stop the heartbeat."""
        self._done.set()
        self._beat.join(timeout=10)

    def _heartbeat(self) -> None:
        while not self._done.wait(HEARTBEAT_SECONDS):
            try:
                with session_scope(self.factory) as session:
                    run = session.get(Run, self.run_id)
                    if run is None:
                        return
                    run.heartbeat_at = utcnow()
                    if run.cancel_requested and not self._stop.is_set():
                        log.info("run %d: cancel requested", self.run_id)
                        self._stop.set()
            except Exception:  # a missed heartbeat is retried at the next beat
                log.exception("run %d: heartbeat failed", self.run_id)

    def stage(self, name: str) -> None:
        """Record the stage the run is in; a cancel requested since the last heartbeat is seen here too."""
        with session_scope(self.factory) as session:
            run = session.get(Run, self.run_id)
            if run is not None:
                run.stage = name
                run.heartbeat_at = utcnow()
                if run.cancel_requested:
                    self._stop.set()

    def progress(
        self, stage: str, objective: float | None, bound: float | None, gap: float | None, message: str = ""
    ) -> None:
        """Store a progress report (one per stage per ``PROGRESS_INTERVAL``; final ones always)."""
        now = time.monotonic()
        with self._lock:
            if not message and now - self._last.get(stage, -1e9) < PROGRESS_INTERVAL:
                return
            self._last[stage] = now
        with session_scope(self.factory) as session:
            session.add(
                RunProgress(
                    run_id=self.run_id,
                    stage=stage,
                    objective=objective,
                    bound=bound,
                    gap=gap,
                    elapsed=round(now - self.started, 3),
                    message=message[:200],
                )
            )


def _take(factory: sessionmaker[Session], run_id: int) -> bool:
    """Move the run to running (stage ``snapshot`` while its inputs are to be read); False if not queued."""
    with session_scope(factory) as session:
        run = session.get(Run, run_id)
        if run is None or run.status is not RunStatus.QUEUED:
            return False
        run.move_to(RunStatus.RUNNING)
        run.started_at = run.heartbeat_at = utcnow()
        run.worker = f"{socket.gethostname()}:{os.getpid()}"[:120]
        if not _has_snapshot(session, run_id):
            run.stage = "snapshot"
        return True


def _has_snapshot(session: Session, run_id: int) -> bool:
    return session.scalar(select(RunSnapshot.run_id).where(RunSnapshot.run_id == run_id)) is not None


def _snapshot(factory: sessionmaker[Session], run_id: int) -> tuple[dict, float | None]:
    """Return the run's inputs, reading the bank into its snapshot first when it has none (and the seconds).

    A scenario that became invalid after the run was queued raises its ``DomainError`` (the run then fails
    with that message).
    """
    with session_scope(factory) as session:
        run = session.get(Run, run_id)
        assert run is not None
        if run.snapshot is not None:
            return dict(run.snapshot.inputs), None
        started = time.monotonic()
        snapshot = build_snapshot(session, run)
        return dict(snapshot.inputs), round(time.monotonic() - started, 3)


def execute_run(factory: sessionmaker[Session], run_id: int) -> None:
    """Read the bank into run ``run_id``'s snapshot (unless it has one), solve it and store the result.

    Failures end the run failed with the reason: a scenario that cannot be read with its translatable message.
    """
    if not _take(factory, run_id):
        log.info("run %d is not queued any more; nothing to do", run_id)
        return
    reporter = DatabaseReporter(factory, run_id)
    reporter.start()
    try:
        try:
            snapshot, snapshot_seconds = _snapshot(factory, run_id)
        except DomainError as error:
            log.info("run %d: its inputs could not be read: %s", run_id, error)
            message = N_("The run could not read its inputs: %(reason)s", reason=error.message)
            _fail(factory, run_id, str(message), message)
            return
        inputs = SolverInputs.from_json(snapshot)
        options = Options(**snapshot["options"])
        outcome = run_stages(inputs, options, reporter)
        if snapshot_seconds is not None:
            outcome.stage_seconds = {"snapshot": snapshot_seconds, **outcome.stage_seconds}
        reporter.stage("store")
        _finish(factory, run_id, inputs, outcome)
    except Exception as error:
        log.exception("run %d failed", run_id)
        _fail(
            factory,
            run_id,
            f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}",
            N_("The run failed with an unexpected error; the details below are for the administrator."),
        )
    finally:
        reporter.close()


def _finish(factory: sessionmaker[Session], run_id: int, inputs: SolverInputs, outcome: Outcome) -> None:
    started = time.monotonic()
    with session_scope(factory) as session:
        run = session.get(Run, run_id)
        assert run is not None
        counts = store_outcome(session, run, inputs, outcome)
        seconds = dict(outcome.stage_seconds)
        seconds["store"] = round(time.monotonic() - started, 3)
        plan = outcome.plan
        run.stage_seconds = seconds
        run.counts = counts
        run.objective, run.bound, run.gap = plan.objective, plan.best_bound, plan.gap
        if outcome.assignment is not None:
            a = outcome.assignment
            run.assign_objective, run.assign_bound, run.assign_gap = a.objective, a.bound, a.gap
        run.explanation = _explanation(outcome)
        run.conflict = list(plan.conflict) or (
            list(outcome.assignment.conflict) if outcome.assignment else []
        )
        if outcome.infeasible:
            run.outcome = "infeasible"
        elif plan.status not in ("optimal", "feasible"):
            run.outcome = "unsolved"
        else:
            run.outcome = "stopped" if outcome.stopped else "solved"
        run.move_to(RunStatus.CANCELLED if outcome.stopped else RunStatus.SUCCEEDED)
        run.stage = ""
        run.finished_at = run.heartbeat_at = utcnow()


def _explanation(outcome: Outcome) -> list[str]:
    lines = list(outcome.plan.explanation)
    if outcome.plan.message:
        lines.append(outcome.plan.message)
    lines += [f"named lists differ from the plan: {line}" for line in agreement(outcome)]
    if outcome.selection is not None:
        lines += [
            f"{s.kind} {s.unit} {s.grade}: plan {s.wanted}, named {s.filled} ({s.reason})"
            for s in outcome.selection.shortfalls
        ]
    if outcome.assignment is not None and outcome.assignment.conflict:
        lines.append("assignment rules in conflict: " + ", ".join(outcome.assignment.conflict))
    if outcome.stopped and outcome.plan.status in ("optimal", "feasible"):
        lines.append("stopped on request: the best result found so far is kept")
    return lines


def _fail(factory: sessionmaker[Session], run_id: int, reason: str, message: Message) -> None:
    with session_scope(factory) as session:
        run = session.get(Run, run_id)
        if run is not None and run.status.can_move_to(RunStatus.FAILED):
            run.move_to(RunStatus.FAILED)
            run.stage = ""
            run.failure_reason = reason[:4000]
            run.failure_message = message_to_json(message)
            run.finished_at = utcnow()
