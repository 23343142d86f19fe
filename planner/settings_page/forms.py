"""Forms of the settings page: the bank-wide settings and a grade of the ladder."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from planner.enums import Education
from planner.errors import InvalidInput
from planner.settings.rules import CUSTOMER_NORM_SEGMENTS, HOUSEHOLD_NORM_SEGMENTS
from planner.settings_page import grades
from planner.web.formflow import error_text
from planner.web.forms import enum_choices, select_choices

POSITIVE_NORM = NumberRange(min=1, message=_l("The norm must be a whole number greater than zero."))


class SettingsForm(FlaskForm):
    """The bank-wide settings; each field is one value (staffing norms one per segment)."""

    qualification_validity_years = IntegerField(
        _l("Credit qualification valid for (years)"),
        validators=[
            InputRequired(),
            NumberRange(1, 10, message=_l("Enter a whole number of years from 1 to 10.")),
        ],
    )
    qualification_warning_days = IntegerField(
        _l("Warn before a qualification expires (days)"),
        validators=[
            InputRequired(),
            NumberRange(1, 365, message=_l("Enter a whole number of days from 1 to 365.")),
        ],
    )
    households_per_cm_retail = IntegerField(
        _l("Households per CM: retail"), validators=[InputRequired(), POSITIVE_NORM]
    )
    households_per_cm_agriculture = IntegerField(
        _l("Households per CM: agriculture"), validators=[InputRequired(), POSITIVE_NORM]
    )
    customers_per_cm_corporate = IntegerField(
        _l("Customers per CM: corporate"), validators=[InputRequired(), POSITIVE_NORM]
    )
    customers_per_cm_small_business = IntegerField(
        _l("Customers per CM: small business"), validators=[InputRequired(), POSITIVE_NORM]
    )
    exam_written_weight = FloatField(
        _l("Weight of the written exam (0–1; the interview has the rest)"),
        validators=[InputRequired(), NumberRange(0, 1, message=_l("The weight must be between 0 and 1."))],
    )
    min_composite_score = FloatField(
        _l("Minimum composite score (0–100)"),
        validators=[InputRequired(), NumberRange(0, 100, message=_l("The score must be between 0 and 100."))],
    )
    min_education = SelectField(_l("Minimum education"), choices=select_choices(enum_choices(Education)))

    @classmethod
    def from_settings(cls, values: dict[str, Any], **kwargs: Any) -> SettingsForm:
        """Build the form pre-filled with the current ``values``."""
        data = {key: value for key, value in values.items() if not isinstance(value, dict)}
        for segment in HOUSEHOLD_NORM_SEGMENTS:
            data[f"households_per_cm_{segment.value}"] = values["households_per_cm"].get(segment.value)
        for segment in CUSTOMER_NORM_SEGMENTS:
            data[f"customers_per_cm_{segment.value}"] = values["customers_per_cm"].get(segment.value)
        return cls(data=data, **kwargs)

    def settings(self) -> dict[str, Any]:
        """Return the submitted values keyed like the stored settings."""
        return {
            "qualification_validity_years": self.qualification_validity_years.data,
            "qualification_warning_days": self.qualification_warning_days.data,
            "households_per_cm": {
                s.value: getattr(self, f"households_per_cm_{s.value}").data for s in HOUSEHOLD_NORM_SEGMENTS
            },
            "customers_per_cm": {
                s.value: getattr(self, f"customers_per_cm_{s.value}").data for s in CUSTOMER_NORM_SEGMENTS
            },
            "exam_written_weight": self.exam_written_weight.data,
            "min_composite_score": self.min_composite_score.data,
            "min_education": self.min_education.data,
        }


class NewGradeForm(FlaskForm):
    """A new rung of the grade ladder."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    rank = IntegerField(
        _l("Rank (0 = entry grade)"),
        validators=[InputRequired(), NumberRange(min=0, message=_l("The rank cannot be negative."))],
    )
    name_zh = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=40)])
    name_en = StringField(_l("English name"), validators=[DataRequired(), Length(max=40)])

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def validate_code(self, field: StringField) -> None:
        self._check("code")

    def validate_rank(self, field: IntegerField) -> None:
        self._check("rank")

    def _check(self, name: str) -> None:
        if self.rank.data is None:
            return
        try:
            grades.check_new_grade(self.session, (self.code.data or "").strip(), self.rank.data)
        except InvalidInput as error:
            if error.field == name:
                raise ValidationError(error_text(error)) from error


class RenameGradeForm(FlaskForm):
    """New names for a grade; code and rank stay because territories refer to the rank."""

    name_zh = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=40)])
    name_en = StringField(_l("English name"), validators=[DataRequired(), Length(max=40)])
