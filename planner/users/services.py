"""Managing user accounts; creating one is ``planner.auth.services.create_user``."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from planner.auth.models import User
from planner.auth.services import MIN_PASSWORD_LENGTH
from planner.enums import Role
from planner.errors import InvalidInput
from planner.messages import N_
from planner.persistence import get_or_404


def search_users() -> Select[User]:
    """Return the query of all users, by username."""
    return select(User).order_by(User.username)


def update_user(
    session: Session, user_id: int, acting_user_id: int, *, display_name: str, role: Role, is_active: bool
) -> User:
    """Change a user's display name, role and active flag; an administrator cannot demote themself."""
    user = get_or_404(session, User, user_id)
    if user.id == acting_user_id:
        if role is not Role.ADMIN:
            raise InvalidInput("role", N_("You cannot take the administrator role away from yourself."))
        if not is_active:
            raise InvalidInput("is_active", N_("You cannot deactivate your own account."))
    user.display_name = display_name.strip() or user.username
    user.role = role
    user.is_active = is_active
    session.flush()
    return user


def reset_password(session: Session, user_id: int, password: str) -> User:
    """Give a user a new password."""
    user = get_or_404(session, User, user_id)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "password", N_("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )
    user.set_password(password)
    session.flush()
    return user
