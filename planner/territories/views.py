"""Territory pages: the filtered list, a territory with its staffing need, and the forms that change them."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.errors import InvalidInput, StillReferenced
from planner.people.models import Grade
from planner.persistence import get_or_404
from planner.territories import services
from planner.territories.forms import TerritoryFilterForm, TerritoryForm, ThresholdForm
from planner.territories.models import Territory, TerritoryThreshold
from planner.territories.staffing import staffing_need, staffing_norms
from planner.web.database import db_session
from planner.web.formflow import attach_error


def list_territories() -> str:
    """List territories, filtered by branch, outlet, segment, search text and understaffing."""
    db = db_session()
    form = TerritoryFilterForm(db, formdata=request.args)
    page = services.territory_page(
        db,
        form.filters(),
        staffing_norms(db),
        request.args.get("page", 1, type=int),
        current_app.extensions["planner.config"].page_size,
    )
    return render_template("territories/list.html", form=form, page=page)


def show_territory(territory_id: int) -> str:
    """Show a territory: workload, location, staffing need and how it is derived, its CMs and thresholds."""
    db = db_session()
    territory = db.scalar(
        select(Territory)
        .where(Territory.id == territory_id)
        .options(selectinload(Territory.thresholds).joinedload(TerritoryThreshold.dimension))
    )
    if territory is None:
        territory = get_or_404(db, Territory, territory_id)
    min_grade = (
        db.scalar(select(Grade).where(Grade.rank == territory.min_grade_rank))
        if territory.min_grade_rank is not None
        else None
    )
    return render_template(
        "territories/show.html",
        territory=territory,
        need=staffing_need(territory, staffing_norms(db)),
        managers=services.working_managers(db, territory),
        min_grade=min_grade,
    )


def _save(db: Session, form: TerritoryForm, territory: Territory | None) -> Territory | None:
    """Create or update from a valid form; on a rule's refusal attach it to the form and return None."""
    try:
        if territory is None:
            return services.create_territory(db, form.data_for_service())
        return services.update_territory(db, territory, form.data_for_service())
    except InvalidInput as error:
        db.rollback()
        attach_error(form, error)
        return None


@editor_required
def create_territory() -> str | Response | tuple[str, int]:
    """Add a territory."""
    db = db_session()
    form = TerritoryForm(db)
    if form.validate_on_submit() and (territory := _save(db, form, None)) is not None:
        db.commit()
        flash(_("Territory %(code)s added.", code=territory.code), "success")
        return redirect(url_for("territories.show_territory", territory_id=territory.id))
    status = 422 if form.is_submitted() else 200
    return render_template("territories/form.html", form=form, territory=None), status


@editor_required
def edit_territory(territory_id: int) -> str | Response | tuple[str, int]:
    """Change a territory's facts, workload or staffing."""
    db = db_session()
    territory = get_or_404(db, Territory, territory_id)
    form = TerritoryForm(db, territory)
    if form.validate_on_submit() and _save(db, form, territory) is not None:
        db.commit()
        flash(_("Territory %(code)s saved.", code=territory.code), "success")
        return redirect(url_for("territories.show_territory", territory_id=territory.id))
    status = 422 if form.is_submitted() else 200
    return render_template("territories/form.html", form=form, territory=territory), status


@editor_required
def delete_territory(territory_id: int) -> Response:
    """Delete a territory no CM works or has worked."""
    db = db_session()
    territory = get_or_404(db, Territory, territory_id)
    try:
        services.delete_territory(db, territory)
    except StillReferenced as error:
        flash(error.message, "error")
        return redirect(url_for("territories.show_territory", territory_id=territory_id))
    db.commit()
    flash(_("Territory deleted."), "success")
    return redirect(url_for("territories.list_territories"))


def _threshold(db: Session, territory_id: int, threshold_id: int) -> TerritoryThreshold:
    threshold = get_or_404(db, TerritoryThreshold, threshold_id)
    if threshold.territory_id != territory_id:
        abort(404)
    return threshold


@editor_required
def add_threshold(territory_id: int) -> str | Response | tuple[str, int]:
    """Require a minimum score on a competency dimension for CMs working the territory."""
    db = db_session()
    territory = get_or_404(db, Territory, territory_id)
    form = ThresholdForm(db, territory)
    if form.validate_on_submit():
        try:
            services.add_threshold(db, territory, form.dimension_id.data, form.min_score.data)
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Threshold added."), "success")
            return redirect(url_for("territories.show_territory", territory_id=territory_id))
    status = 422 if form.is_submitted() else 200
    return render_template("territories/threshold_form.html", form=form, territory=territory), status


@editor_required
def edit_threshold(territory_id: int, threshold_id: int) -> str | Response | tuple[str, int]:
    """Change a competency threshold."""
    db = db_session()
    threshold = _threshold(db, territory_id, threshold_id)
    form = ThresholdForm(db, threshold.territory, threshold)
    if form.validate_on_submit():
        try:
            services.update_threshold(db, threshold, form.dimension_id.data, form.min_score.data)
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Threshold saved."), "success")
            return redirect(url_for("territories.show_territory", territory_id=territory_id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "territories/threshold_form.html", form=form, territory=threshold.territory
    ), status


@editor_required
def remove_threshold(territory_id: int, threshold_id: int) -> Response:
    """Drop a competency threshold."""
    db = db_session()
    services.remove_threshold(db, _threshold(db, territory_id, threshold_id))
    db.commit()
    flash(_("Threshold removed."), "success")
    return redirect(url_for("territories.show_territory", territory_id=territory_id))
