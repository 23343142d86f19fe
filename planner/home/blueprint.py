"""URL map of site-wide pages, and the rule that every page needs a signed-in user."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.home import views

# Still named "web", so url_for("web.home") and the other endpoints below stay as they were.
bp = Blueprint("web", __name__)

bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/locale", "set_locale", views.set_locale, methods=["POST"])
bp.add_url_rule("/vendor/<path:name>", "vendor", views.vendor)

# Pages anyone may open: the sign-in form, the language switch and static assets.
PUBLIC_ENDPOINTS = {"auth.login", "web.set_locale", "web.vendor", "static"}


@bp.before_app_request
def require_login() -> Response | None:
    """Send anonymous visitors to the sign-in page (security by default: new pages are protected)."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.endpoint is None:
        return None  # a 404 stays a 404
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
