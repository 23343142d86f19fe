"""Scenario pages: the list, a scenario with its runs, the form to create, clone and change one, and Run."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.errors import DomainError, InvalidInput
from planner.persistence import get_or_404
from planner.runs.jobs import enqueue_run
from planner.runs.models import Run
from planner.runs.services import create_run
from planner.scenarios import services
from planner.scenarios.forms import form_data, parameters_from_form, scenario_form
from planner.scenarios.models import Scenario
from planner.scenarios.permissions import can_create, can_edit, can_run
from planner.web.database import db_session
from planner.web.forms import attach_error


def message(error: DomainError) -> str:
    """Return a domain error's message in the user's language."""
    template = getattr(error, "template", None) or str(error)
    params = getattr(error, "params", None) or {}
    return _(template, **params) if params else _(template)


def _scenario(scenario_id: int) -> Scenario:
    return get_or_404(db_session(), Scenario, scenario_id)


def list_scenarios() -> str:
    """List every scenario with its owner, lineage and latest run."""
    db = db_session()
    scenarios = list(db.scalars(select(Scenario).order_by(Scenario.is_baseline.desc(), Scenario.id)))
    latest = {}
    for run in db.scalars(select(Run).order_by(Run.id)):
        latest[run.scenario_id] = run
    return render_template(
        "scenarios/list.html", scenarios=scenarios, latest=latest, can_create=can_create(current_user)
    )


def show_scenario(scenario_id: int) -> str:
    """Show a scenario's parameters, the defaults the bank's data gives, its lineage and its runs."""
    db = db_session()
    scenario = _scenario(scenario_id)
    runs = list(db.scalars(select(Run).where(Run.scenario_id == scenario.id).order_by(Run.id.desc())))
    return render_template(
        "scenarios/show.html",
        scenario=scenario,
        params=scenario.parameters,
        lineage=services.lineage(scenario),
        defaults=services.bank_defaults(db, date.today()),
        runs=runs,
        can_edit=can_edit(current_user, scenario),
        can_run=can_run(current_user, scenario),
        can_create=can_create(current_user),
    )


def _render_form(form: Any, scenario: Scenario | None, status: int = 200) -> tuple[str, int]:
    db = db_session()
    return (
        render_template(
            "scenarios/form.html",
            form=form,
            scenario=scenario,
            defaults=services.bank_defaults(db, date.today()),
        ),
        status,
    )


@editor_required
def new_scenario() -> Response | tuple[str, int]:
    """Create a scenario from the bank's defaults."""
    db = db_session()
    grades = services.grade_codes(db)
    if request.method == "GET":
        form = scenario_form(grades, data=form_data(services.bank_parameters(db), "", ""))
        return _render_form(form, None)
    form = scenario_form(grades)
    if form.validate_on_submit():
        try:
            scenario = services.create_scenario(
                db,
                current_user,
                form.name.data,
                parameters_from_form(form, grades),
                form.description.data or "",
            )
        except InvalidInput as error:
            db.rollback()
            attach_error(form, InvalidInput(error.field, message(error)))
        else:
            db.commit()
            flash(_("Scenario %(name)s created.", name=scenario.name), "success")
            return redirect(url_for("scenarios.show_scenario", scenario_id=scenario.id))
    return _render_form(form, None, 422)


@editor_required
def edit_scenario(scenario_id: int) -> Response | tuple[str, int]:
    """Change a scenario's name and parameters (its owner or an administrator)."""
    db = db_session()
    scenario = _scenario(scenario_id)
    if not can_edit(current_user, scenario):
        abort(403)
    grades = services.grade_codes(db)
    if request.method == "GET":
        data = form_data(scenario.parameters, scenario.name, scenario.description)
        return _render_form(scenario_form(grades, data=data), scenario)
    form = scenario_form(grades)
    if form.validate_on_submit():
        try:
            services.update_scenario(
                db,
                scenario,
                current_user,
                form.name.data,
                parameters_from_form(form, grades),
                form.description.data or "",
            )
        except InvalidInput as error:
            db.rollback()
            attach_error(form, InvalidInput(error.field, message(error)))
        else:
            db.commit()
            flash(_("Scenario %(name)s saved.", name=scenario.name), "success")
            return redirect(url_for("scenarios.show_scenario", scenario_id=scenario.id))
    return _render_form(form, scenario, 422)


@editor_required
def clone_scenario(scenario_id: int) -> Response:
    """Copy a scenario as the user's own and open it for editing."""
    db = db_session()
    source = _scenario(scenario_id)
    try:
        clone = services.clone_scenario(db, source, current_user)
    except DomainError as error:
        db.rollback()
        flash(message(error), "error")
        return redirect(url_for("scenarios.show_scenario", scenario_id=source.id))
    db.commit()
    flash(_("Scenario copied; change it and run it."), "success")
    return redirect(url_for("scenarios.edit_scenario", scenario_id=clone.id))


@editor_required
def delete_scenario(scenario_id: int) -> Response:
    """Delete a scenario and its runs."""
    db = db_session()
    scenario = _scenario(scenario_id)
    try:
        services.delete_scenario(db, scenario, current_user)
    except DomainError as error:
        db.rollback()
        flash(message(error), "error")
        return redirect(url_for("scenarios.show_scenario", scenario_id=scenario.id))
    db.commit()
    flash(_("Scenario deleted."), "success")
    return redirect(url_for("scenarios.list_scenarios"))


@editor_required
def run_scenario(scenario_id: int) -> Response:
    """Queue a run of the scenario and open its page."""
    db = db_session()
    scenario = _scenario(scenario_id)
    try:
        run = create_run(db, scenario, current_user, date.today())
    except DomainError as error:
        db.rollback()
        flash(message(error), "error")
        return redirect(url_for("scenarios.show_scenario", scenario_id=scenario.id))
    db.commit()
    enqueue_run(current_app._get_current_object(), run)  # type: ignore[attr-defined]
    flash(_("Run %(id)d queued.", id=run.id), "success")
    return redirect(url_for("runs.show_run", run_id=run.id))
