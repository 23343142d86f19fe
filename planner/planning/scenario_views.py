"""Scenario pages: the list, a scenario with its runs, the form to create, clone and change one."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.persistence import get_or_404
from planner.runs.models import Run
from planner.scenarios import services
from planner.scenarios.forms import form_data, parameters_from_form, scenario_form
from planner.scenarios.models import Scenario
from planner.scenarios.permissions import can_create, can_edit, can_run
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def _scenario(scenario_id: int) -> Scenario:
    return get_or_404(db_session(), Scenario, scenario_id)


def list_scenarios() -> str:
    """List every scenario with its owner, lineage and latest run."""
    db = db_session()
    scenarios = list(db.scalars(select(Scenario).order_by(Scenario.is_baseline.desc(), Scenario.id)))
    latest = {run.scenario_id: run for run in db.scalars(select(Run).order_by(Run.id))}
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


def _render(form: Any, scenario: Scenario | None) -> str:
    defaults = services.bank_defaults(db_session(), date.today())
    return render_template("scenarios/form.html", form=form, scenario=scenario, defaults=defaults)


@editor_required
def new_scenario() -> ResponseReturnValue:
    """Create a scenario from the bank's defaults."""
    db = db_session()
    grades = services.grade_codes(db)
    initial = form_data(services.bank_parameters(db), "", "") if request.method == "GET" else None
    form = scenario_form(grades, data=initial) if initial else scenario_form(grades)

    def save() -> Done:
        scenario = services.create_scenario(
            db, current_user, form.name.data, parameters_from_form(form, grades), form.description.data or ""
        )
        return Done(
            _("Scenario %(name)s created.", name=scenario.name),
            url_for("scenarios.show_scenario", scenario_id=scenario.id),
        )

    return handle_form(form, save, lambda: _render(form, None))


@editor_required
def edit_scenario(scenario_id: int) -> ResponseReturnValue:
    """Change a scenario's name and parameters (its owner or an administrator)."""
    db = db_session()
    scenario = _scenario(scenario_id)
    if not can_edit(current_user, scenario):
        abort(403)
    grades = services.grade_codes(db)
    if request.method == "GET":
        form = scenario_form(grades, data=form_data(scenario.parameters, scenario.name, scenario.description))
    else:
        form = scenario_form(grades)

    def save() -> Done:
        params = parameters_from_form(form, grades)
        services.update_scenario(
            db, scenario, current_user, form.name.data, params, form.description.data or ""
        )
        return Done(
            _("Scenario %(name)s saved.", name=scenario.name),
            url_for("scenarios.show_scenario", scenario_id=scenario.id),
        )

    return handle_form(form, save, lambda: _render(form, scenario))


@editor_required
def clone_scenario(scenario_id: int) -> Response:
    """Copy a scenario as the user's own and open it for editing."""
    source = _scenario(scenario_id)

    def act() -> Done:
        clone = services.clone_scenario(db_session(), source, current_user)
        return Done(
            _("Scenario copied; change it and run it."),
            url_for("scenarios.edit_scenario", scenario_id=clone.id),
        )

    return handle_action(act, url_for("scenarios.show_scenario", scenario_id=source.id))


@editor_required
def delete_scenario(scenario_id: int) -> Response:
    """Delete a scenario and its runs."""
    scenario = _scenario(scenario_id)
    if not can_edit(current_user, scenario):
        abort(403)

    def act() -> Done:
        services.delete_scenario(db_session(), scenario, current_user)
        return Done(_("Scenario deleted."), url_for("scenarios.list_scenarios"))

    return handle_action(act, url_for("scenarios.show_scenario", scenario_id=scenario.id))
