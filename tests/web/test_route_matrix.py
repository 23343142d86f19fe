"""Every route × every role behaves as ``route_matrix.py`` says: no route can be added without saying who may
use it, and none answers a role it should refuse."""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from werkzeug.routing import IntegerConverter, Rule

from planner.enums import Role
from tests.web.route_matrix import ANONYMOUS, ROLES, ROUTES, SAMPLE_ARGUMENTS

MATRIX_FILE = "tests/web/route_matrix.py"
# The largest id an id column holds: no row has it, so allowed roles get a 404, not a page.
MISSING_ID = 2**31 - 1


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _allowed(endpoint: str, method: str) -> frozenset[Role | None]:
    entry = ROUTES[endpoint]
    return entry[method] if isinstance(entry, dict) else entry


def _url(rule: Rule) -> str:
    values: dict[str, object] = {}
    for name in sorted(rule.arguments):
        converter = rule._converters[name]
        if isinstance(converter, IntegerConverter):
            values[name] = MISSING_ID
        else:
            assert name in SAMPLE_ARGUMENTS, (
                f"{rule.rule}: add a sample value for <{name}> to SAMPLE_ARGUMENTS in {MATRIX_FILE}"
            )
            values[name] = SAMPLE_ARGUMENTS[name]
    return url_for(rule.endpoint, **values)


def _rules(app: Flask) -> list[Rule]:
    # Signing out last: it ends the client's session.
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.endpoint, r.rule))


def test_every_route_has_an_entry_in_the_matrix(app: Flask):
    missing = [
        f'    "{rule.endpoint}": SIGNED_IN,  # {", ".join(_methods(rule))} {rule.rule}'
        for rule in _rules(app)
        if rule.endpoint not in ROUTES
    ]
    assert not missing, (
        f"These routes have no entry in ROUTES in {MATRIX_FILE}. Add one line each, choosing PUBLIC, "
        "SIGNED_IN, EDITORS or ADMIN as the view's decorator allows:\n" + "\n".join(missing)
    )


def test_the_matrix_names_no_route_that_is_gone(app: Flask):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    stale = sorted(set(ROUTES) - endpoints)
    assert not stale, f"Remove these entries from ROUTES in {MATRIX_FILE}: no such route: {stale}"


def _verdict(role: Role | None, allowed: bool, status: int, location: str) -> str | None:
    """Return what is wrong with the answer, or None when it is what the matrix expects."""
    sent_to_sign_in = status == 302 and location.startswith("/login?next=")
    if status >= 500:
        return f"server error {status}"
    if allowed:
        if status == 403 or sent_to_sign_in:
            return f"refused ({status} {location})"
        return None
    if role is ANONYMOUS:
        return (
            None if sent_to_sign_in else f"expected a redirect to the sign-in page, got {status} {location}"
        )
    return None if status == 403 else f"expected 403, got {status} {location}"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_each_route_answers_each_role_as_the_matrix_says(request, app: Flask, db, role: Role | None):
    client = request.getfixturevalue(f"{role.value}_client" if role else "client")
    problems = []
    rules = [rule for rule in _rules(app) if rule.endpoint in ROUTES]  # others: the test above reports them
    with app.test_request_context():
        urls = [_url(rule) for rule in rules]
    for rule, url in zip(rules, urls, strict=True):
        for method in _methods(rule):
            with client.open(url, method=method, data={}) as response:
                status, location = response.status_code, response.headers.get("Location", "")
            allowed = role in _allowed(rule.endpoint, method)
            problem = _verdict(role, allowed, status, location)
            if problem:
                problems.append(f"{method} {url} ({rule.endpoint}, allowed={allowed}): {problem}")
    assert not problems, "\n".join(problems)
