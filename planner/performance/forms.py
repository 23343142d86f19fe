"""Forms of the performance pages: schemes, indicators, reviews and the review filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.enums import IndicatorDirection, Normalisation, Segment, UnitKind
from planner.org.models import OrgUnit
from planner.performance.models import KpiIndicator, KpiScheme
from planner.performance.reviews import PERIOD_PATTERN, review_periods
from planner.web.fields import FloatField
from planner.web.forms import enum_choices, optional_int, select_choices
from planner.web.templating import localized


class SchemeForm(FlaskForm):
    """Name and description of a KPI scheme."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=500)])


class IndicatorForm(FlaskForm):
    """One indicator: names, unit, direction, weight and normalisation with its target or band."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name_zh = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=80)])
    name_en = StringField(_l("English name"), validators=[DataRequired(), Length(max=80)])
    unit_label = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    direction = SelectField(_l("Direction"), validators=[InputRequired()])
    weight = FloatField(_l("Weight"), validators=[InputRequired(), NumberRange(min=0, max=1)])
    normalisation = SelectField(_l("Normalisation"), validators=[InputRequired()])
    target = FloatField(_l("Target (scores 100)"), validators=[Optional()])
    band_low = FloatField(_l("Band: full score up to"), validators=[Optional()])
    band_high = FloatField(_l("Band: zero from"), validators=[Optional()])

    def __init__(self, *args: object, taken_codes: set[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.taken_codes = taken_codes or set()
        self.direction.choices = select_choices(enum_choices(IndicatorDirection))
        self.normalisation.choices = select_choices(enum_choices(Normalisation))

    def validate_code(self, field: StringField) -> None:
        if (field.data or "").strip() in self.taken_codes:
            raise ValidationError(_l("This code is already used in this scheme."))

    def validate_weight(self, field: FloatField) -> None:
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("The weight must be above 0."))

    def validate_target(self, field: FloatField) -> None:
        if self.normalisation.data == Normalisation.TARGET.value and (field.data is None or field.data <= 0):
            raise ValidationError(_l("A target above 0 is required."))

    def validate_band_high(self, field: FloatField) -> None:
        if self.normalisation.data != Normalisation.TOLERANCE_BAND.value:
            return
        if field.data is None or self.band_low.data is None or self.band_low.data >= field.data:
            raise ValidationError(_l("The band needs a lower bound below its upper bound."))


def review_form_class(indicators: list[KpiIndicator]) -> type[FlaskForm]:
    """Return a review form with one value field per indicator of the scheme (``value_<indicator id>``)."""

    class ReviewForm(FlaskForm):
        employee_no = StringField(_l("CM employee number"), validators=[DataRequired(), Length(max=32)])
        period = StringField(
            _l("Period"),
            validators=[DataRequired(), Length(max=16)],
            render_kw={"placeholder": _l("2025, 2025H1 or 2025Q3")},
        )

        def validate_period(self, field: StringField) -> None:
            if not PERIOD_PATTERN.match((field.data or "").strip().upper()):
                raise ValidationError(
                    _l("Write the period as a year (2025), a half-year (2025H1) or a quarter (2025Q3).")
                )

        def indicator_values(self) -> dict[int, float | None]:
            return {i.id: getattr(self, f"value_{i.id}").data for i in indicators}

    for indicator in indicators:
        label = f"{localized(indicator)}" + (f" ({indicator.unit_label})" if indicator.unit_label else "")
        setattr(ReviewForm, f"value_{indicator.id}", FloatField(label, validators=[InputRequired()]))
    return ReviewForm


class ReviewFilterForm(FlaskForm):
    """Filters of the review list, read from the query string."""

    class Meta:
        csrf = False

    scheme = SelectField(_l("Scheme"), coerce=optional_int, validators=[Optional()])
    # Any label filters exactly, even one with no review yet (an empty list says so).
    period = SelectField(_l("Period"), validators=[Optional()], validate_choice=False)
    branch = SelectField(_l("Branch"), coerce=optional_int, validators=[Optional()])
    segment = SelectField(_l("Segment"), validators=[Optional()])
    q = StringField(_l("Employee number or name"), validators=[Optional()])

    def __init__(self, session: Session, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", str(_l("All")))
        schemes = session.execute(select(KpiScheme.id, KpiScheme.name).order_by(KpiScheme.name)).all()
        self.scheme.choices = select_choices([everything, *((str(i), name) for i, name in schemes)])
        self.period.choices = select_choices([everything, *((p, p) for p in review_periods(session))])
        branches = session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name)
            .where(OrgUnit.kind == UnitKind.BRANCH)
            .order_by(OrgUnit.code)
        ).all()
        self.branch.choices = select_choices(
            [everything, *((str(i), f"{code} {name}") for i, code, name in branches)]
        )
        self.segment.choices = select_choices([everything, *enum_choices(Segment)])
