"""Benchmark of the planning loop (``make bench``): the demo baseline from "run" to stored results.

For each size (small: ≈1,000 CMs, 400 territories, 600 candidates; large: 10,000 CMs, 2,000 territories,
5,000 candidates; 3 plan years) the demo bank is loaded into a fresh SQLite file (or the database named by
``DATABASE_URL``), then a worker process reads the bank and snapshots the inputs (the adapter), solves the
three stages and writes the result rows, exactly as a queued run does. Printed: the adapter's time, each
stage's time (with the repair pass: plans solved again until the named lists agree with the plan's counts,
how many in ``counts["repairs"]``), the result-writing time, the end-to-end time and the worker's peak memory
(its maximum resident set). Goals: small ≤ 15 s, large ≤ 60 s and ≤ 2 GB. Results go to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

# Run against the checkout this file is in, even when another checkout is installed in the environment.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RESULTS = Path(__file__).resolve().parent / "results"
TODAY = date(2026, 11, 23)
GOALS = {"small": (15.0, None), "large": (60.0, 2048.0)}


def _prepare(url: str, size: str) -> int:
    """Migrate the database, load the demo bank and its baseline; return the baseline's id."""
    from planner import create_app, migrate
    from planner.config import Config
    from planner.db import session_scope
    from planner.demo.loader import load_demo
    from planner.scenarios.services import ensure_baseline

    migrate.upgrade(url)
    app = create_app(Config(database_url=url, secret_key="bench-run-loop"))
    with session_scope(app.extensions["planner.sessions"]) as session:
        load_demo(session, size=size, seed=1, today=TODAY)
        scenario_id = ensure_baseline(session).id
    app.extensions["planner.engine"].dispose()
    return scenario_id


def _worker(url: str, scenario_id: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """In a fresh process: queue a run, execute it (the adapter's snapshot first), report the times."""
    from planner import create_app
    from planner.config import Config
    from planner.db import session_scope
    from planner.runs.models import Run
    from planner.runs.services import create_run
    from planner.runs.worker import execute_run
    from planner.scenarios.models import Scenario

    app = create_app(Config(database_url=url, secret_key="bench-run-loop"))
    factory = app.extensions["planner.sessions"]
    started = time.perf_counter()
    with session_scope(factory) as session:
        run_id = create_run(session, session.get(Scenario, scenario_id), None, TODAY).id
    execute_run(factory, run_id)
    total = time.perf_counter() - started
    with session_scope(factory) as session:
        run = session.get(Run, run_id)
        assert run is not None
        queue.put(
            {
                "status": run.status.value,
                "outcome": run.outcome,
                "failure": run.failure_reason,
                "adapter": run.stage_seconds.get("snapshot", 0.0),
                "stages": dict(run.stage_seconds),
                "total": round(total, 3),
                "counts": dict(run.counts),
                "plan_gap": run.gap,
                "assign_gap": run.assign_gap,
            }
        )


def bench(size: str, url: str | None) -> dict[str, Any]:
    """Load the demo bank of ``size`` and time one run of its baseline in a worker process."""
    with tempfile.TemporaryDirectory() as tmp:
        url = url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        loaded = time.perf_counter()
        scenario_id = _prepare(url, size)
        load_seconds = time.perf_counter() - loaded
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        process = context.Process(target=_worker, args=(url, scenario_id, queue))
        process.start()
        report = queue.get()
        process.join()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report.update(size=size, demo_load=round(load_seconds, 1), worker_peak_mb=round(peak_mb))
    return report


def main() -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "large", "both"], default="both")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if url:
        from planner.config import normalise_database_url

        url = normalise_database_url(url)
    sizes = ["small", "large"] if args.size == "both" else [args.size]
    reports = []
    print(
        f"{'size':<6} {'adapter':>8} {'plan':>7} {'select':>7} {'repair':>7} {'assign':>7} {'store':>7} "
        f"{'total':>7} {'goal':>6} {'peak MB':>8}  counts"
    )
    for size in sizes:
        r = bench(size, url)
        reports.append(r)
        s = r["stages"]
        goal_s, goal_mb = GOALS[size]
        print(
            f"{size:<6} {r['adapter']:>8.2f} {s.get('plan', 0):>7.2f} {s.get('select', 0):>7.2f} "
            f"{s.get('repair', 0):>7.2f} {s.get('assign', 0):>7.2f} {s.get('store', 0):>7.2f} "
            f"{r['total']:>7.2f} {goal_s:>6.0f} "
            f"{r['worker_peak_mb']:>8}  {r['status']}/{r['outcome']} {r['counts']}"
        )
        if r["failure"]:
            print(r["failure"])
        ok = r["total"] <= goal_s and (goal_mb is None or r["worker_peak_mb"] <= goal_mb)
        print(
            f"       goal {'met' if ok else 'MISSED'} (demo bank loaded in {r['demo_load']} s, not counted)"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"run_loop-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(reports, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
