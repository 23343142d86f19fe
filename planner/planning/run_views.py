"""Run pages: start a run, its live progress and explanations, the plan, the decisions, the assignment."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, make_response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.candidates.models import Candidate
from planner.enums import CandidateChannel
from planner.messages import N_, Message
from planner.persistence import get_or_404, paginate_list
from planner.runs import queries
from planner.runs.assignment_map import assignment_map
from planner.runs.charts import plan_charts, progress_chart, structure_table
from planner.runs.jobs import enqueue_run
from planner.runs.models import Run
from planner.runs.services import create_run, request_cancel, rerun, sweep_dead_runs
from planner.runs.store import goal_field
from planner.runs.words import binding_goals
from planner.scenarios.forms import EXIT_ACTION_LABELS
from planner.scenarios.models import Scenario
from planner.scenarios.permissions import can_run
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action
from planner.web.i18n import translate

# A large bank's run explains thousands of goals; the run page shows the first lines, the plan page all goals.
EXPLANATION_LINES = 30

# The words for the plan's paid cost kinds (the solver's rule names).
COST_LABELS = {
    "hire_cost": _l("Hiring"),
    "exit_cost": _l("Exit actions"),
    "transition_cost": _l("Promotions and moves"),
    "surplus_cost": _l("Surplus heads"),
    "short_time_cost": _l("Short time"),
}


def _run(run_id: int) -> Run:
    db = db_session()
    sweep_dead_runs(db, current_app.extensions["planner.config"].heartbeat_timeout)
    db.commit()
    return get_or_404(db, Run, run_id)


def _page_size() -> int:
    return int(current_app.extensions["planner.config"].page_size)


def show_run(run_id: int) -> str:
    """Show a run: status, live progress while it runs, figures per stage and the explanations."""
    db = db_session()
    run = _run(run_id)
    binding, binding_total = binding_goals(db, run)
    return render_template(
        "runs/show.html",
        run=run,
        progress=queries.progress_rows(db, run),
        progress_chart=progress_chart(db, run).as_json(),
        totals=queries.year_totals(db, run),
        conflict=[(name, goal_field(name.split("[", 1)[0], name)) for name in run.conflict or []],
        binding=binding,
        binding_total=binding_total,
        snapshot_hash=queries.snapshot_hash(db, run),
        explanation_shown=EXPLANATION_LINES,
        can_run=can_run(current_user, run.scenario),
    )


def progress(run_id: int) -> Response:
    """Return the progress partial (polled by htmx while the run is not over; the page reloads at the end)."""
    db = db_session()
    run = _run(run_id)
    response = make_response(
        render_template(
            "runs/_progress.html",
            run=run,
            progress=queries.progress_rows(db, run),
            progress_chart=progress_chart(db, run).as_json(),
        )
    )
    if run.status.is_final and request.args.get("live"):
        response.headers["HX-Refresh"] = "true"  # show the results the page did not have yet
    return response


def plan(run_id: int) -> str:
    """Show the plan: bank-wide figures per year, each unit's headcount against its target, the goals."""
    db = db_session()
    run = _run(run_id)
    codes = queries.unit_codes(db, run)
    unit = request.args.get("unit") or None
    if unit is not None and unit not in codes:
        abort(404)
    charts = plan_charts(db, run, unit).as_json()
    structure = structure_table(db, run)
    # A large bank has hundreds of units and thousands of goals: both tables page.
    unit_page = paginate_list(codes if unit is None else [unit], request.args.get("upage", 1, type=int), 20)
    return render_template(
        "runs/plan.html",
        run=run,
        unit=unit,
        unit_codes=codes,
        totals=queries.year_totals(db, run),
        unit_page=unit_page,
        units=queries.unit_years(db, run, unit_page.items),
        goals=queries.goals_page(db, run, unit, request.args.get("page", 1, type=int), _page_size()),
        charts=charts,
        names=_flow_labels(charts),
        structure=structure,
        structure_chart=structure.as_json(),
    )


def _flow_labels(charts: dict[str, object]) -> dict[str, str]:
    """Return the user's words for the channels, exit actions and cost kinds a plan chart names."""
    labels: dict[str, str] = {}
    for name in charts.get("intake", {}):  # type: ignore[attr-defined]
        known = name in CandidateChannel._value2member_map_
        labels[name] = str(translate(CandidateChannel(name).label)) if known else name
    for name in charts.get("exits", {}):  # type: ignore[attr-defined]
        labels[name] = str(EXIT_ACTION_LABELS[name]) if name in EXIT_ACTION_LABELS else name
    for name in charts.get("cost", {}):  # type: ignore[attr-defined]
        labels[name] = str(COST_LABELS[name]) if name in COST_LABELS else name
    return labels


def decisions(run_id: int, kind: str) -> str:
    """Show one list of named decisions (hires, rejections, exits, promotions), filtered by unit."""
    if kind not in queries.DECISION_KINDS:
        abort(404)
    db = db_session()
    run = _run(run_id)
    unit = request.args.get("unit") or None
    sort = request.args.get("sort") or None
    stage = request.args.get("stage") or None
    page = queries.decisions(
        db, run, kind, unit, request.args.get("page", 1, type=int), _page_size(), sort=sort, stage=stage
    )
    names: dict[int, str] = {}
    if kind in ("hires", "rejections") and current_user.can_see_personal_data():
        ids = [row.candidate_id for row in page.items if row.candidate_id]
        names = dict(db.execute(select(Candidate.id, Candidate.name).where(Candidate.id.in_(ids))).all())
    return render_template(
        "runs/decisions.html",
        run=run,
        kind=kind,
        page=page,
        unit=unit,
        units=queries.unit_codes(db, run),
        names=names,
        sort=sort,
        sorts=queries.DECISION_SORTS[kind],
        stage=stage,
        stages=queries.rejection_stages(db, run) if kind == "rejections" else [],
        action_labels=EXIT_ACTION_LABELS,
    )


def assignment(run_id: int, kind: str) -> str:
    """Show the assignment: territories (need, assigned, shortfall), people with costs, moves, penalties."""
    if kind not in queries.ASSIGNMENT_KINDS:
        abort(404)
    db = db_session()
    run = _run(run_id)
    unit = request.args.get("unit") or None
    page = queries.assignment(db, run, kind, unit, request.args.get("page", 1, type=int), _page_size())
    return render_template(
        "runs/assignment.html",
        run=run,
        kind=kind,
        page=page,
        penalties=queries.penalties_by_rule(db, run),
        map=assignment_map(db, run).as_json() if kind == "territories" else None,
    )


def _queued(run: Run, message: Message) -> Done:
    """Open the run's page and, once the run is committed (so a worker always finds it), queue it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return Done(message, url_for("runs.show_run", run_id=run.id), then=lambda: enqueue_run(app, run))


@editor_required
def start_run(scenario_id: int) -> Response:
    """Queue a run of the scenario (its owner or an admin) and open the run's page."""
    db = db_session()
    scenario = get_or_404(db, Scenario, scenario_id)
    if not can_run(current_user, scenario):
        abort(403)

    def act() -> Done:
        run = create_run(db, scenario, current_user, date.today())
        return _queued(run, N_("Run %(id)d queued.", id=run.id))

    return handle_action(act, url_for("scenarios.show_scenario", scenario_id=scenario.id))


@editor_required
def cancel(run_id: int) -> Response:
    """Cancel a queued run, or ask a running one to stop and keep its best result."""
    db = db_session()
    run = _run(run_id)
    if not can_run(current_user, run.scenario):
        abort(403)
    back = url_for("runs.show_run", run_id=run.id)

    def act() -> Done:
        request_cancel(db, run, current_user)
        return Done(N_("Cancel requested."), back)

    return handle_action(act, back)


@editor_required
def run_again(run_id: int) -> Response:
    """Queue a new run on this run's snapshot (the bank's data as it was)."""
    db = db_session()
    run = _run(run_id)
    if not can_run(current_user, run.scenario):
        abort(403)

    def act() -> Done:
        again = rerun(db, run, current_user)
        return _queued(again, N_("Run %(id)d queued on the same inputs.", id=again.id))

    return handle_action(act, url_for("runs.show_run", run_id=run.id))
