"""Organisation pages: the tree, a unit's page, and forms to change units and yearly staff totals."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.org import services
from planner.org.forms import StaffCountForm, UnitForm
from planner.org.models import OrgUnit, UnitStaffCount
from planner.org.queries import find_bank
from planner.pages.org.queries import branch_page, unit_summary
from planner.persistence import get_or_404
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def list_units() -> str:
    """Show the bank, its branches and their outlets with the counts of CMs and territories."""
    db = db_session()
    page = branch_page(
        db, request.args.get("page", 1, type=int), current_app.extensions["planner.config"].page_size
    )
    return render_template("org/list.html", bank=find_bank(db), page=page)


def show_unit(unit_id: int) -> str:
    """Show a unit: facts, parent, the units below it, counts and the CM share of total staff per year."""
    db = db_session()
    unit = get_or_404(db, OrgUnit, unit_id)
    return render_template("org/show.html", summary=unit_summary(db, unit))


@editor_required
def create_unit() -> ResponseReturnValue:
    """Add a bank, branch or outlet."""
    db = db_session()
    form = UnitForm(db)
    parent = request.args.get("parent", "")
    if request.method == "GET" and parent.isdigit():
        form.parent_id.data = int(parent)

    def save() -> Done:
        unit = services.create_unit(db, form.data_for_service())
        return Done(_("Unit %(code)s added.", code=unit.code), url_for("org.show_unit", unit_id=unit.id))

    return handle_form(form, save, lambda: render_template("org/form.html", form=form, unit=None))


@editor_required
def edit_unit(unit_id: int) -> ResponseReturnValue:
    """Change a unit's code, name, level, parent or location."""
    db = db_session()
    unit = get_or_404(db, OrgUnit, unit_id)
    form = UnitForm(db, unit)

    def save() -> Done:
        services.update_unit(db, unit, form.data_for_service())
        return Done(_("Unit %(code)s saved.", code=unit.code), url_for("org.show_unit", unit_id=unit.id))

    return handle_form(form, save, lambda: render_template("org/form.html", form=form, unit=unit))


@editor_required
def delete_unit(unit_id: int) -> Response:
    """Delete a unit nothing refers to any more."""
    db = db_session()
    unit = get_or_404(db, OrgUnit, unit_id)

    def act() -> Done:
        services.delete_unit(db, unit)
        return Done(_("Unit deleted."), url_for("org.list_units"))

    return handle_action(act, url_for("org.show_unit", unit_id=unit_id))


@editor_required
def add_staff_count(unit_id: int) -> ResponseReturnValue:
    """Record a unit's total staff for one more year."""
    db = db_session()
    unit = get_or_404(db, OrgUnit, unit_id)
    form = StaffCountForm(db, unit)

    def save() -> Done:
        services.add_staff_count(db, unit, form.year.data, form.total_staff.data)
        return Done(
            _("Total staff for %(year)d recorded.", year=form.year.data),
            url_for("org.show_unit", unit_id=unit.id),
        )

    return handle_form(
        form, save, lambda: render_template("org/staff_form.html", form=form, unit=unit, row=None)
    )


def _staff_row(db: Session, unit_id: int, count_id: int) -> UnitStaffCount:
    row = get_or_404(db, UnitStaffCount, count_id)
    if row.unit_id != unit_id:
        abort(404)
    return row


@editor_required
def edit_staff_count(unit_id: int, count_id: int) -> ResponseReturnValue:
    """Change one year's total staff."""
    db = db_session()
    row = _staff_row(db, unit_id, count_id)
    form = StaffCountForm(db, row.unit, row)

    def save() -> Done:
        services.update_staff_count(db, row, form.year.data, form.total_staff.data)
        return Done(
            _("Total staff for %(year)d saved.", year=row.year), url_for("org.show_unit", unit_id=unit_id)
        )

    return handle_form(
        form, save, lambda: render_template("org/staff_form.html", form=form, unit=row.unit, row=row)
    )


@editor_required
def delete_staff_count(unit_id: int, count_id: int) -> Response:
    """Remove one year's total staff."""
    db = db_session()
    row = _staff_row(db, unit_id, count_id)
    year = row.year

    def act() -> Done:
        services.delete_staff_count(db, row)
        return Done(
            _("Total staff for %(year)d removed.", year=year), url_for("org.show_unit", unit_id=unit_id)
        )

    return handle_action(act, url_for("org.show_unit", unit_id=unit_id))
