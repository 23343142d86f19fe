"""Forms of the territory pages: the list filters, a territory, and a competency threshold."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from wtforms import BooleanField, DecimalField, FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.competency.models import CompetencyDimension, CompetencyGroup
from planner.enums import Segment, UnitKind
from planner.errors import InvalidInput
from planner.org.queries import unit_choices
from planner.settings.models import Grade
from planner.territories import services
from planner.territories.models import Territory, TerritoryThreshold
from planner.web.formflow import error_text
from planner.web.forms import enum_choices, latitude_field, longitude_field, optional_int, select_choices
from planner.web.templating import localized

NOT_NEGATIVE = NumberRange(min=0, message=_l("This figure cannot be negative."))
ANY = _l("— any —")


class TerritoryFilterForm(FlaskForm):
    """Filters of the territory list, read from the query string."""

    class Meta:
        csrf = False

    branch = SelectField(_l("Branch"), coerce=optional_int, validate_choice=False)
    outlet = SelectField(_l("Outlet"), coerce=optional_int, validate_choice=False)
    segment = SelectField(_l("Segment"), choices=select_choices([("", ANY), *enum_choices(Segment)]))
    q = StringField(_l("Code or name"))
    understaffed = BooleanField(_l("Understaffed only"))

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.branch.choices = select_choices([(None, ANY), *unit_choices(session, [UnitKind.BRANCH])])
        self.outlet.choices = select_choices([(None, ANY), *unit_choices(session, [UnitKind.OUTLET])])

    def filters(self) -> services.TerritoryFilters:
        """Return the filters to search with (unknown values are ignored)."""
        segment = self.segment.data if self.segment.data in Segment._value2member_map_ else None
        return services.TerritoryFilters(
            branch_id=self.branch.data if self.branch.validate(self) else None,
            outlet_id=self.outlet.data if self.outlet.validate(self) else None,
            segment=Segment(segment) if segment else None,
            search=(self.q.data or "")[:60],
            understaffed_only=bool(self.understaffed.data),
        )


class TerritoryForm(FlaskForm):
    """A territory: where it is, whom it serves, its workload and its staffing."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    unit_id = SelectField(_l("Unit"), coerce=optional_int, validators=[InputRequired()])
    segment = SelectField(
        _l("Segment"), choices=select_choices(enum_choices(Segment)), validators=[DataRequired()]
    )
    households = IntegerField(_l("Households"), default=0, validators=[InputRequired(), NOT_NEGATIVE])
    customers = IntegerField(_l("Customers"), default=0, validators=[InputRequired(), NOT_NEGATIVE])
    villages = IntegerField(_l("Villages"), default=0, validators=[InputRequired(), NOT_NEGATIVE])
    loan_balance = DecimalField(
        _l("Loan balance (10k yuan)"),
        places=2,
        default=Decimal(0),
        validators=[InputRequired(), NOT_NEGATIVE],
    )
    deposit_balance = DecimalField(
        _l("Deposit balance (10k yuan)"),
        places=2,
        default=Decimal(0),
        validators=[InputRequired(), NOT_NEGATIVE],
    )
    latitude = latitude_field(_l("Latitude"))
    longitude = longitude_field(_l("Longitude"))
    staffing_need_override = IntegerField(
        _l("Staffing need set by hand"), validators=[Optional(), NOT_NEGATIVE]
    )
    min_grade_rank = SelectField(_l("Minimum grade"), coerce=optional_int, validators=[Optional()])

    def __init__(self, session: Session, territory: Territory | None = None, **kwargs: object) -> None:
        super().__init__(obj=territory, **kwargs)
        self.session = session
        self.territory = territory
        self.unit_id.choices = select_choices(
            [(None, _l("— choose —")), *unit_choices(session, [UnitKind.BRANCH, UnitKind.OUTLET])]
        )
        grades = session.scalars(select(Grade).order_by(Grade.rank))
        self.min_grade_rank.choices = select_choices(
            [(None, _l("— any grade —")), *((g.rank, localized(g, "name")) for g in grades)]
        )

    def validate_code(self, field: StringField) -> None:
        try:
            services.check_code(self.session, (field.data or "").strip(), self.territory)
        except InvalidInput as error:
            raise ValidationError(error_text(error)) from error

    def validate_unit_id(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose the unit the territory belongs to."))

    def data_for_service(self) -> services.TerritoryData:
        """Return the submitted facts."""
        return services.TerritoryData(
            code=(self.code.data or "").strip(),
            name=(self.name.data or "").strip(),
            # Required by the form; 0 (no unit) would be refused by the service all the same.
            unit_id=self.unit_id.data or 0,
            segment=Segment(self.segment.data),
            households=self.households.data or 0,
            customers=self.customers.data or 0,
            villages=self.villages.data or 0,
            loan_balance=self.loan_balance.data or Decimal(0),
            deposit_balance=self.deposit_balance.data or Decimal(0),
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            staffing_need_override=self.staffing_need_override.data,
            min_grade_rank=self.min_grade_rank.data,
        )


class ThresholdForm(FlaskForm):
    """A minimum score on one competency dimension for CMs working the territory."""

    dimension_id = SelectField(_l("Competency dimension"), coerce=optional_int, validators=[InputRequired()])
    min_score = FloatField(
        _l("Minimum score"),
        validators=[
            InputRequired(),
            NumberRange(0, 100, message=_l("The minimum score must be between 0 and 100.")),
        ],
    )

    def __init__(
        self,
        session: Session,
        territory: Territory,
        threshold: TerritoryThreshold | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(obj=threshold, **kwargs)
        self.session = session
        self.territory = territory
        self.threshold = threshold
        dimensions = session.scalars(
            select(CompetencyDimension)
            .join(CompetencyGroup)
            .options(joinedload(CompetencyDimension.group))
            .order_by(CompetencyGroup.framework_id, CompetencyGroup.position, CompetencyDimension.position)
        )
        self.dimension_id.choices = select_choices(
            (d.id, f"{localized(d.group, 'name')} · {localized(d, 'name')}") for d in dimensions
        )

    def validate_dimension_id(self, field: SelectField) -> None:
        try:
            services.check_threshold(self.session, self.territory, field.data or 0, 0, self.threshold)
        except InvalidInput as error:
            raise ValidationError(error_text(error)) from error
