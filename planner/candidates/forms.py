"""Forms of the candidate pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from planner.candidates.models import Candidate
from planner.candidates.services import ID_NUMBER_PATTERN, MAX_PREFERENCES, PHONE_PATTERN, CandidateData
from planner.enums import CandidateChannel, Education, Gender, PipelineStatus
from planner.org.models import OrgUnit
from planner.web.fields import FloatField, IntegerField
from planner.web.forms import enum_choices, lazy_translate, optional_int, select_choices

ANY = ("", _l("Any"))


def _enum_choices(enum_cls: Any) -> Callable[[], list[SelectChoice]]:
    """Return a callable giving the enum's options, labelled in the locale of the request."""
    return lambda: select_choices(enum_choices(enum_cls))


def _unit_label(unit: OrgUnit) -> str:
    return f"{unit.code} {unit.name}"


class CandidateFilterForm(FlaskForm):
    """Filters and search of the candidate list (read from the query string)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=60)])
    channel = SelectField(_l("Channel"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    education = SelectField(_l("Education"), validators=[Optional()])
    unit = SelectField(_l("Preferred unit"), validators=[Optional()], coerce=optional_int)
    gates = SelectField(
        _l("Passes all gates"),
        choices=select_choices([ANY, ("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[Optional()],
    )
    sort = SelectField(
        _l("Order"),
        choices=select_choices([("reference", _l("By reference")), ("composite", _l("By composite score"))]),
        validators=[Optional()],
    )

    def __init__(self, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.channel.choices = select_choices([ANY, *enum_choices(CandidateChannel)])
        self.status.choices = select_choices([ANY, *enum_choices(PipelineStatus)])
        self.education.choices = select_choices([ANY, *enum_choices(Education)])
        self.unit.choices = select_choices([ANY, *((unit.id, _unit_label(unit)) for unit in units)])


def _score_field(label: Any) -> FloatField:
    return FloatField(label, validators=[Optional(), NumberRange(min=0, max=100)])


class CandidateForm(FlaskForm):
    """A candidate's facts, scores, gates and preferences."""

    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=32)])
    channel = SelectField(_l("Channel"), choices=_enum_choices(CandidateChannel), validators=[DataRequired()])
    employee_no = StringField(
        _l("Employee number"), validators=[Optional(), Length(max=32)], description=_l("Internal candidates")
    )
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=60)])
    gender = SelectField(_l("Gender"), choices=_enum_choices(Gender), validators=[DataRequired()])
    birth_date = DateField(_l("Birth date"), validators=[InputRequired()])
    id_number = StringField(
        _l("ID number"),
        validators=[
            Optional(),
            Regexp(
                ID_NUMBER_PATTERN.pattern,
                message=_l("An ID number has 18 characters: 17 digits, then a digit or X."),
            ),
        ],
        filters=[lambda value: value.strip().upper() if value else value],
    )
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Regexp(PHONE_PATTERN.pattern, message=_l("A phone number has 11 digits."))],
        filters=[lambda value: value.strip() if value else value],
    )
    education = SelectField(_l("Education"), choices=_enum_choices(Education), validators=[DataRequired()])
    major = StringField(_l("Major"), validators=[Optional(), Length(max=80)])
    years_experience = IntegerField(
        _l("Years of experience"), default=0, validators=[InputRequired(), NumberRange(min=0, max=45)]
    )
    applied_on = DateField(_l("Applied on"), validators=[InputRequired()])
    written_score = _score_field(_l("Written exam score"))
    interview_score = _score_field(_l("Interview score"))
    personality_score = _score_field(_l("Personality test (reference only)"))
    credit_record_clean = BooleanField(_l("Clean credit record"), default=True)
    has_disciplinary_record = BooleanField(_l("Serious disciplinary record"), default=False)
    qualification_passed_on = DateField(_l("Credit qualification passed on"), validators=[Optional()])
    preference_1 = SelectField(_l("First preference"), coerce=optional_int, validators=[Optional()])
    preference_2 = SelectField(_l("Second preference"), coerce=optional_int, validators=[Optional()])
    preference_3 = SelectField(_l("Third preference"), coerce=optional_int, validators=[Optional()])

    def __init__(
        self, units: list[OrgUnit], today: dt.date, candidate: Candidate | None = None, **kwargs: Any
    ):
        if candidate is not None and "obj" not in kwargs:
            kwargs["obj"] = candidate
            for preference in candidate.preferences:
                if 1 <= preference.rank <= MAX_PREFERENCES:
                    kwargs.setdefault(f"preference_{preference.rank}", preference.unit_id)
        super().__init__(**kwargs)
        self.today = today
        choices = select_choices([("", "—"), *((unit.id, _unit_label(unit)) for unit in units)])
        for field in self.preference_fields:
            field.choices = choices
        if candidate is None and self.applied_on.data is None:
            self.applied_on.data = today

    @property
    def preference_fields(self) -> list[SelectField]:
        """Return the preference selects, first choice first."""
        return [self.preference_1, self.preference_2, self.preference_3]

    def validate_employee_no(self, field: StringField) -> None:
        """Internal channels need the employee number."""
        try:
            internal = CandidateChannel(self.channel.data).is_internal
        except ValueError:
            return  # the channel field reports its own error
        if internal and not (field.data or "").strip():
            raise ValidationError(
                _l("Internal candidates (counter staff, internal competition) need an employee number.")
            )

    def validate_qualification_passed_on(self, field: DateField) -> None:
        """The exam cannot have been passed in the future."""
        if field.data is not None and field.data > self.today:
            raise ValidationError(_l("The qualification date cannot be in the future."))

    def validate_preference_2(self, field: SelectField) -> None:
        """Preferences are filled in rank order without gaps and without repeats."""
        self._check_rank(1)

    def validate_preference_3(self, field: SelectField) -> None:
        """Preferences are filled in rank order without gaps and without repeats."""
        self._check_rank(2)

    def _check_rank(self, index: int) -> None:
        fields = self.preference_fields
        current = fields[index].data
        if current is None:
            return
        if fields[index - 1].data is None:
            raise ValidationError(_l("Fill in the preferences in order, without gaps."))
        if current in [earlier.data for earlier in fields[:index]]:
            raise ValidationError(_l("Each preferred unit may be chosen only once."))

    def to_data(self) -> CandidateData:
        """Return the entered values for the services."""
        return CandidateData(
            reference=self.reference.data or "",
            channel=CandidateChannel(self.channel.data),
            employee_no=self.employee_no.data,
            name=self.name.data or "",
            gender=Gender(self.gender.data),
            birth_date=self.birth_date.data,
            id_number=self.id_number.data,
            phone=self.phone.data,
            education=Education(self.education.data),
            major=self.major.data or "",
            years_experience=self.years_experience.data or 0,
            written_score=self.written_score.data,
            interview_score=self.interview_score.data,
            personality_score=self.personality_score.data,
            credit_record_clean=bool(self.credit_record_clean.data),
            has_disciplinary_record=bool(self.has_disciplinary_record.data),
            qualification_passed_on=self.qualification_passed_on.data,
            applied_on=self.applied_on.data,
            preferences=[field.data for field in self.preference_fields if field.data is not None],
        )


class MoveForm(FlaskForm):
    """Move a candidate to another pipeline status, with an optional note."""

    to_status = SelectField(_l("Move to"), validators=[DataRequired()], validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])

    def __init__(self, targets: list[PipelineStatus], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Only legal moves are offered; the service still refuses any other value posted.
        self.to_status.choices = select_choices(
            (status.value, lazy_translate(status.label)) for status in targets
        )

    def validate_to_status(self, field: SelectField) -> None:
        """Refuse a value that is no pipeline status."""
        if field.data not in {status.value for status in PipelineStatus}:
            raise ValidationError(_l("Choose a status."))
