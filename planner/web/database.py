"""The database session of the current request."""

from __future__ import annotations

from flask import current_app, g
from flask_login import current_user
from sqlalchemy.orm import Session


def db_session() -> Session:
    """Return this request's session, attributing its changes to the signed-in user."""
    if "db" not in g:
        user_id = current_user.get_id() if current_user and current_user.is_authenticated else None
        g.db = current_app.extensions["planner.open_session"](int(user_id) if user_id else None)
    return g.db
