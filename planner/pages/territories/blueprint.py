"""URL map of the territory pages: the list, a territory, and its competency thresholds."""

from flask import Blueprint

from planner.pages.territories import views

bp = Blueprint("territories", __name__, url_prefix="/territories")

bp.add_url_rule("/", "list_territories", views.list_territories)
bp.add_url_rule("/new", "create_territory", views.create_territory, methods=["GET", "POST"])
bp.add_url_rule("/<int:territory_id>", "show_territory", views.show_territory)
bp.add_url_rule("/<int:territory_id>/edit", "edit_territory", views.edit_territory, methods=["GET", "POST"])
bp.add_url_rule("/<int:territory_id>/delete", "delete_territory", views.delete_territory, methods=["POST"])
bp.add_url_rule(
    "/<int:territory_id>/thresholds/new", "add_threshold", views.add_threshold, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<int:territory_id>/thresholds/<int:threshold_id>/edit",
    "edit_threshold",
    views.edit_threshold,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:territory_id>/thresholds/<int:threshold_id>/delete",
    "remove_threshold",
    views.remove_threshold,
    methods=["POST"],
)
