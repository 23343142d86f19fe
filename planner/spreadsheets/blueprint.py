"""URL map of imports (upload, preview, commit, rejected rows, templates) and list exports."""

from __future__ import annotations

from flask import Blueprint

from planner.spreadsheets import export_views, views

bp = Blueprint("spreadsheets", __name__)

bp.add_url_rule("/imports/", "upload", views.upload, methods=["GET", "POST"])
bp.add_url_rule("/imports/<token>", "preview", views.preview)
bp.add_url_rule("/imports/<token>/commit", "commit", views.commit, methods=["POST"])
bp.add_url_rule("/imports/<token>/rejected.xlsx", "rejected", views.rejected)
bp.add_url_rule("/imports/templates/<kind>.<language>.xlsx", "template", views.template)
bp.add_url_rule("/exports/<name>.<fmt>", "export", export_views.export)
