"""Result-page benchmark: response times of a run's pages with a large demo run stored (10,000 CMs).

Loads the large demo bank (seed 1) into a fresh SQLite file (or ``--database PATH``, reused when it already
holds a finished run; or ``DATABASE_URL``), runs its baseline scenario in this process (adapter, the three
stages, result writing: as a worker does), signs in as ``viewer`` and times N requests per result page with
``time.perf_counter`` through the app's test client (no network). Varied pages, units, sorts and filters.
Prints p50/p95/max per page and writes ``bench/results/result_pages.json``. Target: p95 ≤ 300 ms.

    python bench/result_pages.py [--requests 100] [--size large] [--database /tmp/results.sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.pages import _sign_in, time_page  # noqa: E402
from planner import create_app, migrate  # noqa: E402
from planner.audit.recorder import act_as  # noqa: E402
from planner.config import Config, normalise_database_url  # noqa: E402
from planner.db import session_scope  # noqa: E402
from planner.demo.loader import load_demo  # noqa: E402
from planner.enums import RunStatus  # noqa: E402
from planner.people.models import Manager  # noqa: E402
from planner.runs.models import Run  # noqa: E402
from planner.runs.queries import unit_codes  # noqa: E402
from planner.runs.results import RunAssignment, RunExit, RunHire, RunMove, RunRejection  # noqa: E402
from planner.runs.services import create_run  # noqa: E402
from planner.runs.worker import execute_run  # noqa: E402
from planner.scenarios.services import ensure_baseline  # noqa: E402

TARGET_P95_MS = 300.0
WARM_UP = 5
TODAY = date(2026, 11, 23)
RESULTS = ROOT / "bench" / "results" / "result_pages.json"


def _stored_run(app, size: str) -> tuple[int, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Return a solved run of the baseline (made here unless the database has one) and the set-up times."""
    factory = app.extensions["planner.sessions"]
    solved = select(Run.id).where(Run.status == RunStatus.SUCCEEDED, Run.outcome == "solved")
    with factory() as session:
        existing = session.scalar(solved.order_by(Run.id))
        loaded = session.scalar(select(func.count()).select_from(Manager)) or 0
    if existing is not None:
        return existing, {}
    setup: dict[str, float] = {}
    started = time.perf_counter()
    with session_scope(factory) as session:
        if not loaded:
            print(load_demo(act_as(session, None), size=size, seed=1, today=TODAY))
            setup["load_s"] = round(time.perf_counter() - started, 1)
        run_id = create_run(session, ensure_baseline(session), None, TODAY).id
    started = time.perf_counter()
    execute_run(factory, run_id)
    setup["run_s"] = round(time.perf_counter() - started, 1)
    with factory() as session:
        run = session.get(Run, run_id)
        if run is None or run.outcome != "solved":
            raise SystemExit(f"the baseline run ended {run.outcome if run else '?'}: no results to time")
    return run_id, setup


def _url_makers(app, run_id: int, rng: random.Random) -> dict[str, Callable[[], str]]:  # type: ignore[no-untyped-def]
    """Return, per result page, a function giving the next URL (random pages, units, sorts, filters)."""
    with app.extensions["planner.sessions"]() as session:
        run = session.get(Run, run_id)
        units = unit_codes(session, run)

        def pages(model) -> int:  # type: ignore[no-untyped-def]
            count = session.scalar(select(func.count()).select_from(model).where(model.run_id == run_id)) or 0
            return max(1, -(-count // 50))

        last = {
            name: pages(model)
            for name, model in (
                ("hires", RunHire),
                ("rejections", RunRejection),
                ("exits", RunExit),
                ("people", RunAssignment),
                ("moves", RunMove),
            )
        }
    base = f"/runs/{run_id}"
    page = lambda kind: rng.randint(1, last[kind])  # noqa: E731
    return {
        "run overview (progress chart, binding goals)": lambda: base,
        "progress partial (htmx poll)": lambda: f"{base}/progress",
        "plan, bank-wide (charts)": lambda: f"{base}/plan",
        "plan, one unit (drill-down)": lambda: f"{base}/plan?unit={rng.choice(units)}",
        "hires, sorted by score": lambda: f"{base}/decisions/hires?sort=-score&page={page('hires')}",
        "rejections, any page": lambda: f"{base}/decisions/rejections?page={page('rejections')}",
        "rejections, by gate, sorted": lambda: (
            f"{base}/decisions/rejections?stage=ranking&sort=candidate_ref"
        ),
        "exits, one unit": lambda: f"{base}/decisions/exits?unit={rng.choice(units)}",
        "exits, sorted by score, any page": lambda: f"{base}/decisions/exits?sort=score&page={page('exits')}",
        "promotions": lambda: f"{base}/decisions/promotions",
        "territories + map": lambda: f"{base}/assignment/territories",
        "assignments, any page": lambda: f"{base}/assignment/people?page={page('people')}",
        "moves, any page": lambda: f"{base}/assignment/moves?page={page('moves')}",
    }


def run(requests: int, size: str, database: str | None) -> dict:
    """Store a run of the demo baseline (or reuse one), time its pages and return the results."""
    if database:
        url = f"sqlite:///{Path(database).resolve()}"
    else:
        workdir = tempfile.mkdtemp(prefix="planner-bench-")
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite"
    url = normalise_database_url(url)
    migrate.upgrade(url)
    app = create_app(Config(database_url=url, secret_key="bench", testing=True))
    run_id, setup = _stored_run(app, size)
    with app.extensions["planner.sessions"]() as session:
        run = session.get(Run, run_id)
        counts = dict(run.counts or {}) if run else {}
    client = app.test_client()
    _sign_in(client, "viewer", "demo-viewer")
    rng = random.Random(1)
    pages = {
        label: time_page(client, make, requests, TARGET_P95_MS)
        for label, make in _url_makers(app, run_id, rng).items()
    }
    return {
        "size": size,
        "database": url.split(":", 1)[0],
        "python": platform.python_version(),
        "setup": setup,
        "run_counts": counts,
        "target_p95_ms": TARGET_P95_MS,
        "pages": pages,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--database", help="a SQLite file to keep (reused when it holds a finished run)")
    args = parser.parse_args(argv)
    result = run(args.requests, args.size, args.database)
    print(f"\n{result['size']} demo run on {result['database']}: {result['setup']}")
    print(f"counts: {result['run_counts']}")
    print(f"{'page':<46} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target p95 ≤ {TARGET_P95_MS:.0f} ms")
    for label, row in result["pages"].items():
        verdict = "ok" if row["meets_target"] else "SLOW"
        print(f"{label:<46} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['max_ms']:>8.1f}  {verdict}")
        if row["non_200"]:
            print(f"  warning: {row['non_200']} responses were not HTTP 200")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
