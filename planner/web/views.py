"""Site-wide pages: the home dashboard, the language switch and locally served front-end assets."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, send_from_directory, session
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from planner.auth.services import set_locale as store_locale
from planner.candidates.models import Candidate
from planner.enums import ManagerStatus, PipelineStatus
from planner.org.models import OrgUnit
from planner.people.models import Manager
from planner.territories.models import Territory
from planner.web.database import db_session
from planner.web.locale import LOCALES

# Front-end files we serve from node_modules (installed by npm from package-lock.json).
VENDOR_FILES = {
    "echarts.min.js": "echarts/dist/echarts.min.js",
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "pico.min.css": "@picocss/pico/css/pico.min.css",
}


def home() -> str:
    """Show headline counts of the bank's CM organisation."""
    db = db_session()
    counts = {
        "units": db.scalar(select(func.count()).select_from(OrgUnit)) or 0,
        "territories": db.scalar(select(func.count()).select_from(Territory)) or 0,
        "managers": db.scalar(
            select(func.count()).select_from(Manager).where(Manager.status != ManagerStatus.EXITED)
        )
        or 0,
        "candidates": db.scalar(
            select(func.count())
            .select_from(Candidate)
            .where(
                Candidate.status.not_in(
                    [PipelineStatus.HIRED, PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN]
                )
            )
        )
        or 0,
    }
    return render_template("web/home.html", counts=counts)


def set_locale() -> Response:
    """Switch the UI language and remember it for the signed-in user."""
    locale = request.form.get("locale", "")
    if locale not in LOCALES:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated:
        db = db_session()
        store_locale(db, current_user.id, locale)
        db.commit()
        current_user.locale = locale
    target = request.referrer or "/"
    return redirect(target if target.startswith(request.host_url) or target.startswith("/") else "/")


def vendor(name: str) -> Response:
    """Serve a front-end library installed by npm."""
    relative = VENDOR_FILES.get(name)
    if relative is None:
        abort(404)
    path = Path(current_app.extensions["planner.config"].vendor_dir) / relative
    if not path.is_file():
        abort(404)
    return send_from_directory(path.parent, path.name, max_age=86400)
