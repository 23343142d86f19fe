"""Who may do what: loading the signed-in user and guarding views by role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, current_app
from flask_login import current_user, login_required

from planner.auth.models import User
from planner.enums import Role

F = TypeVar("F", bound=Callable[..., Any])


def load_user(alternative_id: str) -> User | None:
    """Load the signed-in user for Flask-Login (a fresh, detached row), if the cookie's session version is
    still the user's: sign-out, a new password, a role change or deactivation raise it and end the session."""
    user_id, _, version = alternative_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(alternative_id) > 40:
        return None
    factory = current_app.extensions["planner.sessions"]
    with factory() as session:
        user = session.get(User, int(user_id))
        if user is None or not user.is_active or user.session_version != int(version):
            return None
        session.expunge(user)
        return user


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow the view only to signed-in users holding one of ``roles``; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


# Changing planning data: administrators and planners; viewers only read.
editor_required = roles_required(Role.ADMIN, Role.PLANNER)
admin_required = roles_required(Role.ADMIN)
