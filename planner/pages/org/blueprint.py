"""URL map of the organisation pages: the bank → branch → outlet tree, units and their staff totals."""

from flask import Blueprint

from planner.pages.org import views

bp = Blueprint("org", __name__, url_prefix="/units")

bp.add_url_rule("/", "list_units", views.list_units)
bp.add_url_rule("/new", "create_unit", views.create_unit, methods=["GET", "POST"])
bp.add_url_rule("/<int:unit_id>", "show_unit", views.show_unit)
bp.add_url_rule("/<int:unit_id>/edit", "edit_unit", views.edit_unit, methods=["GET", "POST"])
bp.add_url_rule("/<int:unit_id>/delete", "delete_unit", views.delete_unit, methods=["POST"])
bp.add_url_rule("/<int:unit_id>/staff/new", "add_staff_count", views.add_staff_count, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:unit_id>/staff/<int:count_id>/edit",
    "edit_staff_count",
    views.edit_staff_count,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:unit_id>/staff/<int:count_id>/delete",
    "delete_staff_count",
    views.delete_staff_count,
    methods=["POST"],
)
