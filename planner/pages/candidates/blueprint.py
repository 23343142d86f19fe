"""URL map of the candidate pages (公开竞聘 应聘人员)."""

from flask import Blueprint

from planner.pages.candidates import views

bp = Blueprint("candidates", __name__, url_prefix="/candidates")

bp.add_url_rule("/", "list_candidates", views.list_candidates)
bp.add_url_rule("/new", "new_candidate", views.new_candidate, methods=["GET", "POST"])
bp.add_url_rule("/<int:candidate_id>", "show_candidate", views.show_candidate)
bp.add_url_rule("/<int:candidate_id>/edit", "edit_candidate", views.edit_candidate, methods=["GET", "POST"])
bp.add_url_rule("/<int:candidate_id>/delete", "delete_candidate", views.delete_candidate, methods=["POST"])
bp.add_url_rule("/<int:candidate_id>/move", "move_candidate", views.move_candidate, methods=["POST"])
