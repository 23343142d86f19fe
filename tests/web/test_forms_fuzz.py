"""Property: no form answers with a server error, whatever is typed into it.

Every page of the app is opened as an administrator on a small bank holding one row of each kind; every form
found on those pages (and every POST route, with whatever fields it might read) is submitted with values drawn
by Hypothesis: boundary numbers (32- and 64-bit limits, ``1e308``, ``inf``, ``nan``), long and odd text,
impossible dates and the select's own options. Each submission must answer below 500. The number of examples
per form is bounded so the whole property runs in well under a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter, Rule

from planner.enums import Role
from planner.scenarios.services import create_scenario
from tests import factories
from tests.web.form_discovery import FoundForm, find_forms
from tests.web.route_matrix import SAMPLE_ARGUMENTS

EXAMPLES_PER_FORM = 12
BOUNDARY_VALUES = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "9" * 400,
    "1e308",
    "-1e308",
    "1e-400",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "Infinity",
    "0.005",
    "3.14159",
    "1,000",
    "0x10",
    "１２３",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "2025-13-01",
    "%",
    "_",
    "\\",
    "'; DROP TABLE manager; --",
    "<script>alert(1)</script>",
    "{{ 7 * 7 }}",
    "\u202e",
    "𠀀" * 40,
    "x" * 5000,
    "None",
    "null",
    "true",
]
VALUES = st.one_of(
    st.sampled_from(BOUNDARY_VALUES),
    st.sampled_from(BOUNDARY_VALUES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
)


def _world(db) -> dict[str, int]:
    """One row of each kind, and the URL part naming it."""
    bank = factories.BankFactory()
    branch = factories.BranchFactory(parent=bank)
    outlet = factories.OutletFactory(parent=branch)
    staff = factories.StaffCountFactory(unit=branch, year=2025, total_staff=40)
    territory = factories.TerritoryFactory(unit=outlet)
    manager = factories.ManagerFactory(unit=outlet, territory=territory)
    link = factories.AvoidanceLinkFactory(manager_a=manager, manager_b=factories.ManagerFactory(unit=branch))
    dimension = factories.DimensionFactory()
    threshold_territory = territory
    assessment = factories.AssessmentFactory(dimension=dimension, manager=manager)
    scheme = factories.KpiSchemeFactory(is_active=False)
    indicator = factories.IndicatorFactory(scheme=scheme, weight=1.0)
    review = factories.ReviewFactory(manager=manager, scheme=scheme, period="2025")
    candidate = factories.CandidateFactory()
    user = factories.UserFactory(username="someone", role=Role.VIEWER)
    from planner.territories.models import TerritoryThreshold

    threshold = TerritoryThreshold(territory=threshold_territory, dimension=dimension, min_score=60)
    db.add(threshold)
    scenario = create_scenario(db, None, "演练方案")
    db.commit()
    return {
        "unit_id": branch.id,
        "count_id": staff.id,
        "territory_id": territory.id,
        "threshold_id": threshold.id,
        "manager_id": manager.id,
        "link_id": link.id,
        "framework_id": dimension.group.framework_id,
        "group_id": dimension.group_id,
        "dimension_id": dimension.id,
        "assessment_id": assessment.id,
        "scheme_id": scheme.id,
        "indicator_id": indicator.id,
        "review_id": review.id,
        "candidate_id": candidate.id,
        "user_id": user.id,
        "grade_id": manager.grade_id,
        "scenario_id": scenario.id,
    }


def _url(rule: Rule, ids: dict[str, int]) -> str:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        if isinstance(rule._converters[name], IntegerConverter):
            values[name] = ids.get(name, 2**31 - 1)  # a route this file does not know yet: its 404 path
        else:
            values[name] = SAMPLE_ARGUMENTS.get(name, "x")
    return url_for(rule.endpoint, **values)


def _destructive(path: str) -> bool:
    return any(word in path for word in ("delete", "remove", "logout"))


def _forms(app: Flask, client, ids: dict[str, int]) -> list[FoundForm]:
    """Open every GET page and collect its forms; add a bare form for POST routes no page showed."""
    found: dict[tuple[str, str], FoundForm] = {}
    post_paths = []
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in ("static", "web.vendor")]
    with app.test_request_context():
        paths = [_url(rule, ids) for rule in rules]
    for rule, path in zip(rules, paths, strict=True):
        if "POST" in (rule.methods or ()):
            post_paths.append(path)
        if "GET" in (rule.methods or ()):
            with client.get(path) as response:
                html = response.get_data(as_text=True)
            for form in find_forms(html, path):
                key = (form.method, form.action.split("?")[0])
                found.setdefault(key, form).fields.update(form.fields)
    for path in post_paths:
        found.setdefault(("post", path), FoundForm("post", path))
    forms = [form for form in found.values() if not form.action.startswith("http")]
    return sorted(forms, key=lambda f: (_destructive(f.action), f.action, f.method))


# Fields a "new" form needs a fresh value in: each submission gets its own.
UNIQUE_FIELDS = {"code", "reference", "employee_no", "username", "name"}
# Passwords are never shown on a page; a browser would send one the policy accepts.
PASSWORD = "a-fuzzing-passphrase-2026"


def _is_new_form(form: FoundForm) -> bool:
    return form.action.rstrip("/").endswith("/new") and "assessments" not in form.action


def _baseline(form: FoundForm, siblings: list[FoundForm]) -> dict[str, str]:
    """Return what a browser would send: a "new" form takes the values of an edit form with the same fields
    (which the server accepted once), any other form its own values."""
    values = {name: control.value for name, control in form.fields.items()}
    values = {name: "" if value == "None" else value for name, value in values.items()}
    for other in siblings:
        if other is not form and set(other.fields) == set(form.fields):
            for name, control in other.fields.items():
                if control.value not in ("", "None") and (_is_new_form(form) or not values[name]):
                    values[name] = control.value
    for name, control in form.fields.items():
        if control.kind == "password":
            values[name] = PASSWORD
    return values


def _values_for(form: FoundForm, siblings: list[FoundForm]) -> st.SearchStrategy[dict[str, str]]:
    """A valid-looking submission with up to three fields replaced by drawn values."""
    baseline = _baseline(form, siblings)
    # Number fields are where the database's limits bite: they are drawn three times as often.
    numbers = [name for name, control in form.fields.items() if control.kind == "number"]
    names = [*sorted(form.fields), *numbers, *numbers, "page"]

    @st.composite
    def submissions(draw: st.DrawFn) -> dict[str, str]:
        values = dict(baseline)
        suffix = draw(st.integers(min_value=0, max_value=10**6))
        if _is_new_form(form):
            for name in UNIQUE_FIELDS & set(values):
                values[name] = f"{values[name]}{suffix}"[:30]
        for name in set(draw(st.lists(st.sampled_from(names), max_size=3))):
            control = form.fields.get(name)
            if control is not None and control.kind == "checkbox":
                values[name] = draw(st.sampled_from(["", "y"]))
            elif control is not None and control.options:
                values[name] = draw(st.one_of(st.sampled_from(control.options), VALUES))
            else:
                values[name] = draw(VALUES)
        return values

    return submissions()


def _submit(client, form: FoundForm) -> Callable[[dict[str, str]], None]:
    def submit(values: dict[str, str]) -> None:
        data = {key: value for key, value in values.items() if value != ""}
        try:
            if form.method == "post":
                response = client.post(form.action, data=data)
            else:
                response = client.get(form.action, query_string=data)
            status = response.status_code
            response.close()
        except Exception as error:  # the test app propagates a view's exception instead of answering 500
            raise AssertionError(f"{form.method.upper()} {form.action} {data!r}: {error!r}") from error
        assert status < 500, f"{form.method.upper()} {form.action} {data!r}: HTTP {status}"

    return submit


def test_no_form_answers_a_server_error_whatever_is_submitted(app: Flask, db, admin_client):
    ids = _world(db)
    forms = _forms(app, admin_client, ids)
    assert len(forms) > 40, "the crawl found too few forms: is the admin signed in?"
    for form in forms:
        if form.action.startswith("/logout"):
            continue  # signing out would end the crawl's session
        if form.action.endswith(("/run", "/again")):
            continue  # each would queue a solver run; the planning loop's own tests start runs
        run = settings(
            max_examples=EXAMPLES_PER_FORM,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )(given(_values_for(form, forms))(_submit(admin_client, form)))
        run()
