"""URL map of the customer-manager (客户经理) pages."""

from __future__ import annotations

from flask import Blueprint

from planner.pages.people import views

bp = Blueprint("people", __name__, url_prefix="/managers")

bp.add_url_rule("/", "list_managers", views.list_managers)
bp.add_url_rule("/new", "new_manager", views.new_manager, methods=["GET", "POST"])
bp.add_url_rule("/<int:manager_id>", "show_manager", views.show_manager)
bp.add_url_rule("/<int:manager_id>/edit", "edit_manager", views.edit_manager, methods=["GET", "POST"])
bp.add_url_rule("/<int:manager_id>/delete", "delete_manager", views.delete_manager, methods=["GET", "POST"])
bp.add_url_rule("/<int:manager_id>/avoidance", "add_avoidance", views.add_avoidance, methods=["POST"])
bp.add_url_rule(
    "/<int:manager_id>/avoidance/<int:link_id>/delete",
    "remove_avoidance",
    views.remove_avoidance,
    methods=["POST"],
)
