"""URL map of the settings pages: the bank-wide settings and the grade ladder."""

from flask import Blueprint

from planner.settings_page import views

bp = Blueprint("settings", __name__, url_prefix="/settings")

bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/", "update", views.update, methods=["POST"])
bp.add_url_rule("/grades/new", "add_grade", views.add_grade, methods=["GET", "POST"])
bp.add_url_rule("/grades/<int:grade_id>/edit", "rename_grade", views.rename_grade, methods=["GET", "POST"])
bp.add_url_rule("/grades/<int:grade_id>/delete", "delete_grade", views.delete_grade, methods=["POST"])
