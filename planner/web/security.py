"""Response headers and request checks that hold for every page."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Flask, abort, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

# No inline script or style anywhere: the pages' scripts live in planner/static/js.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
STATIC_ENDPOINTS = {"static", "web.vendor"}


def same_site_path(target: str | None, fallback: str = "/") -> str:
    """Return ``target`` as a path on this site (a URL of this host is cut to its path), else ``fallback``."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            return fallback
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def _has_nul(values: object) -> bool:
    return any("\x00" in value for value in values.values())  # type: ignore[attr-defined]


def install_security(app: Flask) -> None:
    """Add the headers, refuse NUL bytes in parameters and end sessions past their lifetime."""

    @app.before_request
    def refuse_nul_bytes() -> None:
        # PostgreSQL cannot store NUL in text; no form of ours needs one.
        if _has_nul(request.args) or (request.method == "POST" and _has_nul(request.form)):
            abort(400, description=_("Text cannot contain NUL characters."))

    @app.before_request
    def end_expired_session() -> None:
        started = session.get("signed_in_at")
        if started is None or not current_user.is_authenticated:
            return
        age = datetime.now(UTC).timestamp() - float(started)
        if age > app.permanent_session_lifetime.total_seconds():
            logout_user()
            session.clear()

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers["X-Frame-Options"] = "DENY"
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint not in STATIC_ENDPOINTS and current_user.is_authenticated:
            # Signed-in pages carry personal data: no copy in the browser's or a proxy's cache.
            headers["Cache-Control"] = "no-store"
        headers.pop("Server", None)
        return response
