"""Helpers available in every template."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from planner.enums import Role
from planner.web.i18n import finalize
from planner.web.locale import LOCALES, html_lang


def localized(obj: Any, attribute: str = "name") -> str:
    """Return ``obj.<attribute>_zh`` or ``_en`` by the current locale."""
    suffix = "zh" if str(get_locale()).startswith("zh") else "en"
    return getattr(obj, f"{attribute}_{suffix}") or getattr(obj, f"{attribute}_zh", "")


def page_url(page: int) -> str:
    """Return the current URL with ``page`` replaced, keeping the filters."""
    args = request.args.to_dict()
    args["page"] = str(page)
    values: dict[str, Any] = {**(request.view_args or {}), **args}
    return url_for(request.endpoint or "web.home", **values)


def years_between(start: date | None, end: date | None = None) -> int | None:
    """Return whole years from ``start`` to ``end`` (today by default)."""
    if start is None:
        return None
    end = end or date.today()
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def percent(share: float | None) -> str:
    """Show a share (0.125) as a percentage with one decimal ("12.5%"), or "—" when there is none."""
    return "—" if share is None else f"{share * 100:.1f}%"


EVERYONE = frozenset(Role)
EDITORS = frozenset({Role.ADMIN, Role.PLANNER})

# Main navigation: (endpoint, label, roles that may open it); others do not see the entry.
NAVIGATION = [
    ("web.home", _l("Overview"), EVERYONE),
    ("org.list_units", _l("Organisation"), EVERYONE),
    ("territories.list_territories", _l("Territories"), EVERYONE),
    ("people.list_managers", _l("Customer managers"), EVERYONE),
    ("candidates.list_candidates", _l("Candidates"), EVERYONE),
    ("competency.list_frameworks", _l("Competencies"), EVERYONE),
    ("performance.list_schemes", _l("Performance"), EVERYONE),
    ("scenarios.list_scenarios", _l("Scenarios"), EVERYONE),
    ("spreadsheets.upload", _l("Import"), EDITORS),
    ("audit.list_entries", _l("Audit log"), EDITORS),
    ("users.list_users", _l("Users"), frozenset({Role.ADMIN})),
    ("settings.index", _l("Settings"), EVERYONE),
]


def navigation() -> list[tuple[str, str, bool]]:
    """Return (url, label, active) for each navigation entry the signed-in user may open."""
    current = (request.endpoint or "").split(".")[0]
    return [
        (url_for(endpoint), str(label), endpoint.split(".")[0] == current)
        for endpoint, label, roles in NAVIGATION
        if current_user.is_authenticated and current_user.role in roles
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

    # Set before any template compiles (they compile on first render): every printed Message is translated.
    app.jinja_env.finalize = finalize
    app.jinja_env.filters["years_since"] = years_between
    app.jinja_env.filters["percent"] = percent
