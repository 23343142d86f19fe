"""Forms of the organisation pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.enums import UnitKind
from planner.errors import InvalidInput
from planner.org import services
from planner.org.models import OrgUnit, UnitStaffCount
from planner.org.queries import unit_choices
from planner.web.fields import IntegerField
from planner.web.formflow import attach_error, error_text
from planner.web.forms import (
    enum_choices,
    latitude_field,
    longitude_field,
    optional_int,
    select_choices,
)


class UnitForm(FlaskForm):
    """A bank, branch or outlet; the parent must be one level up."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(
        _l("Level"), choices=select_choices(enum_choices(UnitKind)), validators=[DataRequired()]
    )
    # Any id is let through to the placement rule, which explains what is wrong with it.
    parent_id = SelectField(
        _l("Parent unit"), coerce=optional_int, validate_choice=False, validators=[Optional()]
    )
    latitude = latitude_field(_l("Latitude"))
    longitude = longitude_field(_l("Longitude"))

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
            raise ValidationError(error_text(error)) from error

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Check the fields, then the level and parent together (an error lands on the field at fault)."""
        if not super().validate(extra_validators):
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
            raise ValidationError(error_text(error)) from error
