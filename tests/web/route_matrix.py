"""Who may use each route: the table ``test_route_matrix.py`` checks every route of the app against.

Every endpoint in the app's URL map needs one entry here; a route without one fails the suite, with a message
saying which line to add. Pick the access level the view's decorator gives:

    PUBLIC     anyone, signed in or not (the sign-in page, the language switch, static files)
    SIGNED_IN  every role (viewer, planner, admin): pages that only read
    EDITORS    planner and admin (``@editor_required``): pages that change planning data
    ADMIN      admin only (``@admin_required``)

A route whose methods differ (GET for everyone, POST for editors) takes a dict: ``{"GET": SIGNED_IN, "POST":
EDITORS}``. ``SAMPLE_ARGUMENTS`` gives a value for URL parts that are not ``<int:…>`` ids.
"""

from __future__ import annotations

from planner.enums import Role

ANONYMOUS = None
ROLES: tuple[Role | None, ...] = (ANONYMOUS, Role.VIEWER, Role.PLANNER, Role.ADMIN)

PUBLIC = frozenset({ANONYMOUS, Role.VIEWER, Role.PLANNER, Role.ADMIN})
SIGNED_IN = frozenset({Role.VIEWER, Role.PLANNER, Role.ADMIN})
EDITORS = frozenset({Role.PLANNER, Role.ADMIN})
ADMIN = frozenset({Role.ADMIN})

ROUTES: dict[str, frozenset[Role | None] | dict[str, frozenset[Role | None]]] = {
    # site, sign-in, static files
    "static": PUBLIC,
    "web.vendor": PUBLIC,
    "web.set_locale": PUBLIC,
    "web.home": SIGNED_IN,
    "auth.login": PUBLIC,
    "auth.logout": SIGNED_IN,
    # organisation
    "org.list_units": SIGNED_IN,
    "org.show_unit": SIGNED_IN,
    "org.create_unit": EDITORS,
    "org.edit_unit": EDITORS,
    "org.delete_unit": EDITORS,
    "org.add_staff_count": EDITORS,
    "org.edit_staff_count": EDITORS,
    "org.delete_staff_count": EDITORS,
    # territories
    "territories.list_territories": SIGNED_IN,
    "territories.show_territory": SIGNED_IN,
    "territories.create_territory": EDITORS,
    "territories.edit_territory": EDITORS,
    "territories.delete_territory": EDITORS,
    "territories.add_threshold": EDITORS,
    "territories.edit_threshold": EDITORS,
    "territories.remove_threshold": EDITORS,
    # customer managers
    "people.list_managers": SIGNED_IN,
    "people.show_manager": SIGNED_IN,
    "people.new_manager": EDITORS,
    "people.edit_manager": EDITORS,
    "people.delete_manager": EDITORS,
    "people.add_avoidance": EDITORS,
    "people.remove_avoidance": EDITORS,
    # candidates
    "candidates.list_candidates": SIGNED_IN,
    "candidates.show_candidate": SIGNED_IN,
    "candidates.new_candidate": EDITORS,
    "candidates.edit_candidate": EDITORS,
    "candidates.delete_candidate": EDITORS,
    "candidates.move_candidate": EDITORS,
    # competencies
    "competency.list_frameworks": SIGNED_IN,
    "competency.show_framework": SIGNED_IN,
    "competency.create_framework": EDITORS,
    "competency.edit_framework": EDITORS,
    "competency.new_version": EDITORS,
    "competency.activate_framework": EDITORS,
    "competency.delete_framework": EDITORS,
    "competency.seed_default": ADMIN,
    "competency.create_group": EDITORS,
    "competency.edit_group": EDITORS,
    "competency.delete_group": EDITORS,
    "competency.create_dimension": EDITORS,
    "competency.edit_dimension": EDITORS,
    "competency.delete_dimension": EDITORS,
    "assessments.list_assessments": SIGNED_IN,
    "assessments.create_assessment": EDITORS,
    "assessments.edit_assessment": EDITORS,
    "assessments.delete_assessment": EDITORS,
    # performance
    "performance.list_schemes": SIGNED_IN,
    "performance.show_scheme": SIGNED_IN,
    "performance.create_scheme": EDITORS,
    "performance.edit_scheme": EDITORS,
    "performance.activate_scheme": EDITORS,
    "performance.deactivate_scheme": EDITORS,
    "performance.delete_scheme": EDITORS,
    "performance.seed_default": ADMIN,
    "performance.create_indicator": EDITORS,
    "performance.edit_indicator": EDITORS,
    "performance.delete_indicator": EDITORS,
    "performance.list_reviews": SIGNED_IN,
    "performance.show_review": SIGNED_IN,
    "performance.create_review": EDITORS,
    "performance.edit_review": EDITORS,
    "performance.delete_review": EDITORS,
    "performance.recompute": EDITORS,
    # scenarios and runs (the planning loop)
    "scenarios.list_scenarios": SIGNED_IN,
    "scenarios.show_scenario": SIGNED_IN,
    "scenarios.new_scenario": EDITORS,
    "scenarios.edit_scenario": EDITORS,
    "scenarios.clone_scenario": EDITORS,
    "scenarios.delete_scenario": EDITORS,
    "scenarios.run_scenario": EDITORS,
    "runs.show_run": SIGNED_IN,
    "runs.progress": SIGNED_IN,
    "runs.plan": SIGNED_IN,
    "runs.decisions": SIGNED_IN,
    "runs.assignment": SIGNED_IN,
    "runs.cancel": EDITORS,
    "runs.run_again": EDITORS,
    # spreadsheet imports (planners and admins) and list exports (every role; personal data masked)
    "spreadsheets.upload": EDITORS,
    "spreadsheets.preview": EDITORS,
    "spreadsheets.commit": EDITORS,
    "spreadsheets.rejected": EDITORS,
    "spreadsheets.template": EDITORS,
    "spreadsheets.export": SIGNED_IN,
    # audit log, users, settings
    "audit.list_entries": EDITORS,
    "users.list_users": ADMIN,
    "users.new_user": ADMIN,
    "users.edit_user": ADMIN,
    "users.change_password": ADMIN,
    "settings.index": SIGNED_IN,
    "settings.update": ADMIN,
    "settings.add_grade": ADMIN,
    "settings.rename_grade": ADMIN,
    "settings.delete_grade": ADMIN,
}

# Values for URL parts that are not ids (``<int:…>`` parts get the largest id, which no row has).
SAMPLE_ARGUMENTS: dict[str, str] = {
    "filename": "app.css",
    "fmt": "xlsx",
    "language": "zh",
    "token": "no-such-upload",
    "kind": "hires",
    "name": "htmx.min.js",
    "period": "2025",
}
