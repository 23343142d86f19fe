"""The scenario and run pages: who may do what, forms that refuse bad input, results a viewer may read."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.enums import Role
from planner.runs.jobs import enqueue_run
from planner.runs.models import Run
from planner.runs.services import create_run
from planner.scenarios.models import Scenario
from planner.scenarios.services import ensure_baseline
from tests import factories
from tests.planning.bank import TODAY
from tests.planning.waiting import wait_until_final


def _finished_run(app, db, small_bank, small_scenario) -> Run:  # type: ignore[no-untyped-def]
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    enqueue_run(app, run)
    return wait_until_final(app, run.id)


def test_a_viewer_sees_a_scenario_and_its_results_but_no_run_button(
    app, db, consumer, viewer_client, small_bank, small_scenario
):
    run = _finished_run(app, db, small_bank, small_scenario)
    page = viewer_client.get(f"/scenarios/{small_scenario.id}").get_data(as_text=True)
    assert 'id="run-scenario"' not in page and 'id="clone-scenario"' not in page
    result = viewer_client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert 'id="run-again"' not in result and 'id="plan-totals"' in result
    for url in ("plan", "decisions/exits", "decisions/hires", "assignment/territories", "assignment/moves"):
        assert viewer_client.get(f"/runs/{run.id}/{url}").status_code == 200


def test_a_viewer_cannot_run_or_clone(db, viewer_client, small_bank, small_scenario):
    assert viewer_client.post(f"/scenarios/{small_scenario.id}/run").status_code == 403
    assert viewer_client.post(f"/scenarios/{small_scenario.id}/clone").status_code == 403
    assert db.scalar(select(func.count()).select_from(Run)) == 0


def test_a_planner_cannot_run_another_planners_scenario(db, planner_client, small_bank, small_scenario):
    response = planner_client.post(f"/scenarios/{small_scenario.id}/run")
    assert response.status_code == 403
    assert db.scalar(select(func.count()).select_from(Run)) == 0


def test_a_planner_clones_the_baseline_and_owns_the_copy(db, planner_client, small_bank):
    baseline = ensure_baseline(db)
    db.commit()
    response = planner_client.post(f"/scenarios/{baseline.id}/clone")
    clone = db.scalar(select(Scenario).where(Scenario.parent_id == baseline.id))
    assert response.headers["Location"].endswith(f"/scenarios/{clone.id}/edit")
    assert clone.owner.username == "planner-user" and clone.parameters == baseline.parameters
    assert 'id="run-scenario"' in planner_client.get(f"/scenarios/{clone.id}").get_data(as_text=True)


def _form(client, scenario_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Read the edit form's current values the way a browser would submit them."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.data: dict[str, str] = {}
            self.select: str | None = None

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            a = dict(attrs)
            if tag == "input" and a.get("name"):
                if a.get("type") != "checkbox":
                    self.data[a["name"]] = a.get("value") or ""
                elif "checked" in a:
                    self.data[a["name"]] = "y"
            elif tag == "select":
                self.select = a["name"]
            elif tag == "option" and self.select and "selected" in a:
                self.data[self.select] = a["value"] or ""
            elif tag == "textarea":
                self.data[a["name"]] = ""

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            if tag == "select":
                self.select = None

    parser = Fields()
    parser.feed(client.get(f"/scenarios/{scenario_id}/edit").get_data(as_text=True))
    return parser.data


def test_changing_the_exit_maximum_in_the_form_is_stored(db, app, small_bank, small_scenario):
    client = app.test_client()
    client.post("/login", data={"username": "bank-planner", "password": factories.PASSWORD})
    data = {**_form(client, small_scenario.id), "exit_max": "3"}
    response = client.post(f"/scenarios/{small_scenario.id}/edit", data=data)
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Scenario, small_scenario.id).parameters["exit_max"] == 3


def test_a_bad_target_list_is_refused_on_its_field_and_changes_nothing(db, app, small_bank, small_scenario):
    client = app.test_client()
    client.post("/login", data={"username": "bank-planner", "password": factories.PASSWORD})
    before = dict(small_scenario.parameters)
    data = {**_form(client, small_scenario.id), "target_values": "19, 23"}
    response = client.post(f"/scenarios/{small_scenario.id}/edit", data=data)
    assert response.status_code == 422
    assert 'id="target_values-error"' in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Scenario, small_scenario.id).parameters == before


def test_an_exit_maximum_below_the_minimum_is_refused_on_its_field(db, app, small_bank, small_scenario):
    client = app.test_client()
    client.post("/login", data={"username": "bank-planner", "password": factories.PASSWORD})
    data = {**_form(client, small_scenario.id), "exit_min": "4", "exit_max": "2"}
    response = client.post(f"/scenarios/{small_scenario.id}/edit", data=data)
    assert response.status_code == 422
    assert 'id="exit_max-error"' in response.get_data(as_text=True)


def test_candidate_names_show_to_planners_and_stay_masked_for_viewers(
    app, db, consumer, admin_client, viewer_client, small_bank, small_scenario
):
    run = _finished_run(app, db, small_bank, small_scenario)
    name = db.scalar(
        select(factories.models.Candidate.name).where(factories.models.Candidate.reference == "C2")
    )
    assert name in admin_client.get(f"/runs/{run.id}/decisions/rejections").get_data(as_text=True)
    shown = viewer_client.get(f"/runs/{run.id}/decisions/rejections").get_data(as_text=True)
    assert name not in shown and "C2" in shown


def test_the_progress_partial_polls_until_the_run_ends_then_reloads_the_page(
    app, db, viewer_client, small_bank, small_scenario
):
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    queued = viewer_client.get(f"/runs/{run.id}/progress").get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in queued
    run.move_to(run.status.CANCELLED)
    db.commit()
    ended = viewer_client.get(f"/runs/{run.id}/progress?live=1")
    assert "hx-trigger" not in ended.get_data(as_text=True)
    assert ended.headers["HX-Refresh"] == "true"


def test_the_run_form_needs_a_csrf_token(csrf_app, db, small_bank, small_scenario):
    client = csrf_app.test_client()
    user = factories.UserFactory(username="csrf-admin", role=Role.ADMIN)
    db.commit()
    client.post("/login", data={"username": user.username, "password": factories.PASSWORD})
    assert client.post(f"/scenarios/{small_scenario.id}/run").status_code == 400


def test_an_infeasible_run_links_each_conflicting_goal_to_its_form_field(
    app, db, consumer, viewer_client, small_bank, small_scenario
):
    from planner.scenarios.services import update_scenario

    params = {**small_scenario.parameters, "exit_min": 3, "exit_max": 5}
    update_scenario(db, small_scenario, small_bank.planner_user, "too many exits", params)
    run = _finished_run(app, db, small_bank, small_scenario)
    page = viewer_client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert run.outcome == "infeasible"
    assert f'/scenarios/{small_scenario.id}/edit#exit_min"' in page
