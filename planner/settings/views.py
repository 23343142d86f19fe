"""Settings pages: everyone may read them; only administrators change them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.auth.access import admin_required
from planner.enums import Education, Role
from planner.errors import InvalidInput, StillReferenced
from planner.people.models import Grade
from planner.persistence import get_or_404
from planner.settings import grades
from planner.settings.forms import NewGradeForm, RenameGradeForm, SettingsForm
from planner.settings.rules import current_settings, update_settings
from planner.web.database import db_session
from planner.web.formflow import attach_error


def _render_index(form: SettingsForm | None = None, status: int = 200) -> tuple[str, int]:
    db = db_session()
    values = current_settings(db)
    is_admin = current_user.role == Role.ADMIN
    if form is None and is_admin:
        form = SettingsForm.from_settings(values)
    return (
        render_template(
            "settings/index.html",
            form=form,
            values=values,
            education=Education._value2member_map_.get(values["min_education"]),
            ladder=grades.grade_ladder(db),
            is_admin=is_admin,
        ),
        status,
    )


def index() -> tuple[str, int]:
    """Show the grade ladder and the bank-wide settings."""
    return _render_index()


@admin_required
def update() -> Response | tuple[str, int]:
    """Store the bank-wide settings after checking each one."""
    db = db_session()
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            changed = update_settings(db, form.settings())
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Settings saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("settings.index"))
    return _render_index(form, 422)


@admin_required
def add_grade() -> str | Response | tuple[str, int]:
    """Add a grade to the ladder."""
    db = db_session()
    form = NewGradeForm(db)
    if form.validate_on_submit():
        try:
            grade = grades.create_grade(
                db,
                form.code.data.strip(),
                form.rank.data,
                form.name_zh.data.strip(),
                form.name_en.data.strip(),
            )
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Grade %(code)s added.", code=grade.code), "success")
            return redirect(url_for("settings.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("settings/grade_form.html", form=form, grade=None), status


@admin_required
def rename_grade(grade_id: int) -> str | Response | tuple[str, int]:
    """Change a grade's names."""
    db = db_session()
    grade = get_or_404(db, Grade, grade_id)
    form = RenameGradeForm(obj=grade)
    if form.validate_on_submit():
        grades.rename_grade(db, grade, form.name_zh.data.strip(), form.name_en.data.strip())
        db.commit()
        flash(_("Grade %(code)s renamed.", code=grade.code), "success")
        return redirect(url_for("settings.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("settings/grade_form.html", form=form, grade=grade), status


@admin_required
def delete_grade(grade_id: int) -> Response:
    """Delete a grade nobody holds."""
    db = db_session()
    grade = get_or_404(db, Grade, grade_id)
    try:
        grades.delete_grade(db, grade)
    except StillReferenced as error:
        flash(error.message, "error")
        return redirect(url_for("settings.index"))
    db.commit()
    flash(_("Grade deleted."), "success")
    return redirect(url_for("settings.index"))
