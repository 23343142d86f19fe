"""The run job on the app's queue: enqueue a run, and the function a consumer calls to solve it."""

from __future__ import annotations

from flask import Flask

from planner.jobs.queue import job_queue, register_job
from planner.runs.models import Run
from planner.runs.worker import execute_run

RUN_JOB = "runs.execute"


def _run_job(app: Flask, run_id: int) -> None:
    execute_run(app.extensions["planner.sessions"], run_id)


def register(app: Flask) -> None:
    """Make the run job known to the app's queue."""
    register_job(app, RUN_JOB, _run_job)


def enqueue_run(app: Flask, run: Run, start_here: bool = True) -> str:
    """Queue ``run`` (already committed) for a worker; return the task id."""
    return job_queue(app).enqueue(RUN_JOB, {"run_id": run.id}, start_here=start_here)
