"""Error pages in the user's language; domain errors become messages, never a 500."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from planner.errors import NotFound, StillReferenced
from planner.web.formflow import error_text
from planner.web.security import same_site_path


def install_error_handlers(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_template("web/error.html", error=error), error.code or 500

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> tuple[str, int]:
        return render_template("web/error.html", error=error, message=error_text(error)), 404

    @app.errorhandler(StillReferenced)
    def still_referenced(error: StillReferenced) -> Response:
        flash(error_text(error), "error")
        return redirect(same_site_path(request.referrer))
