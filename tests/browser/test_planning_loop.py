"""The planning loop in a real browser: a planner clones the baseline, exits at most 3, runs it and reads the
named exits; a viewer then reads the same results without a run button."""

from __future__ import annotations

import re

from sqlalchemy import select

from planner.runs.models import Run
from planner.runs.results import RunExit
from planner.scenarios.models import Scenario


def _sign_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1")


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("header form[action$='/logout'] button")
    page.wait_for_selector("#username")


def test_a_planner_runs_a_clone_with_fewer_exits_and_a_viewer_reads_the_results(
    page, db, app, job_consumer, tiny_demo_bank
):
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    _sign_in(page, "planner", "demo-planner")
    page.goto("/scenarios/")
    page.click("main table a:has(+ span.badge)")  # the baseline scenario
    page.click("#clone-scenario")
    page.wait_for_selector("#scenario-form")
    assert page.input_value("#exit_max") == "5"
    page.fill("#exit_max", "3")
    page.click("#scenario-form button[type=submit]")
    page.wait_for_selector("#run-scenario")
    clone = db.scalar(select(Scenario).where(Scenario.parent_id.is_not(None)))
    assert clone is not None and clone.parameters["exit_max"] == 3

    page.click("#run-scenario")
    page.wait_for_selector("#run-progress")
    run_url = page.url
    assert re.search(r"/runs/\d+$", run_url)
    # The page polls the progress until the run ends, then reloads with the results and the progress chart.
    page.wait_for_selector("#run-status[data-status=succeeded]", timeout=120_000)
    page.wait_for_selector("#plan-totals")
    page.wait_for_selector("#chart-progress canvas")
    run = db.scalar(select(Run).where(Run.scenario_id == clone.id))
    assert run is not None

    page.click("nav.run-nav a[href$='/decisions/exits']")
    page.wait_for_selector("#decisions-exits")
    rows = page.query_selector_all("#decisions-exits tbody tr")
    db.expire_all()
    stored = db.scalars(select(RunExit).where(RunExit.run_id == run.id)).all()
    # Three branches, three exits each at most: the clone's maximum of 3 holds for every peer group.
    assert 0 < len(stored) <= 9 and len(rows) == len(stored)
    for exit_ in stored:
        assert sum(1 for e in stored if e.peer_group == exit_.peer_group) <= 3
    first = rows[0].query_selector_all("td")
    assert re.fullmatch(r"\S+ 内第 \d+ 名（共 \d+ 人）", first[4].inner_text())
    assert first[7].inner_text().strip()  # the reason
    assert stored[0].reason in page.inner_text("#decisions-exits")

    _sign_out(page)
    _sign_in(page, "viewer", "demo-viewer")
    page.goto(run_url)
    page.wait_for_selector("#plan-totals")
    assert page.query_selector("#run-again") is None and page.query_selector("#cancel-run") is None
    page.goto(f"/scenarios/{clone.id}")
    assert page.query_selector("#run-scenario") is None and page.query_selector("#clone-scenario") is None
    page.goto(f"{run_url}/decisions/exits")
    assert len(page.query_selector_all("#decisions-exits tbody tr")) == len(stored)
    page.goto(f"{run_url}/plan")
    for chart in ("headcount", "share", "intake", "exits", "cost", "structure-age", "structure-shares"):
        page.wait_for_selector(f"#chart-{chart} canvas")
    page.goto(f"{run_url}/assignment/territories")
    page.wait_for_selector("#chart-map canvas")
    assert script_errors == []
