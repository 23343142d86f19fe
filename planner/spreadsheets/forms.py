"""The upload form of an import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from planner.spreadsheets.kinds import KINDS
from planner.web.forms import select_choices

KIND_LABELS = {
    "units": _l("Organisation units"),
    "territories": _l("Territories"),
    "managers": _l("Customer managers"),
    "candidates": _l("Candidates"),
    "assessments": _l("Competency assessments"),
    "reviews": _l("Performance reviews"),
}


class UploadForm(FlaskForm):
    """Choose what the file holds, the file, and (optionally) its sheet."""

    kind = SelectField(_l("What the file holds"), validators=[DataRequired()])
    file = FileField(_l("Workbook (.xlsx) or CSV file"), validators=[FileRequired(_l("Choose a file."))])
    sheet = StringField(_l("Sheet (empty: the first that fits)"), validators=[Optional(), Length(max=100)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = select_choices((name, KIND_LABELS[name]) for name in KINDS)
