"""Signing in and managing users."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.auth.models import User
from planner.auth.passwords import password_problem, spend_password_check
from planner.auth.signals import sign_in_failed, signed_in
from planner.db import utcnow
from planner.enums import Role
from planner.errors import InvalidInput
from planner.messages import N_


def authenticate(session: Session, username: str, password: str, address: str | None = None) -> User | None:
    """Return the active user with these credentials, or None.

    The sign-in time is written as the user's own change; a failure is announced (the audit log records it),
    and an unknown or inactive user costs a password check like a wrong password, so timing tells nothing.
    """
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active:
        spend_password_check(password)
    if user is None or not user.is_active or not user.check_password(password):
        user_id = user.id if user is not None else None
        sign_in_failed.send(session, username=username, user_id=user_id, address=address)
        return None
    signed_in.send(session, user_id=user.id)
    user.last_login_at = utcnow()
    return user


def sign_out_everywhere(session: Session, user_id: int) -> None:
    """End every session of the user (the cookie of this one and any copy of it)."""
    user = session.get(User, user_id)
    if user is not None:
        user.end_sessions()
        session.flush()


def check_password_policy(password: str, username: str) -> None:
    """Raise ``InvalidInput`` on the password field when the policy refuses ``password``."""
    problem = password_problem(password, username)
    if problem:
        raise InvalidInput("password", problem)


def create_user(
    session: Session, username: str, password: str, role: Role, display_name: str = "", locale: str = ""
) -> User:
    """Create a user; the username must be new and the password pass the policy."""
    username = username.strip()
    if not username:
        raise InvalidInput("username", N_("A username is required."))
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidInput("username", N_("The username %(name)s is taken.", name=username))
    check_password_policy(password, username)
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
