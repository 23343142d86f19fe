"""URL map of KPI schemes and performance reviews (绩效考核)."""

from flask import Blueprint

from planner.performance import review_views, views

bp = Blueprint("performance", __name__, url_prefix="/performance")

bp.add_url_rule("/", "list_schemes", views.list_schemes)
bp.add_url_rule("/seed", "seed_default", views.seed_default, methods=["POST"])
bp.add_url_rule("/schemes/new", "create_scheme", views.create_scheme, methods=["GET", "POST"])
bp.add_url_rule("/schemes/<int:scheme_id>", "show_scheme", views.show_scheme)
bp.add_url_rule("/schemes/<int:scheme_id>/edit", "edit_scheme", views.edit_scheme, methods=["GET", "POST"])
bp.add_url_rule("/schemes/<int:scheme_id>/delete", "delete_scheme", views.delete_scheme, methods=["POST"])
bp.add_url_rule(
    "/schemes/<int:scheme_id>/activate", "activate_scheme", views.activate_scheme, methods=["POST"]
)
bp.add_url_rule(
    "/schemes/<int:scheme_id>/deactivate", "deactivate_scheme", views.deactivate_scheme, methods=["POST"]
)
bp.add_url_rule(
    "/schemes/<int:scheme_id>/indicators/new",
    "create_indicator",
    views.create_indicator,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/indicators/<int:indicator_id>/edit", "edit_indicator", views.edit_indicator, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/indicators/<int:indicator_id>/delete", "delete_indicator", views.delete_indicator, methods=["POST"]
)
bp.add_url_rule(
    "/schemes/<int:scheme_id>/periods/<period>/recompute",
    "recompute",
    review_views.recompute,
    methods=["POST"],
)
bp.add_url_rule("/reviews", "list_reviews", review_views.list_reviews)
bp.add_url_rule("/reviews/new", "create_review", review_views.create_review, methods=["GET", "POST"])
bp.add_url_rule("/reviews/<int:review_id>", "show_review", review_views.show_review)
bp.add_url_rule(
    "/reviews/<int:review_id>/edit", "edit_review", review_views.edit_review, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/reviews/<int:review_id>/delete", "delete_review", review_views.delete_review, methods=["POST"]
)
