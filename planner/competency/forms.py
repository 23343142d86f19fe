"""Forms of the competency pages: frameworks, groups, dimensions, assessments and the assessment filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.bounds import MAX_WEIGHT
from planner.web.fields import FloatField


class FrameworkForm(FlaskForm):
    """Name and description of a framework version."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=500)])


class PartForm(FlaskForm):
    """A group or a dimension: code, both names and a weight."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name_zh = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=80)])
    name_en = StringField(_l("English name"), validators=[DataRequired(), Length(max=80)])
    weight = FloatField(
        _l("Weight"), default=1.0, validators=[InputRequired(), NumberRange(min=0, max=MAX_WEIGHT)]
    )

    def __init__(self, *args: object, taken_codes: set[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.taken_codes = taken_codes or set()

    def validate_code(self, field: StringField) -> None:
        if (field.data or "").strip() in self.taken_codes:
            raise ValidationError(_l("This code is already used here."))
