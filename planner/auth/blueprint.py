"""URL map of sign-in pages."""

from flask import Blueprint

from planner.auth import views

bp = Blueprint("auth", __name__)

bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
