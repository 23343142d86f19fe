"""URL map of user administration."""

from flask import Blueprint

from planner.users import views

bp = Blueprint("users", __name__, url_prefix="/users")

bp.add_url_rule("/", "list_users", views.list_users)
bp.add_url_rule("/new", "new_user", views.new_user, methods=["GET", "POST"])
bp.add_url_rule("/<int:user_id>/edit", "edit_user", views.edit_user, methods=["GET", "POST"])
bp.add_url_rule("/<int:user_id>/password", "change_password", views.change_password, methods=["GET", "POST"])
# Administrators see, on every page, which accounts still have a demo password.
bp.app_context_processor(views.demo_password_warning)
