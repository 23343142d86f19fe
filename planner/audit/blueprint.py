"""URL map of the audit log."""

from flask import Blueprint

from planner.audit import views

bp = Blueprint("audit", __name__, url_prefix="/audit")

bp.add_url_rule("/", "list_entries", views.list_entries)
