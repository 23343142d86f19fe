"""Territory pages: the filtered list, a territory with its staffing need, and the forms that change them."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.pages.territories.page import territory_page_data
from planner.pages.territories.queries import territory_page
from planner.persistence import get_or_404
from planner.territories import services
from planner.territories.forms import TerritoryFilterForm, TerritoryForm, ThresholdForm
from planner.territories.models import Territory, TerritoryThreshold
from planner.territories.staffing import staffing_norms
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def list_territories() -> str:
    """List territories, filtered by branch, outlet, segment, search text and understaffing."""
    db = db_session()
    form = TerritoryFilterForm(db, formdata=request.args)
    page = territory_page(
        db,
        form.filters(),
        staffing_norms(db),
        request.args.get("page", 1, type=int),
        current_app.extensions["planner.config"].page_size,
    )
    return render_template("territories/list.html", form=form, page=page)


def show_territory(territory_id: int) -> str:
    """Show a territory: workload, location, staffing need and how it is derived, its CMs and thresholds."""
    page = territory_page_data(db_session(), territory_id)
    return render_template("territories/show.html", page=page, territory=page.territory)


@editor_required
def create_territory() -> ResponseReturnValue:
    """Add a territory."""
    db = db_session()
    form = TerritoryForm(db)

    def save() -> Done:
        territory = services.create_territory(db, form.data_for_service())
        return Done(
            _("Territory %(code)s added.", code=territory.code),
            url_for("territories.show_territory", territory_id=territory.id),
        )

    return handle_form(
        form, save, lambda: render_template("territories/form.html", form=form, territory=None)
    )


@editor_required
def edit_territory(territory_id: int) -> ResponseReturnValue:
    """Change a territory's facts, workload or staffing."""
    db = db_session()
    territory = get_or_404(db, Territory, territory_id)
    form = TerritoryForm(db, territory)

    def save() -> Done:
        services.update_territory(db, territory, form.data_for_service())
        return Done(
            _("Territory %(code)s saved.", code=territory.code),
            url_for("territories.show_territory", territory_id=territory.id),
        )

    return handle_form(
        form, save, lambda: render_template("territories/form.html", form=form, territory=territory)
    )


@editor_required
def delete_territory(territory_id: int) -> Response:
    """Delete a territory no CM works or has worked."""
    db = db_session()
    territory = get_or_404(db, Territory, territory_id)

    def act() -> Done:
        services.delete_territory(db, territory)
        return Done(_("Territory deleted."), url_for("territories.list_territories"))

    return handle_action(act, url_for("territories.show_territory", territory_id=territory_id))


def _threshold(db: Session, territory_id: int, threshold_id: int) -> TerritoryThreshold:
    threshold = get_or_404(db, TerritoryThreshold, threshold_id)
    if threshold.territory_id != territory_id:
        abort(404)
    return threshold


@editor_required
def add_threshold(territory_id: int) -> ResponseReturnValue:
    """Require a minimum score on a competency dimension for CMs working the territory."""
    db = db_session()
    territory = get_or_404(db, Territory, territory_id)
    form = ThresholdForm(db, territory)

    def save() -> Done:
        services.add_threshold(db, territory, form.dimension_id.data, form.min_score.data)
        return Done(_("Threshold added."), url_for("territories.show_territory", territory_id=territory_id))

    return handle_form(
        form, save, lambda: render_template("territories/threshold_form.html", form=form, territory=territory)
    )


@editor_required
def edit_threshold(territory_id: int, threshold_id: int) -> ResponseReturnValue:
    """Change a competency threshold."""
    db = db_session()
    threshold = _threshold(db, territory_id, threshold_id)
    form = ThresholdForm(db, threshold.territory, threshold)

    def save() -> Done:
        services.update_threshold(db, threshold, form.dimension_id.data, form.min_score.data)
        return Done(_("Threshold saved."), url_for("territories.show_territory", territory_id=territory_id))

    return handle_form(
        form,
        save,
        lambda: render_template("territories/threshold_form.html", form=form, territory=threshold.territory),
    )


@editor_required
def remove_threshold(territory_id: int, threshold_id: int) -> Response:
    """Drop a competency threshold."""
    db = db_session()
    threshold = _threshold(db, territory_id, threshold_id)

    def act() -> Done:
        services.remove_threshold(db, threshold)
        return Done(_("Threshold removed."), url_for("territories.show_territory", territory_id=territory_id))

    return handle_action(act, url_for("territories.show_territory", territory_id=territory_id))
