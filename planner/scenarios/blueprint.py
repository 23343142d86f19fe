"""URL map of the scenario pages."""

from flask import Blueprint

from planner.scenarios import views

bp = Blueprint("scenarios", __name__, url_prefix="/scenarios")

bp.add_url_rule("/", "list_scenarios", views.list_scenarios)
bp.add_url_rule("/new", "new_scenario", views.new_scenario, methods=["GET", "POST"])
bp.add_url_rule("/<int:scenario_id>", "show_scenario", views.show_scenario)
bp.add_url_rule("/<int:scenario_id>/edit", "edit_scenario", views.edit_scenario, methods=["GET", "POST"])
bp.add_url_rule("/<int:scenario_id>/clone", "clone_scenario", views.clone_scenario, methods=["POST"])
bp.add_url_rule("/<int:scenario_id>/delete", "delete_scenario", views.delete_scenario, methods=["POST"])
bp.add_url_rule("/<int:scenario_id>/run", "run_scenario", views.run_scenario, methods=["POST"])
