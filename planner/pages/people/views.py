"""CM pages: the list, a CM's page, the CM form, delete, and avoidance links."""

from __future__ import annotations

import enum
from datetime import date
from typing import TypeVar

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.enums import AvoidanceRelation, ManagerStatus, Segment
from planner.pages.people.page import ManagerPage, manager_page_data
from planner.people import avoidance, services
from planner.people.forms import AvoidanceForm, ManagerFilterForm, ManagerForm
from planner.people.models import Manager
from planner.people.qualification import QualificationState, qualification_state
from planner.people.queries import ManagerFilters, search_managers
from planner.persistence import get_or_404, paginate
from planner.settings.services import get_setting
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form
from planner.web.templating import localized

E = TypeVar("E", bound=enum.Enum)


def _member(enum_cls: type[E], value: str | None) -> E | None:
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def list_managers() -> str:
    """List CMs with filters, search and pages."""
    db = db_session()
    form = ManagerFilterForm(db, formdata=request.args)
    today = date.today()
    validity_years = int(get_setting(db, "qualification_validity_years"))
    warning_days = int(get_setting(db, "qualification_warning_days"))
    filters = ManagerFilters(
        branch_id=form.branch.data,
        outlet_id=form.outlet.data,
        segment=_member(Segment, form.segment.data),
        grade_id=form.grade.data,
        status=_member(ManagerStatus, form.status.data),
        qualification=_member(QualificationState, form.qualification.data),
        search=(form.q.data or "")[:60],
        validity_years=validity_years,
        warning_days=warning_days,
    )
    page_number = request.args.get("page", 1, type=int)
    per_page = current_app.extensions["planner.config"].page_size
    page = paginate(db, search_managers(db, filters, today), page_number, per_page)
    states = {
        m.id: qualification_state(m.qualification_passed_on, today, validity_years, warning_days)
        for m in page.items
    }
    return render_template("people/list.html", form=form, page=page, states=states, today=today)


def _chart_data(data: ManagerPage) -> dict[str, dict[str, object]]:
    """Return the series of the radar and the performance line, in the page's language."""
    radar: dict[str, object] = {}
    if data.profile is not None:
        radar = {
            "label": _("Latest scores"),
            "codes": [d.code for d in data.profile.dimensions],
            "indicators": [{"name": localized(d), "max": 100} for d in data.profile.dimensions],
            "scores": [d.score for d in data.profile.dimensions],
        }
    performance = {
        "label": _("Composite score"),
        "periods": [r.period for r in data.reviews],
        "scores": [r.composite_score for r in data.reviews],
    }
    return {"radar": radar, "performance": performance}


def _render_page(data: ManagerPage, avoidance_form: AvoidanceForm) -> str:
    return render_template(
        "people/show.html",
        data=data,
        charts=_chart_data(data),
        avoidance_form=avoidance_form,
        today=date.today(),
    )


def show_manager(manager_id: int) -> str:
    """Show one CM: facts, territory history, competency profile, performance and avoidance links."""
    return _render_page(manager_page_data(db_session(), manager_id, date.today()), AvoidanceForm())


def _render_form(form: ManagerForm, manager: Manager | None) -> str:
    return render_template("people/form.html", form=form, manager=manager)


@editor_required
def new_manager() -> ResponseReturnValue:
    """Add a CM."""
    db = db_session()
    form = ManagerForm(db)

    def save() -> Done:
        manager = services.create_manager(db, form.to_data(), date.today())
        return Done(
            _("CM %(name)s added.", name=manager.name), url_for("people.show_manager", manager_id=manager.id)
        )

    return handle_form(form, save, lambda: _render_form(form, None))


@editor_required
def edit_manager(manager_id: int) -> ResponseReturnValue:
    """Change a CM's facts; a new territory is recorded as a move."""
    db = db_session()
    manager = get_or_404(db, Manager, manager_id)
    form = ManagerForm(db, obj=manager)
    if request.method == "GET":
        form.territory_since.data = manager.territory_since

    def save() -> Done:
        services.update_manager(db, manager, form.to_data(), date.today())
        return Done(
            _("CM %(name)s saved.", name=manager.name), url_for("people.show_manager", manager_id=manager.id)
        )

    return handle_form(form, save, lambda: _render_form(form, manager))


@editor_required
def delete_manager(manager_id: int) -> Response | str:
    """Confirm (GET) and delete (POST) a CM with their history, assessments and reviews."""
    db = db_session()
    manager = get_or_404(db, Manager, manager_id)
    if request.method == "GET":
        return render_template("people/delete.html", manager=manager)
    name = manager.name

    def act() -> Done:
        services.delete_manager(db, manager)
        return Done(_("CM %(name)s deleted.", name=name), url_for("people.list_managers"))

    return handle_action(act, url_for("people.show_manager", manager_id=manager_id))


@editor_required
def add_avoidance(manager_id: int) -> ResponseReturnValue:
    """Link the CM with another CM who must not work in the same unit."""
    db = db_session()
    manager = get_or_404(db, Manager, manager_id)
    form = AvoidanceForm()

    def save() -> Done:
        avoidance.link_avoidance(
            db, manager, form.employee_no.data or "", AvoidanceRelation(form.relation.data)
        )
        return Done(_("Avoidance link added."), url_for("people.show_manager", manager_id=manager_id))

    return handle_form(
        form, save, lambda: _render_page(manager_page_data(db, manager_id, date.today()), form)
    )


@editor_required
def remove_avoidance(manager_id: int, link_id: int) -> Response:
    """Remove one of the CM's avoidance links."""
    db = db_session()
    manager = get_or_404(db, Manager, manager_id)

    def act() -> Done:
        avoidance.unlink_avoidance(db, manager, link_id)
        return Done(_("Avoidance link removed."), url_for("people.show_manager", manager_id=manager_id))

    return handle_action(act, url_for("people.show_manager", manager_id=manager_id))
