"""Run a scenario: queue a run, build its inputs' snapshot, cancel it, run it again, find dead runs.

Services take a ``Session`` and the acting user and raise domain errors; the worker side is in
``planner.runs.worker``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from importlib import metadata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.auth.models import User
from planner.db import utcnow
from planner.enums import RunStatus
from planner.errors import PermissionDenied, WrongState
from planner.messages import message_to_json
from planner.runs.models import Run, RunSnapshot
from planner.scenarios.adapter import build_inputs
from planner.scenarios.messages import N_
from planner.scenarios.models import Scenario
from planner.scenarios.parameters import validate_parameters
from planner.scenarios.permissions import can_run

SNAPSHOT_FORMAT = 1


class RunStateError(WrongState):
    """The run is not in a state that allows the operation."""


def content_hash(inputs: dict[str, Any]) -> str:
    """Return the SHA-256 of the inputs' canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def solver_versions() -> dict[str, str]:
    """Return the versions of the software that solves a run."""
    versions = {"snapshot_format": str(SNAPSHOT_FORMAT)}
    for package in ("ortools", "cm-staffing-planner"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _check_may_run(user: User | None, scenario: Scenario) -> None:
    if user is not None and not can_run(user, scenario):
        raise PermissionDenied(N_("You may not run this scenario."))


def create_run(session: Session, scenario: Scenario, user: User | None, today: date | None = None) -> Run:
    """Queue a run of ``scenario``; its worker reads the bank as of ``today`` into the input snapshot.

    Only the cheap checks happen here (permission, the parameters), so starting a run answers at once; reading
    the bank (a second or more on a large one) is the job's first step (``build_snapshot``).
    """
    _check_may_run(user, scenario)
    params = validate_parameters(scenario.parameters, _grade_codes(session))
    options = {
        "time_limit": params["time_limit"],
        "seed": params["seed"],
        "deterministic": params["deterministic"],
    }
    run = _new_run(session, scenario, user, options, rerun_of=None)
    run.as_of = today or date.today()
    session.flush()
    return run


def rerun(session: Session, run: Run, user: User | None) -> Run:
    """Queue a new run on the snapshot of ``run`` (the bank's data as it was then)."""
    _check_may_run(user, run.scenario)
    if run.snapshot is None:
        raise RunStateError(N_("This run has no snapshot to run again."))
    inputs = run.snapshot.inputs
    again = _new_run(session, run.scenario, user, inputs["options"], rerun_of=run)
    again.as_of = run.as_of
    again.snapshot = RunSnapshot(inputs=inputs, content_hash=run.snapshot.content_hash)
    session.flush()
    return again


def build_snapshot(session: Session, run: Run) -> RunSnapshot:
    """Read the bank into the run's solver inputs with their hash (the run's job does this before solving).

    A scenario made invalid since the run was queued raises its ``ParameterError``; the options are the run's.
    """
    validate_parameters(run.scenario.parameters, _grade_codes(session))
    inputs = build_inputs(session, run.scenario, run.as_of or run.created_at.date()).to_json()
    inputs["options"] = {"time_limit": run.time_limit, "seed": run.seed, "deterministic": run.deterministic}
    run.snapshot = RunSnapshot(inputs=inputs, content_hash=content_hash(inputs))
    session.flush()
    return run.snapshot


def _new_run(
    session: Session, scenario: Scenario, user: User | None, options: dict[str, Any], rerun_of: Run | None
) -> Run:
    run = Run(
        scenario=scenario,
        status=RunStatus.QUEUED,
        started_by_id=user.id if user else None,
        rerun_of_id=rerun_of.id if rerun_of else None,
        time_limit=float(options["time_limit"]),
        seed=int(options["seed"]),
        deterministic=bool(options["deterministic"]),
        solver_versions=solver_versions(),
        created_at=utcnow(),
    )
    session.add(run)
    session.flush()
    return run


def _grade_codes(session: Session) -> list[str]:
    from planner.people.models import Grade

    return list(session.scalars(select(Grade.code).order_by(Grade.rank)))


def request_cancel(session: Session, run: Run, user: User | None) -> Run:
    """Cancel a queued run at once; ask a running one to stop (it keeps the best result found)."""
    _check_may_run(user, run.scenario)
    if run.status is RunStatus.QUEUED:
        run.move_to(RunStatus.CANCELLED)
        run.finished_at = utcnow()
        run.outcome = ""
    elif run.status is RunStatus.RUNNING:
        run.cancel_requested = True
    else:
        raise RunStateError(N_("Only a queued or running run can be cancelled."))
    session.flush()
    return run


def sweep_dead_runs(session: Session, timeout: float, now: datetime | None = None) -> list[Run]:
    """Mark failed every running run whose heartbeat is older than ``timeout`` seconds (its worker died)."""
    now = now or utcnow()
    limit = now - timedelta(seconds=timeout)
    dead = []
    for run in session.scalars(select(Run).where(Run.status == RunStatus.RUNNING)):
        beat = run.heartbeat_at or run.started_at or run.created_at
        if beat.tzinfo is None:  # SQLite returns naive datetimes; they are stored in UTC
            beat = beat.replace(tzinfo=now.tzinfo)
        if beat < limit:
            run.move_to(RunStatus.FAILED)
            run.finished_at = now
            message = N_(
                "The worker stopped responding: no heartbeat since %(since)s (limit %(limit)s s). "
                "Start the run again.",
                since=beat.isoformat(timespec="seconds"),
                limit=f"{timeout:g}",
            )
            run.stage = ""
            run.failure_reason = str(message)
            run.failure_message = message_to_json(message)
            dead.append(run)
    session.flush()
    return dead
