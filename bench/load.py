"""Load benchmark: 50 users browsing the app at once over real HTTP on loopback.

Creates a fresh database (a SQLite file in a temporary directory, or the PostgreSQL database ``DATABASE_URL``
names, which it empties first), loads the demo bank (small by default, as ``make demo`` does), serves the app
with waitress on 127.0.0.1 (a free port, 8 threads, as ``make serve``) in a process of its own
(``--in-process``: in the benchmark's, where the users' threads share the server's interpreter lock), and
runs a bounded thread pool of 50 simulated users. Each user signs in once (CSRF token and all), then until
the time is up opens a random page (overview, lists with filters and page numbers, a territory, a CM, a unit,
reviews, frameworks, settings), waiting 0.5–1.5 s between pages as a person reading them would. Latency is
measured per request with ``time.perf_counter`` from sending to the last byte read. An error is a transport
failure or any status other than 200. Admins also start a run of the baseline scenario now and then
(``--run-share`` of their steps, through the run button's form with its CSRF token), so pages are measured
while the app's own job consumer solves plans; with ``--worker`` (needs ``REDIS_URL``) the runs go to a
separate ``flask --app planner worker`` process on a Redis queue of this benchmark, as a bank deploys it.
Jobs run at nice ``--job-nice`` (``PLANNER_JOB_NICE``, default 10). The load average before the run is
recorded: other work on the machine skews the figures. Targets: p95 ≤ 300 ms and zero errors. Results go to
``bench/results/load-<database>.json``.

    python bench/load.py [--users 50] [--seconds 30] [--size small] [--run-share 0.02]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench python bench/load.py
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import logging
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from waitress.server import create_server  # noqa: E402

from planner import create_app, migrate  # noqa: E402
from planner.audit.recorder import act_as  # noqa: E402
from planner.config import Config, normalise_database_url  # noqa: E402
from planner.db import session_scope  # noqa: E402
from planner.demo.loader import load_demo  # noqa: E402
from planner.enums import UnitKind  # noqa: E402
from planner.jobs.queue import job_queue  # noqa: E402
from planner.org.models import OrgUnit  # noqa: E402
from planner.people.models import Manager  # noqa: E402
from planner.runs.models import Run  # noqa: E402
from planner.scenarios.models import Scenario  # noqa: E402
from planner.scenarios.services import ensure_baseline  # noqa: E402
from planner.territories.models import Territory  # noqa: E402

TARGET_P95_MS = 300.0
MAX_SECONDS = 60
THINK_SECONDS = (0.5, 1.5)
RAMP_SECONDS = 10.0
SIGN_IN_LABELS = ("sign-in page", "sign in")
ACCOUNTS = [("admin", "demo-admin"), ("planner", "demo-planner"), ("viewer", "demo-viewer")]
RUNNERS = ("admin",)  # the baseline belongs to no planner: only admins may run it


def percentile(samples: list[float], share: float) -> float:
    """Return the nearest-rank percentile of ``samples`` (share between 0 and 1)."""
    ordered = sorted(samples)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


class Browser:
    """One user's cookie jar and HTTP opener; records each request's latency and outcome."""

    def __init__(self, base: str, record) -> None:  # type: ignore[no-untyped-def]
        self.base = base
        self.record = record
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def open(self, label: str, path: str, data: dict[str, str] | None = None, expect: int = 200) -> str:
        """Request ``path`` (POST when ``data``), record it under ``label`` and return the body."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        status, text, server = 0, "", None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                text = response.read().decode("utf-8", "replace")
                status, server = response.status, response.headers.get("Server")
        except urllib.error.HTTPError as error:
            status, server = error.code, error.headers.get("Server")
            error.read()
        except OSError as error:
            text = repr(error)
        self.record(label, (time.perf_counter() - started) * 1000, status == expect, status, server)
        return text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _sign_in(browser: Browser, username: str, password: str) -> None:
    page = browser.open("sign-in page", "/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    form = {"username": username, "password": password, "csrf_token": token.group(1) if token else ""}
    browser.open("sign in", "/login", form, expect=302)


def _start_run(browser: Browser, scenario_id: int) -> None:
    page = browser.open("scenario", f"/scenarios/{scenario_id}")
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page)
    form = {"csrf_token": token.group(1) if token else ""}
    browser.open("start a run", f"/scenarios/{scenario_id}/run", form, expect=302)


def _baseline(url: str, workdir: str) -> int:
    """Return the id of the demo bank's baseline scenario."""
    app = create_app(Config(database_url=url, secret_key="load", queue_path=Path(workdir) / "queue.sqlite"))
    with app.extensions["planner.sessions"]() as session:
        scenario_id = session.scalar(select(Scenario.id).where(Scenario.is_baseline.is_(True)))
    app.extensions["planner.engine"].dispose()
    assert scenario_id is not None, "the demo bank has no baseline scenario"
    return scenario_id


def _pages(url: str, workdir: str) -> list[tuple[str, object]]:
    """Return (label, path maker) for the pages users browse, with ids from the loaded bank."""
    app = create_app(Config(database_url=url, secret_key="load", queue_path=Path(workdir) / "queue.sqlite"))
    with app.extensions["planner.sessions"]() as session:
        territories = list(session.scalars(select(Territory.id)))
        managers = list(session.scalars(select(Manager.id)))
        branches = list(session.scalars(select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BRANCH)))
        units = list(session.scalars(select(OrgUnit.id)))
    app.extensions["planner.engine"].dispose()
    return [
        ("overview", lambda r: "/"),
        ("territory list", lambda r: f"/territories/?page={r.randint(1, 5)}"),
        ("territory list: branch", lambda r: f"/territories/?branch={r.choice(branches)}"),
        ("territory", lambda r: f"/territories/{r.choice(territories)}"),
        ("CM list", lambda r: f"/managers/?page={r.randint(1, 5)}"),
        ("CM list: search", lambda r: f"/managers/?q={urllib.parse.quote(r.choice('王李张刘陈杨'))}"),
        ("CM page", lambda r: f"/managers/{r.choice(managers)}"),
        ("units", lambda r: "/units/"),
        ("unit", lambda r: f"/units/{r.choice(units)}"),
        ("candidates", lambda r: "/candidates/"),
        ("reviews", lambda r: f"/performance/reviews?page={r.randint(1, 3)}"),
        ("KPI schemes", lambda r: "/performance/"),
        ("competencies", lambda r: "/competencies/"),
        ("settings", lambda r: "/settings/"),
        ("scenarios", lambda r: "/scenarios/"),
    ]


def _prepare(url: str, size: str, workdir: str) -> float:
    """Empty and migrate the database, load the demo bank; return the load time."""
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    migrate.upgrade(url)
    app = create_app(Config(database_url=url, secret_key="load", queue_path=Path(workdir) / "queue.sqlite"))
    started = time.perf_counter()
    with app.app_context(), session_scope(app.extensions["planner.sessions"]) as session:
        load_demo(act_as(session, None), size=size, seed=1)
        ensure_baseline(session)
    app.extensions["planner.engine"].dispose()
    return time.perf_counter() - started


def _start_worker(url: str, redis_url: str, queue_name: str, job_nice: int) -> subprocess.Popen[bytes]:
    """Start a ``flask --app planner worker`` process on the benchmark's Redis queue."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "load-benchmark-key",
        "REDIS_URL": redis_url,
        "PLANNER_QUEUE_NAME": queue_name,
        "PLANNER_JOB_NICE": str(job_nice),
    }
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen([str(flask), "--app", "planner", "worker"], env=env, cwd=ROOT)


def _start_server(config: Config) -> tuple[subprocess.Popen[str], str]:
    """Serve the app as ``make serve`` does (waitress, 8 threads, no Server header) in a process of its own.

    The simulated users then do not share the server's interpreter (its GIL) as real browsers would not; the
    app's embedded consumer (without ``--worker``) solves runs in this server process, as in ``make serve``.
    """
    env = {
        **os.environ,
        "DATABASE_URL": config.database_url,
        "SECRET_KEY": config.secret_key or "",
        "PLANNER_QUEUE_NAME": config.queue_name,
        "PLANNER_QUEUE_PATH": str(config.queue_path),
        "PLANNER_JOB_NICE": str(config.job_nice),
    }
    env.pop("REDIS_URL", None)
    if config.redis_url:
        env["REDIS_URL"] = config.redis_url
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(root=str(ROOT))],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    if not port.isdigit():
        process.kill()
        raise SystemExit("the app server did not start")
    return process, f"http://127.0.0.1:{port}"


SERVER = """
import logging, sys
sys.path.insert(0, {root!r})
from waitress.server import create_server
from planner import create_app
logging.getLogger("waitress.queue").setLevel(logging.ERROR)
server = create_server(create_app(), host="127.0.0.1", port=0, threads=8, ident="")
print(server.effective_port, flush=True)
server.run()
"""


def run(
    users: int,
    seconds: float,
    size: str,
    run_share: float = 0.02,
    worker: bool = False,
    job_nice: int = Config.job_nice,
    in_process: bool = False,
) -> dict:
    """Serve the app, let ``users`` browse for ``seconds`` and return the measurements."""
    seconds = min(seconds, MAX_SECONDS)
    load_before = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews the figures
    workdir = tempfile.mkdtemp(prefix="planner-load-")
    url = normalise_database_url(os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/load.sqlite")
    load_seconds = _prepare(url, size, workdir)
    pages = _pages(url, workdir)
    baseline = _baseline(url, workdir)
    # Without --worker the app's own embedded consumer solves the runs users start (a queue file of this
    # benchmark); with it, a separate worker process takes them from a Redis queue of this benchmark.
    redis_url = os.environ.get("REDIS_URL") if worker else None
    if worker and not redis_url:
        raise SystemExit("--worker needs REDIS_URL")
    queue_name = f"planner-load-{os.getpid()}"
    worker_process = _start_worker(url, redis_url, queue_name, job_nice) if redis_url else None
    config = Config(
        database_url=url,
        secret_key="load-benchmark-key",
        queue_path=Path(workdir) / "queue.sqlite",
        redis_url=redis_url,
        queue_name=queue_name,
        job_nice=job_nice,
    )
    app = create_app(config)
    server_process = None
    if in_process:
        # As `make serve`: 8 threads, and no Server header (ident empty).
        server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="")
        base = f"http://127.0.0.1:{server.effective_port}"
        threading.Thread(target=server.run, daemon=True).start()
    else:
        server_process, base = _start_server(config)

    lock = threading.Lock()
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    statuses: dict[int, int] = defaultdict(int)
    servers: set[str | None] = set()

    def record(label: str, ms: float, ok: bool, status: int, server_header: str | None) -> None:
        with lock:
            samples[label].append(ms)
            statuses[status] += 1
            servers.add(server_header)
            if not ok:
                errors[label] += 1

    # Users arrive one by one over the ramp (signing in hashes a password: 50 at once would measure the
    # sign-in storm, not browsing); browsing is timed once everyone is in.
    everyone_in = threading.Barrier(users)
    timing: dict[str, float] = {}

    def user(number: int) -> None:
        rng = random.Random(number)
        browser = Browser(base, record)
        time.sleep(number * RAMP_SECONDS / users)
        username, password = ACCOUNTS[number % len(ACCOUNTS)]
        _sign_in(browser, username, password)
        if everyone_in.wait() == 0:
            timing["start"] = time.perf_counter()
        deadline = time.monotonic() + seconds
        # People do not all click in the same millisecond: without this pause the 50 first pages arrive at
        # once (the barrier's burst) and make the slowest percent of the whole measurement.
        time.sleep(rng.uniform(*THINK_SECONDS))
        while time.monotonic() < deadline:
            if username in RUNNERS and rng.random() < run_share:
                _start_run(browser, baseline)
                time.sleep(rng.uniform(*THINK_SECONDS))
                continue
            label, path = rng.choice(pages)
            browser.open(label, path(rng))  # type: ignore[operator]
            time.sleep(rng.uniform(*THINK_SECONDS))

    with ThreadPoolExecutor(max_workers=users) as pool:
        for future in [pool.submit(user, n) for n in range(users)]:
            future.result()
    elapsed = time.perf_counter() - timing["start"]
    if server_process is not None:
        server_process.terminate()
        server_process.wait(timeout=60)
    else:
        server.close()
    if worker_process is not None:
        worker_process.terminate()
        worker_process.wait(timeout=60)
    queue = job_queue(app)
    queue.close()
    if redis_url:
        queue.flush()  # what the worker left on the benchmark's Redis queue
    with app.extensions["planner.sessions"]() as session:
        runs_by_status = dict(session.execute(select(Run.status, func.count()).group_by(Run.status)).all())
    app.extensions["planner.engine"].dispose()

    every = [ms for values in samples.values() for ms in values]
    browsing = [
        ms for label, values in samples.items() if label not in ("sign-in page", "sign in") for ms in values
    ]
    return {
        "database": url.split(":", 1)[0].split("+")[0],
        "runs_solved_by": "a separate worker process (Redis)" if worker_process else "the web process",
        "server": "the benchmark's process" if in_process else "a process of its own",
        "job_nice": job_nice,
        "load_average_before": load_before,
        "size": size,
        "users": users,
        "seconds": round(elapsed, 1),
        "think_seconds": list(THINK_SECONDS),
        "ramp_seconds": RAMP_SECONDS,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_seconds": round(load_seconds, 1),
        "requests": len(every),
        "runs_started": len(samples.get("start a run", [])),
        "runs_by_status": {str(getattr(k, "value", k)): n for k, n in runs_by_status.items()},
        "requests_per_second": round(len(browsing) / elapsed, 1),
        "errors": sum(errors.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_header": sorted(str(s) for s in servers),
        "browsing": {
            "p50_ms": round(statistics.median(browsing), 1),
            "p95_ms": round(percentile(browsing, 0.95), 1),
            "p99_ms": round(percentile(browsing, 0.99), 1),
            "max_ms": round(max(browsing), 1),
        },
        "pages": {
            label: {
                "requests": len(values),
                "errors": errors.get(label, 0),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "p99_ms": round(percentile(values, 0.99), 1),
            }
            for label, values in sorted(samples.items())
        },
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": percentile(browsing, 0.95) <= TARGET_P95_MS and not errors,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON results; exit 1 when a target is missed."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queue depth notes are measured here
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30, help=f"browsing time, at most {MAX_SECONDS}")
    parser.add_argument("--size", choices=["small", "large"], default="small")
    parser.add_argument(
        "--run-share", type=float, default=0.02, help="share of an admin's steps that start a run (0 to 1)"
    )
    parser.add_argument(
        "--worker", action="store_true", help="solve runs in a separate worker process (needs REDIS_URL)"
    )
    parser.add_argument(
        "--job-nice",
        type=int,
        default=Config.job_nice,
        help="nice value of the solver jobs (PLANNER_JOB_NICE; 0: as the pages)",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="serve the app in this process (the users' threads then share its interpreter lock)",
    )
    args = parser.parse_args(argv)
    result = run(
        args.users, args.seconds, args.size, args.run_share, args.worker, args.job_nice, args.in_process
    )
    b = result["browsing"]
    print(
        f"{result['users']} users, {result['seconds']} s on {result['database']} "
        f"({result['size']} demo bank): {result['requests']} requests "
        f"({result['requests_per_second']}/s browsing), {result['errors']} errors"
    )
    print(f"load average before: {result['load_average_before']}; the app served in {result['server']}")
    print(
        f"runs started: {result['runs_started']}, solved by {result['runs_solved_by']} "
        f"at nice {result['job_nice']}; "
        f"by status at the end: {result['runs_by_status']}"
    )
    print(f"browsing p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms, p99 {b['p99_ms']} ms, max {b['max_ms']} ms")
    print(f"{'page':<26} {'n':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for label, row in result["pages"].items():
        figures = f"{row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8}"
        print(f"{label:<26} {row['requests']:>5} {row['errors']:>4} {figures}")
    print(f"Server header seen: {result['server_header']}")
    verdict = "meets" if result["meets_target"] else "MISSES"
    print(f"{verdict} the target: p95 ≤ {TARGET_P95_MS:.0f} ms and zero errors")
    out = ROOT / "bench" / "results" / f"load-{result['database']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
