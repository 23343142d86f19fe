"""Helpers available in every template."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from planner.web.locale import LOCALES, html_lang


def localized(obj: Any, attribute: str = "name") -> str:
    """Return ``obj.<attribute>_zh`` or ``_en`` by the current locale."""
    suffix = "zh" if str(get_locale()).startswith("zh") else "en"
    return getattr(obj, f"{attribute}_{suffix}") or getattr(obj, f"{attribute}_zh", "")


def page_url(page: int) -> str:
    """Return the current URL with ``page`` replaced, keeping the filters."""
    args = request.args.to_dict()
    args["page"] = str(page)
    return url_for(request.endpoint or "web.home", **(request.view_args or {}), **args)


def years_between(start: date | None, end: date | None = None) -> int | None:
    """Return whole years from ``start`` to ``end`` (today by default)."""
    if start is None:
        return None
    end = end or date.today()
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


# Main navigation: (endpoint, label); entries whose feature is not installed are left out.
NAVIGATION = [
    ("web.home", _l("Overview")),
    ("org.list_units", _l("Organisation")),
    ("territories.list_territories", _l("Territories")),
    ("people.list_managers", _l("Customer managers")),
    ("candidates.list_candidates", _l("Candidates")),
    ("competency.list_frameworks", _l("Competencies")),
    ("performance.list_schemes", _l("Performance")),
    ("audit.list_entries", _l("Audit log")),
    ("users.list_users", _l("Users")),
    ("settings.index", _l("Settings")),
]


def navigation() -> list[tuple[str, str, bool]]:
    """Return (url, label, active) for each navigation entry the application has."""
    current = (request.endpoint or "").split(".")[0]
    return [
        (url_for(endpoint), str(label), endpoint.split(".")[0] == current)
        for endpoint, label in NAVIGATION
        if endpoint in current_app.view_functions
    ]


def install_template_helpers(app: Flask) -> None:
    """Register globals and filters."""

    @app.context_processor
    def inject() -> dict[str, Any]:
        locale = str(get_locale())
        can_edit = bool(current_user and current_user.is_authenticated and current_user.can_edit())
        return {
            "current_locale": locale,
            "html_lang": html_lang(locale),
            "LOCALES": LOCALES,
            "can_edit": can_edit,
            "localized": localized,
            "page_url": page_url,
            "navigation": navigation,
        }

    app.jinja_env.filters["years_since"] = years_between
