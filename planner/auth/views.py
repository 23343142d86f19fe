"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from planner.auth.forms import LoginForm
from planner.auth.services import authenticate, sign_out_everywhere
from planner.auth.throttle import mark_failed_sign_in, throttled
from planner.db import utcnow
from planner.web.database import db_session


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("web.home")


@throttled
def login() -> str | Response:
    """Show the sign-in form and sign the user in."""
    form = LoginForm()
    if form.validate_on_submit():
        db = db_session()
        user = authenticate(db, form.username.data or "", form.password.data or "", request.remote_addr)
        db.commit()  # the sign-in time, or the failed attempt in the audit log
        if user is None:
            mark_failed_sign_in()
            form.password.errors.append(_("Unknown username or wrong password."))
        else:
            session.clear()
            # The lifetime is checked against this time on every request (planner.web.security). The cookie
            # itself stays a browser-session one: a "permanent" session would soften Flask-Login's strong
            # session protection to marking the session stale.
            session["signed_in_at"] = utcnow().timestamp()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def logout() -> Response:
    """Sign the user out: this session and any copy of its cookie end."""
    if current_user.is_authenticated:
        db = db_session()
        sign_out_everywhere(db, current_user.id)
        db.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
