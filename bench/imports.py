"""Import/export benchmark: preview and commit of N CMs from an XLSX workbook, and the export of N CMs.

Creates a fresh SQLite database in a temporary directory (or uses ``DATABASE_URL``), loads a demo bank with
N CMs (200 branches, 1,000 outlets, 2,000 territories at full size), exports its CMs to XLSX, deletes them,
then previews and commits that workbook (N creates). Each timed step runs in its own process, so its peak
memory (VmHWM, the resident high-water mark) is its own; the baseline is the resident size before the step.
Targets at 10,000 CMs: preview ≤ 15 s, commit ≤ 15 s, export ≤ 10 s. Writes ``bench/results/imports.json``.

    python bench/imports.py [--cms 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete  # noqa: E402

from planner import create_app, migrate  # noqa: E402
from planner.audit.recorder import act_as  # noqa: E402
from planner.config import Config, normalise_database_url  # noqa: E402
from planner.db import session_scope  # noqa: E402

TARGETS = {"export": 10.0, "preview": 15.0, "commit": 15.0}
RESULTS = ROOT / "bench" / "results" / "imports.json"
TODAY = dt.date(2026, 11, 23)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    # VmHWM is this process image's high-water mark; ru_maxrss would carry the parent's peak across exec.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(url: str):
    return create_app(Config(database_url=url, secret_key="bench", testing=True, csrf_enabled=False))


def run_step(step: str, url: str, path: Path) -> dict[str, float]:
    """Run one timed step in this process and return its seconds and memory."""
    from planner.people.queries import ManagerFilters
    from planner.spreadsheets.export_rows import export_managers
    from planner.spreadsheets.importer import commit_import, preview_import

    app = _app(url)
    factory = app.extensions["planner.sessions"]
    with app.app_context():
        base = _rss_mb()
        started = time.perf_counter()
        with session_scope(factory) as session:
            act_as(session, None)
            if step == "export":
                exported = export_managers(session, ManagerFilters(), TODAY, "zh", "xlsx")
                path.write_bytes(exported.content)
                rows = len(exported.content)
            elif step == "preview":
                report = preview_import(session, "managers", path.name, path.read_bytes(), today=TODAY)
                rows = report.rows
                assert report.clean, report.problems[:3]
            else:
                report = commit_import(session, None, "managers", path.name, path.read_bytes(), today=TODAY)
                rows = report.created
        seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(_peak_mb(), 1),
        "base_mb": round(base, 1),
        "rows": rows,
    }


def _child(step: str, url: str, path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--step", step, "--url", url, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _prepare(url: str, cms: int) -> None:
    from planner.demo.loader import load_demo
    from planner.demo.sizes import DemoSize

    migrate.upgrade(url)
    scale = cms / 10_000
    size = DemoSize(
        branches=max(2, round(200 * scale)),
        outlets=max(4, round(1_000 * scale)),
        territories=max(8, round(2_000 * scale)),
        managers=cms,
        candidates=0,
    )
    app = _app(url)
    with app.app_context(), session_scope(app.extensions["planner.sessions"]) as session:
        load_demo(act_as(session, None), size=size, seed=1, today=TODAY)


def _delete_managers(url: str) -> None:
    from planner.assessments.models import Assessment
    from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
    from planner.performance.models import PerformanceReview

    app = _app(url)
    with app.app_context(), session_scope(app.extensions["planner.sessions"]) as session:
        for model in (Assessment, PerformanceReview, AvoidanceLink, TerritoryAssignment, Manager):
            session.execute(delete(model))


def main() -> None:
    """Run the benchmark (or, with --step, one of its steps in a child process)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cms", type=int, default=10_000)
    parser.add_argument("--step", choices=sorted(TARGETS))
    parser.add_argument("--url")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.url, Path(args.file))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        env_url = os.environ.get("DATABASE_URL")
        url = normalise_database_url(env_url) if env_url else f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        started = time.perf_counter()
        _prepare(url, args.cms)
        print(f"demo bank with {args.cms:,} CMs loaded in {time.perf_counter() - started:.1f} s")
        path = Path(tmp) / "managers.xlsx"
        results = {"export": _child("export", url, path)}
        _delete_managers(url)
        results["preview"] = _child("preview", url, path)
        results["commit"] = _child("commit", url, path)
        results["preview again (all unchanged)"] = _child("preview", url, path)
    print(f"{'step':32} {'seconds':>8} {'target':>7} {'peak MB':>8} {'base MB':>8} {'rows':>7}")
    failed = False
    for step, figures in results.items():
        target = TARGETS.get(step.split()[0], 0.0)
        scaled = target * args.cms / 10_000
        ok = figures["seconds"] <= scaled
        failed |= not ok
        print(
            f"{step:32} {figures['seconds']:8.2f} {scaled:7.1f} {figures['peak_mb']:8.1f} "
            f"{figures['base_mb']:8.1f} {figures['rows']:7}{'' if ok else '  OVER TARGET'}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"cms": args.cms, "machine": platform.platform(), "cpus": os.cpu_count(), "results": results},
            indent=2,
        )
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
