"""URL map of the run pages."""

from flask import Blueprint

from planner.runs import views

bp = Blueprint("runs", __name__, url_prefix="/runs")

bp.add_url_rule("/<int:run_id>", "show_run", views.show_run)
bp.add_url_rule("/<int:run_id>/progress", "progress", views.progress)
bp.add_url_rule("/<int:run_id>/plan", "plan", views.plan)
bp.add_url_rule("/<int:run_id>/decisions/<kind>", "decisions", views.decisions)
bp.add_url_rule("/<int:run_id>/assignment/<kind>", "assignment", views.assignment)
bp.add_url_rule("/<int:run_id>/cancel", "cancel", views.cancel, methods=["POST"])
bp.add_url_rule("/<int:run_id>/again", "run_again", views.run_again, methods=["POST"])
