"""A live server on loopback and a real headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a sandboxed machine with no network beyond loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """Serve the test application on a free loopback port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (Debian's package; `make test` installs it)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: `make test` installs it with apt-get when run as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser tab with its own cookies."""
    context = browser.new_context(base_url=live_server, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def job_consumer(app: Flask) -> object:
    """A real consumer of the test run's queue (threads of this process; with REDIS_URL, on Redis)."""
    from planner.jobs.queue import job_queue

    queue = job_queue(app)
    queue.start_consumer()
    return queue


@pytest.fixture
def tiny_demo_bank(db) -> None:  # type: ignore[no-untyped-def]
    """A demo bank of three branches and 120 CMs with its baseline scenario and the demo logins."""
    from planner.demo.loader import load_demo
    from planner.demo.sizes import DemoSize
    from planner.scenarios.services import ensure_baseline

    size = DemoSize(branches=3, outlets=6, territories=40, managers=120, candidates=60)
    load_demo(db, size=size, seed=1)
    ensure_baseline(db)
    db.commit()
