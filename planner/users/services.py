"""Managing user accounts; creating one is ``planner.auth.services.create_user``."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from planner.auth.models import User
from planner.auth.services import check_password_policy
from planner.enums import Role
from planner.errors import InvalidInput
from planner.messages import N_
from planner.persistence import get_or_404


def search_users() -> Select[User]:
    """Return the query of all users, by username."""
    return select(User).order_by(User.username)


def accounts_with_demo_password(session: Session) -> list[str]:
    """Return the usernames of active accounts that still have the password ``flask demo`` printed."""
    return list(
        session.scalars(
            select(User.username)
            .where(User.has_demo_password.is_(True), User.is_active.is_(True))
            .order_by(User.username)
        )
    )


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
    if role is not user.role or (user.is_active and not is_active):
        user.end_sessions()  # sessions opened under the old role or while active end now
    user.display_name = display_name.strip() or user.username
    user.role = role
    user.is_active = is_active
    session.flush()
    return user


def reset_password(session: Session, user_id: int, password: str) -> User:
    """Give a user a new password; every session the user had ends."""
    user = get_or_404(session, User, user_id)
    check_password_policy(password, user.username)
    user.set_password(password)
    user.end_sessions()
    session.flush()
    return user
