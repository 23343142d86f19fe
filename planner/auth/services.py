"""Signing in and managing users."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.auth.models import User
from planner.db import utcnow
from planner.enums import Role
from planner.errors import InvalidInput
from planner.messages import N_

MIN_PASSWORD_LENGTH = 8


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def create_user(
    session: Session, username: str, password: str, role: Role, display_name: str = "", locale: str = ""
) -> User:
    """Create a user; the username must be new and the password long enough."""
    username = username.strip()
    if not username:
        raise InvalidInput("username", N_("A username is required."))
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidInput("username", N_("The username %(name)s is taken.", name=username))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "password", N_("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )
    user = User(username=username, role=role, display_name=display_name or username, locale=locale)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def set_locale(session: Session, user_id: int, locale: str) -> None:
    """Remember the UI language a user chose."""
    user = session.get(User, user_id)
    if user is not None:
        user.locale = locale
