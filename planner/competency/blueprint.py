"""URL map of competency frameworks (胜任素质模型)."""

from flask import Blueprint

from planner.competency import views

bp = Blueprint("competency", __name__, url_prefix="/competencies")

bp.add_url_rule("/", "list_frameworks", views.list_frameworks)
bp.add_url_rule("/new", "create_framework", views.create_framework, methods=["GET", "POST"])
bp.add_url_rule("/seed", "seed_default", views.seed_default, methods=["POST"])
bp.add_url_rule("/<int:framework_id>", "show_framework", views.show_framework)
bp.add_url_rule("/<int:framework_id>/edit", "edit_framework", views.edit_framework, methods=["GET", "POST"])
bp.add_url_rule("/<int:framework_id>/new-version", "new_version", views.new_version, methods=["POST"])
bp.add_url_rule(
    "/<int:framework_id>/activate", "activate_framework", views.activate_framework, methods=["POST"]
)
bp.add_url_rule("/<int:framework_id>/delete", "delete_framework", views.delete_framework, methods=["POST"])
bp.add_url_rule("/<int:framework_id>/groups/new", "create_group", views.create_group, methods=["GET", "POST"])
bp.add_url_rule("/groups/<int:group_id>/edit", "edit_group", views.edit_group, methods=["GET", "POST"])
bp.add_url_rule("/groups/<int:group_id>/delete", "delete_group", views.delete_group, methods=["POST"])
bp.add_url_rule(
    "/groups/<int:group_id>/dimensions/new",
    "create_dimension",
    views.create_dimension,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/dimensions/<int:dimension_id>/edit", "edit_dimension", views.edit_dimension, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/dimensions/<int:dimension_id>/delete", "delete_dimension", views.delete_dimension, methods=["POST"]
)
