"""Forms of the CM pages: the list filters, the CM form and the avoidance link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from planner.enums import AvoidanceRelation, Education, Gender, ManagerStatus, Segment, TitleLevel, UnitKind
from planner.org.models import OrgUnit
from planner.people.qualification import QualificationState
from planner.people.services import ManagerData
from planner.settings.models import Grade
from planner.territories.models import Territory
from planner.web.forms import enum_choices, latitude_field, longitude_field, optional_int, select_choices

ANY = [("", _l("Any"))]


def _grade_choices(session: Session) -> list[tuple[int, str]]:
    from planner.web.templating import localized

    grades = session.scalars(select(Grade).order_by(Grade.rank))
    return [(grade.id, localized(grade)) for grade in grades]


def _unit_choices(
    session: Session, *kinds: UnitKind, where: ColumnElement[bool] | None = None
) -> list[tuple[int, str]]:
    stmt = select(OrgUnit.id, OrgUnit.code, OrgUnit.name).where(OrgUnit.kind.in_(kinds))
    if where is not None:
        stmt = stmt.where(where)
    rows = session.execute(stmt.order_by(OrgUnit.code))
    return [(unit_id, f"{code} {name}") for unit_id, code, name in rows]


class ManagerFilterForm(FlaskForm):
    """Filters of the CM list, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or employee no."), validators=[Optional(), Length(max=60)])
    branch = SelectField(_l("Branch"), coerce=optional_int, validators=[Optional()])
    outlet = SelectField(_l("Outlet"), coerce=optional_int, validators=[Optional()])
    segment = SelectField(
        _l("Segment"), choices=select_choices(ANY, enum_choices(Segment)), validators=[Optional()]
    )
    grade = SelectField(_l("Grade"), coerce=optional_int, validators=[Optional()])
    status = SelectField(
        _l("Status"), choices=select_choices(ANY, enum_choices(ManagerStatus)), validators=[Optional()]
    )
    qualification = SelectField(
        _l("Qualification"),
        choices=select_choices(ANY, enum_choices(QualificationState)),
        validators=[Optional()],
    )

    def __init__(self, session: Session, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.branch.choices = select_choices(ANY, _unit_choices(session, UnitKind.BRANCH))
        # A large bank has a thousand outlets: offer those of the chosen branch only (and keep a chosen one).
        outlets = or_(OrgUnit.parent_id == self.branch.data, OrgUnit.id == self.outlet.data)
        self.outlet.choices = (
            select_choices(ANY, _unit_choices(session, UnitKind.OUTLET, where=outlets))
            if self.branch.data or self.outlet.data
            else select_choices(ANY)
        )
        self.grade.choices = select_choices(ANY, _grade_choices(session))


class ManagerForm(FlaskForm):
    """A CM's facts; the rules that need the database are checked by the services."""

    employee_no = StringField(_l("Employee no."), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=60)])
    gender = SelectField(
        _l("Gender"), choices=select_choices(enum_choices(Gender)), validators=[DataRequired()]
    )
    birth_date = DateField(_l("Birth date"), validators=[InputRequired()])
    bank_hire_date = DateField(_l("Joined the bank"), validators=[InputRequired()])
    cm_since = DateField(_l("CM since"), validators=[InputRequired()])
    grade_id = SelectField(_l("Grade"), coerce=int, validators=[InputRequired()])
    segment = SelectField(
        _l("Segment"), choices=select_choices(enum_choices(Segment)), validators=[DataRequired()]
    )
    unit_id = SelectField(_l("Unit"), coerce=int, validators=[InputRequired()])
    territory_id = SelectField(_l("Territory"), coerce=optional_int, validators=[Optional()])
    territory_since = DateField(
        _l("In this territory since"),
        validators=[Optional()],
        description=_l("Used when the territory is new or changed; today if left empty."),
    )
    education = SelectField(
        _l("Education"), choices=select_choices(enum_choices(Education)), validators=[DataRequired()]
    )
    title_level = SelectField(_l("Professional title"), choices=select_choices(enum_choices(TitleLevel)))
    qualification_passed_on = DateField(_l("Credit qualification passed on"), validators=[Optional()])
    credit_record_clean = BooleanField(_l("Clean credit record"), default=True)
    has_disciplinary_record = BooleanField(_l("Serious disciplinary record"))
    status = SelectField(
        _l("Status"), choices=select_choices(enum_choices(ManagerStatus)), validators=[DataRequired()]
    )
    home_latitude = latitude_field(_l("Home latitude"))
    home_longitude = longitude_field(_l("Home longitude"))

    def __init__(self, session: Session, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.grade_id.choices = select_choices(_grade_choices(session))
        self.unit_id.choices = select_choices(_unit_choices(session, UnitKind.BRANCH, UnitKind.OUTLET))
        territories = session.execute(
            select(Territory.id, Territory.code, Territory.name).order_by(Territory.code)
        )
        self.territory_id.choices = select_choices(
            [("", _l("No territory"))], ((tid, f"{code} {name}") for tid, code, name in territories)
        )

    def to_data(self) -> ManagerData:
        """Return the submitted values for the services."""
        return ManagerData(
            employee_no=self.employee_no.data or "",
            name=self.name.data or "",
            gender=Gender(self.gender.data),
            birth_date=self.birth_date.data,
            bank_hire_date=self.bank_hire_date.data,
            cm_since=self.cm_since.data,
            grade_id=self.grade_id.data,
            segment=Segment(self.segment.data),
            unit_id=self.unit_id.data,
            territory_id=self.territory_id.data,
            territory_since=self.territory_since.data,
            education=Education(self.education.data),
            title_level=TitleLevel(self.title_level.data or TitleLevel.NONE),
            qualification_passed_on=self.qualification_passed_on.data,
            credit_record_clean=bool(self.credit_record_clean.data),
            has_disciplinary_record=bool(self.has_disciplinary_record.data),
            status=ManagerStatus(self.status.data),
            home_latitude=self.home_latitude.data,
            home_longitude=self.home_longitude.data,
        )


class AvoidanceForm(FlaskForm):
    """Link the CM with another person by employee number."""

    employee_no = StringField(_l("Other CM's employee no."), validators=[DataRequired(), Length(max=32)])
    relation = SelectField(
        _l("Relation"), choices=select_choices(enum_choices(AvoidanceRelation)), validators=[DataRequired()]
    )
