"""Page benchmark: response times of the CM pages on the large demo bank (10,000 CMs).

Creates a fresh SQLite database in a temporary directory (or uses ``DATABASE_URL``), upgrades it, loads the
large demo bank (seed 1), signs in as ``planner`` and times N requests per page with ``time.perf_counter``.
Prints p50/p95/max per page and writes ``bench/results/pages.json``. Target: p95 ≤ 150 ms.

    python bench/pages.py [--requests 200] [--size large] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script from any checkout: import this checkout's planner package, not an installed one.
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from planner import create_app, migrate  # noqa: E402
from planner.audit.recorder import act_as  # noqa: E402
from planner.config import Config, normalise_database_url  # noqa: E402
from planner.db import session_scope  # noqa: E402
from planner.demo.loader import load_demo  # noqa: E402
from planner.enums import Segment, UnitKind  # noqa: E402
from planner.org.models import OrgUnit  # noqa: E402
from planner.people.models import Manager  # noqa: E402

TARGET_P95_MS = 150.0
WARM_UP = 20
RESULTS = ROOT / "bench" / "results" / "pages.json"


def percentile(samples: list[float], share: float) -> float:
    """Return the nearest-rank percentile of ``samples`` (share between 0 and 1)."""
    ordered = sorted(samples)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def _sign_in(client, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf-token" content="([^"]+)"', page
    )
    data = {"username": username, "password": password, "csrf_token": token.group(1) if token else ""}
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {username}: HTTP {response.status_code}")


def _url_makers(app, rng: random.Random) -> dict[str, Callable[[], str]]:  # type: ignore[no-untyped-def]
    """Return, per benchmarked page, a function giving the next URL to request (varied ids and filters)."""
    with app.extensions["planner.sessions"]() as session:
        branch_sizes = session.execute(
            select(OrgUnit.parent_id, func.count())
            .select_from(Manager)
            .join(OrgUnit, OrgUnit.id == Manager.unit_id)
            .where(Manager.segment == Segment.RETAIL)
            .group_by(OrgUnit.parent_id)
        ).all()
        branches = [branch for branch, count in branch_sizes if count > 0] or list(
            session.scalars(select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BRANCH))
        )
        manager_ids = list(session.scalars(select(Manager.id).order_by(Manager.id)))
        names = list(session.scalars(select(Manager.name).order_by(Manager.id)))
    surnames = sorted({name[0] for name in names})
    makers: dict[str, Callable[[], str]] = {
        "CM list: branch + retail, page 2": lambda: (
            f"/managers/?branch={rng.choice(branches)}&segment=retail&page=2"
        ),
        "CM list: name search": lambda: (
            f"/managers/?q={rng.choice([rng.choice(names), rng.choice(surnames)])}"
        ),
        "CM page": lambda: f"/managers/{rng.choice(manager_ids)}",
    }
    return makers


def time_page(  # type: ignore[no-untyped-def]
    client,
    next_url: Callable[[], str],
    requests: int,
    target_ms: float = TARGET_P95_MS,
    warm_up: int = WARM_UP,
) -> dict:
    """Open ``requests`` pages after a warm-up; return p50 / p95 / max, non-200 answers and the verdict."""
    for _ in range(warm_up):
        client.get(next_url())
    samples, failures = [], 0
    for _ in range(requests):
        url = next_url()
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        failures += response.status_code != 200
    return {
        "requests": requests,
        "non_200": failures,
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "meets_target": percentile(samples, 0.95) <= target_ms,
    }


def run(requests: int, size: str, seed: int) -> dict:
    """Load the demo bank, time the pages and return the results."""
    workdir = tempfile.mkdtemp(prefix="planner-bench-")
    url = normalise_database_url(os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite")
    migrate.upgrade(url)
    app = create_app(Config(database_url=url, secret_key="bench", testing=True))
    with app.app_context():
        started = time.perf_counter()
        with session_scope(app.extensions["planner.sessions"]) as session:
            report = load_demo(act_as(session, None), size=size, seed=seed)
        load_seconds = time.perf_counter() - started
        print(report)
    client = app.test_client()
    _sign_in(client, "planner", "demo-planner")
    pages: dict[str, dict] = {}
    missing = []
    rng = random.Random(seed)
    for label, next_url in _url_makers(app, rng).items():
        endpoint = "people.show_manager" if label == "CM page" else "people.list_managers"
        if endpoint not in app.view_functions:
            missing.append(endpoint)
            continue
        pages[label] = time_page(client, next_url, requests)
    return {
        "size": size,
        "seed": seed,
        "database": url.split(":", 1)[0],
        "python": platform.python_version(),
        "load_seconds": round(load_seconds, 1),
        "target_p95_ms": TARGET_P95_MS,
        "pages": pages,
        "missing_endpoints": missing,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = run(args.requests, args.size, args.seed)
    print(f"\nDemo load ({result['size']}, {result['database']}): {result['load_seconds']:.1f} s")
    print(f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target p95 ≤ {TARGET_P95_MS:.0f} ms")
    for label, row in result["pages"].items():
        verdict = "ok" if row["meets_target"] else "SLOW"
        print(f"{label:<36} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['max_ms']:>8.1f}  {verdict}")
        if row["non_200"]:
            print(f"  warning: {row['non_200']} responses were not HTTP 200")
    for endpoint in result["missing_endpoints"]:
        print(f"not measured: {endpoint} does not exist on this branch")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
