"""Pages of KPI schemes and their indicators."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from planner.auth.access import admin_required, editor_required
from planner.enums import IndicatorDirection, Normalisation
from planner.performance import schemes
from planner.performance.forms import IndicatorForm, SchemeForm
from planner.performance.models import KpiIndicator, KpiScheme
from planner.performance.page import scheme_page_data
from planner.persistence import get_or_404
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def list_schemes() -> str:
    """List the KPI schemes with their indicator counts, weight sums and review counts."""
    summaries = schemes.list_schemes(db_session())
    return render_template("performance/schemes.html", summaries=summaries)


def show_scheme(scheme_id: int) -> str:
    """Show a scheme's indicators, the current weight sum and the periods reviewed under it."""
    page = scheme_page_data(db_session(), scheme_id)
    return render_template("performance/scheme.html", page=page, scheme=page.scheme)


def _scheme_url(scheme_id: int) -> str:
    return url_for("performance.show_scheme", scheme_id=scheme_id)


def _scheme_form(scheme: KpiScheme | None) -> ResponseReturnValue:
    db = db_session()
    form = SchemeForm(obj=scheme)

    def save() -> Done:
        name, description = form.name.data, form.description.data
        if scheme is None:
            saved = schemes.create_scheme(db, name=name, description=description)
        else:
            saved = schemes.update_scheme(db, scheme, name=name, description=description)
        return Done(_("Scheme saved."), _scheme_url(saved.id))

    title = _("New KPI scheme") if scheme is None else _("Edit KPI scheme")
    cancel = url_for("performance.list_schemes") if scheme is None else _scheme_url(scheme.id)
    return handle_form(
        form, save, lambda: render_template("performance/form.html", form=form, title=title, cancel=cancel)
    )


@editor_required
def create_scheme() -> ResponseReturnValue:
    """Create an empty, inactive scheme."""
    return _scheme_form(None)


@editor_required
def edit_scheme(scheme_id: int) -> ResponseReturnValue:
    """Rename a scheme or change its description."""
    return _scheme_form(schemes.load_scheme(db_session(), scheme_id) or abort(404))


def _act(
    scheme_id: int, action: Callable[[Session, KpiScheme], object], success: str, then: str = "show"
) -> Response:
    """Run a one-click action on a scheme; show a refusal as a message on the scheme page."""
    db = db_session()
    scheme = schemes.load_scheme(db, scheme_id) or abort(404)

    def act() -> Done:
        action(db, scheme)
        return Done(
            success, url_for("performance.list_schemes") if then == "list" else _scheme_url(scheme_id)
        )

    return handle_action(act, _scheme_url(scheme_id))


@editor_required
def activate_scheme(scheme_id: int) -> Response:
    """Open a scheme for reviews once its weights add up to 1."""
    return _act(scheme_id, schemes.activate_scheme, _("The scheme is active."))


@editor_required
def deactivate_scheme(scheme_id: int) -> Response:
    """Close a scheme to new reviews."""
    return _act(scheme_id, schemes.deactivate_scheme, _("The scheme is inactive."))


@editor_required
def delete_scheme(scheme_id: int) -> Response:
    """Delete a scheme no review uses."""
    return _act(scheme_id, schemes.delete_scheme, _("Scheme deleted."), then="list")


@admin_required
def seed_default() -> Response:
    """Create the default multi-indicator scheme when no scheme exists."""
    db = db_session()

    def act() -> Done:
        scheme = schemes.seed_default_model(db)
        return Done(_("The default KPI scheme was created."), _scheme_url(scheme.id))

    return handle_action(act, url_for("performance.list_schemes"))


def _indicator_input(form: IndicatorForm) -> schemes.IndicatorInput:
    return schemes.IndicatorInput(
        code=form.code.data or "",
        name_zh=form.name_zh.data or "",
        name_en=form.name_en.data or "",
        unit_label=form.unit_label.data or "",
        direction=IndicatorDirection(form.direction.data),
        weight=form.weight.data,
        normalisation=Normalisation(form.normalisation.data),
        target=form.target.data,
        band_low=form.band_low.data,
        band_high=form.band_high.data,
    )


def _indicator_form(scheme: KpiScheme, indicator: KpiIndicator | None) -> ResponseReturnValue:
    db = db_session()
    taken = {i.code for i in scheme.indicators if indicator is None or i.id != indicator.id}
    form = IndicatorForm(obj=indicator, taken_codes=taken)

    def save() -> Done:
        if indicator is None:
            schemes.create_indicator(db, scheme, _indicator_input(form))
        else:
            schemes.update_indicator(db, indicator, _indicator_input(form))
        return Done(_("Indicator saved."), _scheme_url(scheme.id))

    title = _("New indicator") if indicator is None else _("Edit indicator")
    return handle_form(
        form,
        save,
        lambda: render_template(
            "performance/form.html",
            form=form,
            title=f"{title} · {scheme.name}",
            cancel=_scheme_url(scheme.id),
        ),
    )


@editor_required
def create_indicator(scheme_id: int) -> ResponseReturnValue:
    """Add an indicator to a scheme."""
    return _indicator_form(schemes.load_scheme(db_session(), scheme_id) or abort(404), None)


@editor_required
def edit_indicator(indicator_id: int) -> ResponseReturnValue:
    """Change an indicator (every review of its scheme is rescored)."""
    indicator = get_or_404(db_session(), KpiIndicator, indicator_id)
    return _indicator_form(indicator.scheme, indicator)


@editor_required
def delete_indicator(indicator_id: int) -> Response:
    """Delete an indicator no review has a value for."""
    db = db_session()
    indicator = get_or_404(db, KpiIndicator, indicator_id)
    scheme_url = _scheme_url(indicator.scheme_id)

    def act() -> Done:
        schemes.delete_indicator(db, indicator)
        return Done(_("Indicator deleted."), scheme_url)

    return handle_action(act, scheme_url)
