"""List exports: the list's rows under its filters, in the user's language, as XLSX or CSV."""

from __future__ import annotations

import io

from flask import abort, request, send_file
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.spreadsheets import export_filters as filters
from planner.spreadsheets.describe import language, today
from planner.spreadsheets.export_rows import (
    export_assessments,
    export_candidates,
    export_managers,
    export_reviews,
    export_territories,
)
from planner.spreadsheets.exports import FORMATS, ExportFile
from planner.territories.staffing import staffing_norms
from planner.web.database import db_session

EXPORTS = ("managers", "territories", "candidates", "reviews", "assessments")


def _build(name: str, fmt: str) -> ExportFile:
    db, args, lang, day = db_session(), request.args, language(), today()
    if name == "managers":
        return export_managers(db, filters.manager_filters(db, args), day, lang, fmt)
    if name == "territories":
        return export_territories(db, filters.territory_filters(db, args), staffing_norms(db), day, lang, fmt)
    if name == "candidates":
        personal = current_user.can_see_personal_data()
        return export_candidates(
            db, filters.candidate_filters(db, args, personal, day), personal, day, lang, fmt
        )
    if name == "reviews":
        return export_reviews(db, filters.review_filters(db, args), day, lang, fmt)
    return export_assessments(db, filters.assessment_filters(db, args), day, lang, fmt)


@login_required
def export(name: str, fmt: str) -> Response:
    """Send the list ``name`` with the list page's filters (from the query string) as ``fmt``."""
    if name not in EXPORTS or fmt not in FORMATS:
        abort(404)
    built = _build(name, fmt)
    return send_file(
        io.BytesIO(built.content), mimetype=built.mimetype, as_attachment=True, download_name=built.filename
    )
