"""URL map of the planning loop: the scenario pages and the run pages."""

from flask import Blueprint

from planner.planning import run_views, scenario_views

scenarios_bp = Blueprint("scenarios", __name__, url_prefix="/scenarios")
scenarios_bp.add_url_rule("/", "list_scenarios", scenario_views.list_scenarios)
scenarios_bp.add_url_rule("/new", "new_scenario", scenario_views.new_scenario, methods=["GET", "POST"])
scenarios_bp.add_url_rule("/<int:scenario_id>", "show_scenario", scenario_views.show_scenario)
scenarios_bp.add_url_rule(
    "/<int:scenario_id>/edit", "edit_scenario", scenario_views.edit_scenario, methods=["GET", "POST"]
)
scenarios_bp.add_url_rule(
    "/<int:scenario_id>/clone", "clone_scenario", scenario_views.clone_scenario, methods=["POST"]
)
scenarios_bp.add_url_rule(
    "/<int:scenario_id>/delete", "delete_scenario", scenario_views.delete_scenario, methods=["POST"]
)
scenarios_bp.add_url_rule("/<int:scenario_id>/run", "run_scenario", run_views.start_run, methods=["POST"])

runs_bp = Blueprint("runs", __name__, url_prefix="/runs")
runs_bp.add_url_rule("/<int:run_id>", "show_run", run_views.show_run)
runs_bp.add_url_rule("/<int:run_id>/progress", "progress", run_views.progress)
runs_bp.add_url_rule("/<int:run_id>/plan", "plan", run_views.plan)
runs_bp.add_url_rule("/<int:run_id>/decisions/<kind>", "decisions", run_views.decisions)
runs_bp.add_url_rule("/<int:run_id>/assignment/<kind>", "assignment", run_views.assignment)
runs_bp.add_url_rule("/<int:run_id>/cancel", "cancel", run_views.cancel, methods=["POST"])
runs_bp.add_url_rule("/<int:run_id>/again", "run_again", run_views.run_again, methods=["POST"])
