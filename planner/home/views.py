"""Site-wide pages: the home dashboard, the language switch and locally served front-end assets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, send_from_directory, session
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.auth.services import set_locale as store_locale
from planner.home.overview import build_overview
from planner.web.database import db_session
from planner.web.i18n import translate
from planner.web.locale import LOCALES
from planner.web.templating import localized

# Front-end files we serve from node_modules (installed by npm from package-lock.json).
VENDOR_FILES = {
    "echarts.min.js": "echarts/dist/echarts.min.js",
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "pico.min.css": "@picocss/pico/css/pico.min.css",
}


def home() -> str:
    """Show the CM team at a glance: headline counts, grade pyramid, segments, qualifications, pipeline."""
    overview = build_overview(db_session(), date.today())
    charts = {
        "grades": [localized(grade) for grade, _ in overview.by_grade],
        "grade_counts": [count for _, count in overview.by_grade],
        "segments": [translate(segment.label) for segment, _ in overview.by_segment],
        "segment_counts": [count for _, count in overview.by_segment],
    }
    return render_template("web/home.html", overview=overview, charts=charts)


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
