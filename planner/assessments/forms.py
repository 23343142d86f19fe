"""Forms of the assessment pages: an assessment and the list's filter."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from planner.assessments.services import SUBJECT_CANDIDATE, SUBJECT_MANAGER
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.competency.services import active_framework
from planner.enums import AssessmentSource
from planner.web.fields import FloatField
from planner.web.forms import enum_choices, optional_int, select_choices
from planner.web.templating import localized


def dimension_choices(session: Session, current_id: int | None = None) -> list[SelectChoice]:
    """Return the active framework's dimensions as choices, plus ``current_id`` if it belongs elsewhere."""
    framework = active_framework(session)
    choices: list[tuple[str, str]] = [("", "—")]
    ids: set[int] = set()
    if framework is not None:
        for group in framework.groups:
            for dimension in group.dimensions:
                ids.add(dimension.id)
                choices.append((str(dimension.id), f"{localized(group)} · {localized(dimension)}"))
    if current_id and current_id not in ids:
        row = session.execute(
            select(CompetencyDimension, CompetencyGroup, CompetencyFramework)
            .join(CompetencyGroup, CompetencyDimension.group_id == CompetencyGroup.id)
            .join(CompetencyFramework, CompetencyGroup.framework_id == CompetencyFramework.id)
            .where(CompetencyDimension.id == current_id)
        ).first()
        if row is not None:
            dimension, group, fw = row
            label = f"{localized(group)} · {localized(dimension)} (v{fw.version})"
            choices.append((str(dimension.id), label))
    return select_choices(choices)


class AssessmentForm(FlaskForm):
    """A score for a CM (by employee number) or a candidate (by reference) on one dimension."""

    employee_no = StringField(_l("CM employee number"), validators=[Optional(), Length(max=32)])
    candidate_reference = StringField(_l("Candidate reference"), validators=[Optional(), Length(max=32)])
    dimension_id = SelectField(_l("Dimension"), coerce=optional_int, validators=[InputRequired()])
    score = FloatField(_l("Score (0–100)"), validators=[InputRequired(), NumberRange(min=0, max=100)])
    assessed_on = DateField(_l("Assessed on"), default=date.today, validators=[InputRequired()])
    source = SelectField(_l("Source"), validators=[InputRequired()])

    def __init__(
        self, session: Session, *args: object, current_dimension_id: int | None = None, **kwargs: object
    ):
        super().__init__(*args, **kwargs)
        self.dimension_id.choices = dimension_choices(session, current_dimension_id)
        self.source.choices = select_choices(enum_choices(AssessmentSource))

    def validate_dimension_id(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose a dimension."))

    def validate_employee_no(self, field: StringField) -> None:
        if bool((field.data or "").strip()) == bool((self.candidate_reference.data or "").strip()):
            raise ValidationError(
                _l("Give either a CM's employee number or a candidate's reference, not both.")
            )

    def validate_assessed_on(self, field: DateField) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("The date cannot be in the future."))


class AssessmentFilterForm(FlaskForm):
    """Filters of the assessment list, read from the query string."""

    class Meta:
        csrf = False

    kind = SelectField(
        _l("Subject"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice(SUBJECT_MANAGER, _l("Customer managers")),
            SelectChoice(SUBJECT_CANDIDATE, _l("Candidates")),
        ],
        validators=[Optional()],
    )
    dimension = SelectField(_l("Dimension"), coerce=optional_int, validators=[Optional()])
    source = SelectField(_l("Source"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    q = StringField(_l("Employee number or candidate reference"), validators=[Optional()])

    def __init__(self, session: Session, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.dimension.choices = dimension_choices(session)
        self.source.choices = select_choices([("", str(_l("All"))), *enum_choices(AssessmentSource)])
