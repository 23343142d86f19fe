"""Forms of the organisation pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import FloatField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.enums import UnitKind
from planner.errors import InvalidInput
from planner.org import services
from planner.org.models import OrgUnit, UnitStaffCount
from planner.org.queries import unit_choices


def optional_int(value: object) -> int | None:
    """Turn a select's empty value into ``None``."""
    return int(value) if value not in (None, "", "None") else None  # type: ignore[arg-type]


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def attach_error(form: FlaskForm, error: InvalidInput) -> None:
    """Show a domain error under the field it names, or above the form when no field matches."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


class UnitForm(FlaskForm):
    """A bank, branch or outlet; the parent must be one level up."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Level"), choices=select_choices(UnitKind.choices()), validators=[DataRequired()])
    # Any id is let through to the placement rule, which explains what is wrong with it.
    parent_id = SelectField(
        _l("Parent unit"), coerce=optional_int, validate_choice=False, validators=[Optional()]
    )
    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(-90, 90, message=_l("Latitude must be between -90 and 90."))],
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[
            Optional(),
            NumberRange(-180, 180, message=_l("Longitude must be between -180 and 180.")),
        ],
    )

    def __init__(self, session: Session, unit: OrgUnit | None = None, **kwargs: object) -> None:
        super().__init__(obj=unit, **kwargs)
        self.session = session
        self.unit = unit
        parents = unit_choices(session, (UnitKind.BANK, UnitKind.BRANCH))
        self.parent_id.choices = select_choices([(None, _l("— none (the bank) —")), *parents])

    def validate_code(self, field: StringField) -> None:
        try:
            services.check_code(self.session, (field.data or "").strip(), self.unit)
        except InvalidInput as error:
            raise ValidationError(error.message) from error

    def validate(self, extra_validators: object = None) -> bool:
        """Check the fields, then the level and parent together (an error lands on the field at fault)."""
        if not super().validate(extra_validators):  # type: ignore[arg-type]
            return False
        try:
            services.check_placement(self.session, UnitKind(self.kind.data), self.parent_id.data, self.unit)
        except InvalidInput as error:
            attach_error(self, error)
            return False
        return True

    def data_for_service(self) -> services.UnitData:
        """Return the submitted facts."""
        return services.UnitData(
            code=(self.code.data or "").strip(),
            name=(self.name.data or "").strip(),
            kind=UnitKind(self.kind.data),
            parent_id=self.parent_id.data,
            latitude=self.latitude.data,
            longitude=self.longitude.data,
        )


class StaffCountForm(FlaskForm):
    """One year's total staff of a unit (all employees, not only CMs)."""

    year = IntegerField(
        _l("Year"),
        validators=[
            InputRequired(),
            NumberRange(
                services.FIRST_YEAR, services.LAST_YEAR, message=_l("The year must be between 2000 and 2100.")
            ),
        ],
    )
    total_staff = IntegerField(
        _l("Total staff"),
        validators=[InputRequired(), NumberRange(min=0, message=_l("The total staff cannot be negative."))],
    )

    def __init__(
        self, session: Session, unit: OrgUnit, row: UnitStaffCount | None = None, **kwargs: object
    ) -> None:
        super().__init__(obj=row, **kwargs)
        self.session = session
        self.unit = unit
        self.row = row

    def validate_year(self, field: IntegerField) -> None:
        try:
            services.check_staff_count(self.session, self.unit, field.data or 0, 0, self.row)
        except InvalidInput as error:
            raise ValidationError(error.message) from error
