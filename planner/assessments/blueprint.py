"""URL map of competency assessments (under the competency pages' paths)."""

from flask import Blueprint

from planner.assessments import views

bp = Blueprint("assessments", __name__, url_prefix="/competencies/assessments")

bp.add_url_rule("", "list_assessments", views.list_assessments)
bp.add_url_rule("/new", "create_assessment", views.create_assessment, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:assessment_id>/edit", "edit_assessment", views.edit_assessment, methods=["GET", "POST"]
)
bp.add_url_rule("/<int:assessment_id>/delete", "delete_assessment", views.delete_assessment, methods=["POST"])
