"""The audit log page: who changed what, when."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask_babel import get_timezone

from planner.audit.forms import AuditFilterForm
from planner.audit.services import AuditFilters, all_users, entity_label, search_entries, users_by_id
from planner.auth.access import editor_required
from planner.persistence import paginate
from planner.web.database import db_session


@editor_required
def list_entries() -> tuple[str, int] | str:
    """List audit entries, newest first, filtered by the query string (administrators and planners)."""
    db = db_session()
    form = AuditFilterForm(all_users(db), formdata=request.args)
    valid = form.validate()
    # Babel hands out a pytz zone; datetime arithmetic needs a zoneinfo one (pytz would use local mean time).
    filters = form.filters(ZoneInfo(str(get_timezone()))) if valid else AuditFilters()
    per_page = current_app.extensions["planner.config"].page_size
    page = paginate(db, search_entries(filters), request.args.get("page", 1, type=int), per_page)
    users = users_by_id(db, {entry.user_id for entry in page.items if entry.user_id is not None})
    html = render_template("audit/list.html", form=form, page=page, users=users, entity_label=entity_label)
    return html if valid else (html, 422)
