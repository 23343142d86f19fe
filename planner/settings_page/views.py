"""Settings pages: everyone may read them; only administrators change them."""

from __future__ import annotations

from flask import render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.auth.access import admin_required
from planner.enums import Education, Role
from planner.persistence import get_or_404
from planner.settings.models import Grade
from planner.settings.rules import current_settings, update_settings
from planner.settings_page import grades
from planner.settings_page.forms import NewGradeForm, RenameGradeForm, SettingsForm
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def _render_index(form: SettingsForm | None = None) -> str:
    db = db_session()
    values = current_settings(db)
    is_admin = current_user.role == Role.ADMIN
    if form is None and is_admin:
        form = SettingsForm.from_settings(values)
    return render_template(
        "settings/index.html",
        form=form,
        values=values,
        education=Education._value2member_map_.get(values["min_education"]),
        ladder=grades.grade_ladder(db),
        is_admin=is_admin,
    )


def index() -> str:
    """Show the grade ladder and the bank-wide settings."""
    return _render_index()


@admin_required
def update() -> ResponseReturnValue:
    """Store the bank-wide settings after checking each one."""
    db = db_session()
    form = SettingsForm()

    def save() -> Done:
        changed = update_settings(db, form.settings())
        return Done(_("Settings saved.") if changed else _("Nothing changed."), url_for("settings.index"))

    return handle_form(form, save, lambda: _render_index(form))


@admin_required
def add_grade() -> ResponseReturnValue:
    """Add a grade to the ladder."""
    db = db_session()
    form = NewGradeForm(db)

    def save() -> Done:
        grade = grades.create_grade(
            db,
            form.code.data.strip(),
            form.rank.data,
            form.name_zh.data.strip(),
            form.name_en.data.strip(),
        )
        return Done(_("Grade %(code)s added.", code=grade.code), url_for("settings.index"))

    return handle_form(form, save, lambda: render_template("settings/grade_form.html", form=form, grade=None))


@admin_required
def rename_grade(grade_id: int) -> ResponseReturnValue:
    """Change a grade's names."""
    db = db_session()
    grade = get_or_404(db, Grade, grade_id)
    form = RenameGradeForm(obj=grade)

    def save() -> Done:
        grades.rename_grade(db, grade, form.name_zh.data.strip(), form.name_en.data.strip())
        return Done(_("Grade %(code)s renamed.", code=grade.code), url_for("settings.index"))

    return handle_form(
        form, save, lambda: render_template("settings/grade_form.html", form=form, grade=grade)
    )


@admin_required
def delete_grade(grade_id: int) -> Response:
    """Delete a grade nobody holds."""
    db = db_session()
    grade = get_or_404(db, Grade, grade_id)

    def act() -> Done:
        grades.delete_grade(db, grade)
        return Done(_("Grade deleted."), url_for("settings.index"))

    return handle_action(act, url_for("settings.index"))
