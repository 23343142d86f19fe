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
from planner.auth.passwords import password_problem
from planner.enums import Role
from planner.web.forms import enum_choices


class PasswordPolicy:
    """Refuse a password the policy refuses (length, the username, common passwords)."""

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        username = form.username.data if hasattr(form, "username") else getattr(form, "account_name", "")
        problem = password_problem(field.data or "", username or "")
        if problem:
            raise ValidationError(problem)


PASSWORD_RULE = PasswordPolicy()


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
    """A new password, typed twice; ``account_name`` is the username it must differ from."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), PASSWORD_RULE])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )

    def __init__(self, account_name: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.account_name = account_name
