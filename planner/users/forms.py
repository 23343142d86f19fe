"""Forms of user administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from planner.auth.models import User
from planner.auth.services import MIN_PASSWORD_LENGTH
from planner.enums import Role
from planner.web.forms import enum_choices

PASSWORD_RULE = Length(min=MIN_PASSWORD_LENGTH, message=_l("The password needs at least 8 characters."))


def role_choices() -> list[SelectChoice]:
    """Return the roles as select options, labelled in the current language."""
    return [SelectChoice(value=value, label=label) for value, label in enum_choices(Role)]


class UserCreateForm(FlaskForm):
    """A new account: unique username, role and a first password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=60)])
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=80)])
    role = SelectField(_l("Role"), default=Role.VIEWER.value)
    password = PasswordField(_l("Password"), validators=[DataRequired(), PASSWORD_RULE])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._session = session
        self.role.choices = role_choices()

    def validate_username(self, field: StringField) -> None:
        name = (field.data or "").strip()
        if self._session.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError(_l("This username is taken."))


class UserEditForm(FlaskForm):
    """Display name, role and whether the account may sign in."""

    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=80)])
    role = SelectField(_l("Role"))
    is_active = BooleanField(_l("Active (may sign in)"))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.role.choices = role_choices()


class PasswordResetForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), PASSWORD_RULE])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
