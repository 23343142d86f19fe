"""Command line of the planning loop: ``flask --app planner scenario list|run`` and ``worker``.

Exit codes of ``scenario run --wait``: 0 solved, 2 infeasible (the explanation is printed), 1 on any error.
"""

from __future__ import annotations

import json
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.db import session_scope
from planner.errors import DomainError
from planner.jobs.queue import job_queue, lower_thread_priority
from planner.runs.jobs import enqueue_run
from planner.runs.models import Run, RunProgress
from planner.runs.services import create_run, sweep_dead_runs
from planner.runs.summary import run_summary
from planner.scenarios.models import Scenario

scenario_cli = AppGroup("scenario", help="List and run planning scenarios.")
POLL_SECONDS = 0.5


def _sessions() -> sessionmaker[Session]:
    return current_app.extensions["planner.sessions"]


@scenario_cli.command("list")
def list_scenarios() -> None:
    """Print one line per scenario: id, baseline mark, name, owner, last run status."""
    with session_scope(_sessions()) as session:
        for scenario in session.scalars(select(Scenario).order_by(Scenario.id)):
            last = session.scalar(
                select(Run).where(Run.scenario_id == scenario.id).order_by(Run.id.desc()).limit(1)
            )
            owner = scenario.owner.username if scenario.owner else "-"
            status = f"run {last.id} {last.status.value}" if last else "never run"
            mark = "*" if scenario.is_baseline else " "
            click.echo(f"{scenario.id}\t{mark}\t{scenario.name}\t{owner}\t{status}")


@scenario_cli.command("run")
@click.argument("scenario_id", type=int)
@click.option("--wait", is_flag=True, help="Wait for the run to end, showing progress on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout (implies --wait).")
def run_scenario(scenario_id: int, wait: bool, as_json: bool) -> None:
    """Queue a run of SCENARIO_ID; with --wait follow it to the end (exit 0 solved, 2 infeasible, 1 error)."""
    factory = _sessions()
    try:
        with session_scope(factory) as session:
            scenario = session.get(Scenario, scenario_id)
            if scenario is None:
                raise click.ClickException(f"no scenario {scenario_id}")
            run_id = create_run(session, scenario, None).id
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    with session_scope(factory) as session:
        run = session.get(Run, run_id)
        assert run is not None
        follow = wait or as_json
        # Without --wait this process ends at once: the app's (or a worker's) consumer takes the run.
        enqueue_run(current_app._get_current_object(), run, start_here=follow)  # type: ignore[attr-defined]
    click.echo(f"run {run_id} queued", err=True)
    if not follow:
        return
    summary = _follow(run_id)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    for line in summary["explanation"]:
        click.echo(line, err=True)
    sys.exit(_exit_code(summary))


def _follow(run_id: int) -> dict:
    """Print progress rows to stderr until the run ends; return its summary."""
    factory = _sessions()
    config = current_app.extensions["planner.config"]
    seen = 0
    while True:
        with session_scope(factory) as session:
            sweep_dead_runs(session, config.heartbeat_timeout)
            rows = session.scalars(
                select(RunProgress)
                .where(RunProgress.run_id == run_id, RunProgress.id > seen)
                .order_by(RunProgress.id)
            ).all()
            for p in rows:
                seen = p.id
                click.echo(
                    f"[{p.elapsed:7.2f}s] {p.stage:<7} objective {_fmt(p.objective)} bound {_fmt(p.bound)} "
                    f"gap {_fmt(p.gap)} {p.message}",
                    err=True,
                )
            run = session.get(Run, run_id)
            assert run is not None
            if run.status.is_final:
                return run_summary(session, run)
        time.sleep(POLL_SECONDS)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def _exit_code(summary: dict) -> int:
    if summary["status"] == "succeeded" and summary["outcome"] == "solved":
        return 0
    if summary["outcome"] == "infeasible":
        return 2
    return 1


@click.command("worker")
@click.option("--workers", type=int, default=1, show_default=True, help="Jobs run at the same time.")
def worker_command(workers: int) -> None:
    """Run a queue consumer: solver runs and other background jobs (use with REDIS_URL to scale out)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.extensions["planner.config"]
    with session_scope(_sessions()) as session:
        for run in sweep_dead_runs(session, config.heartbeat_timeout):
            click.echo(f"run {run.id} marked failed: its worker had died", err=True)
    where = "Redis" if config.redis_url else str(config.queue_path)
    # Before the consumer starts its threads, so they inherit it: web pages on the same machine come first.
    nice = lower_thread_priority(config.job_nice)
    at = f" at nice {nice}" if nice is not None else ""
    click.echo(f"worker on queue {config.queue_name!r} ({where}) with {workers} thread(s){at}", err=True)
    job_queue(app).consumer(workers).run()
