"""Waiting for a run that a real queue consumer works on."""

from __future__ import annotations

import time

from flask import Flask

from planner.db import session_scope
from planner.runs.models import Run

# A guard against a hung consumer, not a performance limit: the small bank solves in a second or two.
GUARD_SECONDS = 180.0


def wait_until_final(app: Flask, run_id: int) -> Run:
    """Poll the database (fresh sessions) until the run has ended; return it detached."""
    deadline = time.monotonic() + GUARD_SECONDS
    while True:
        with session_scope(app.extensions["planner.sessions"]) as session:
            run = session.get(Run, run_id)
            assert run is not None
            if run.status.is_final:
                session.expunge(run)
                return run
        if time.monotonic() > deadline:
            raise AssertionError(f"run {run_id} did not end (status {run.status.value})")
        time.sleep(0.1)
