"""Input the database cannot store is a clear error that changes nothing, never an HTTP 500: ids and page
numbers beyond range, huge or non-finite numbers, LIKE wildcards and endless search terms, NUL bytes, and
redirects to other sites."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.competency.models import CompetencyDimension
from planner.errors import StillReferenced
from planner.org.models import OrgUnit, UnitStaffCount
from planner.performance.models import KpiIndicator
from planner.settings.models import Grade
from planner.territories.models import Territory, TerritoryThreshold
from tests import factories

HUGE = "99999999999999999999"
INT32_OVER = str(2**31)


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def _territory_form(unit_id: int, **changes: object) -> dict[str, object]:
    data = {
        "code": "T900",
        "name": "新村片区",
        "unit_id": unit_id,
        "segment": "agriculture",
        "households": 10,
        "customers": 0,
        "villages": 1,
        "loan_balance": "1.00",
        "deposit_balance": "0",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "url",
    [f"/managers/{HUGE}", f"/territories/{INT32_OVER}", f"/units/{'9' * 5000}", "/candidates/2147483648"],
)
def test_an_id_beyond_the_id_columns_is_not_found(viewer_client, url):
    assert viewer_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/territories/",
        "/managers/",
        "/candidates/",
        "/units/",
        "/competencies/assessments",
        "/performance/reviews",
        "/audit/",
        "/users/",
    ],
)
def test_a_page_number_beyond_any_integer_shows_the_last_page(admin_client, db, url):
    factories.TerritoryFactory()
    db.commit()
    response = admin_client.get(f"{url}?page=9223372036854775808")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        f"branch={HUGE}",
        f"outlet={HUGE}",
        f"grade={HUGE}",
        f"branch=-{HUGE}",
        "grade=1e9",
        f"unit={HUGE}",
        f"scheme={HUGE}",
        f"dimension={HUGE}",
    ],
)
@pytest.mark.parametrize(
    "url",
    ["/territories/", "/managers/", "/candidates/", "/performance/reviews", "/competencies/assessments"],
)
def test_filters_with_huge_numbers_are_ignored(viewer_client, url, query):
    assert viewer_client.get(f"{url}?{query}").status_code == 200


@pytest.mark.parametrize("field", ["households", "customers", "villages", "staffing_need_override"])
def test_territory_counts_beyond_32_bits_are_a_field_error(planner_client, db, field):
    outlet = factories.OutletFactory()
    db.commit()
    response = planner_client.post("/territories/new", data=_territory_form(outlet.id, **{field: INT32_OVER}))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _count(db, Territory) == 0


@pytest.mark.parametrize("amount", ["1e308", "inf", "-Infinity", "NaN", "9" * 5000, "1000000000000"])
def test_money_beyond_the_column_precision_or_not_finite_is_a_field_error(planner_client, db, amount):
    outlet = factories.OutletFactory()
    db.commit()
    response = planner_client.post("/territories/new", data=_territory_form(outlet.id, loan_balance=amount))
    assert response.status_code == 422
    assert 'id="loan_balance-error"' in response.get_data(as_text=True)
    assert _count(db, Territory) == 0


def test_the_largest_amount_the_column_holds_is_stored(planner_client, db):
    outlet = factories.OutletFactory()
    db.commit()
    response = planner_client.post(
        "/territories/new", data=_territory_form(outlet.id, deposit_balance="999999999999.99")
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(Territory.deposit_balance)) == Decimal("999999999999.99")


def test_a_parent_unit_beyond_32_bits_is_a_field_error(planner_client, db):
    factories.BankFactory()
    db.commit()
    before = _count(db, OrgUnit)
    response = planner_client.post(
        "/units/new", data={"code": "B9", "name": "x", "kind": "branch", "parent_id": HUGE}
    )
    assert response.status_code in (400, 422)
    assert _count(db, OrgUnit) == before


def test_total_staff_beyond_32_bits_is_a_field_error(planner_client, db):
    branch = factories.BranchFactory()
    db.commit()
    response = planner_client.post(
        f"/units/{branch.id}/staff/new", data={"year": 2025, "total_staff": INT32_OVER}
    )
    assert response.status_code == 422
    assert _count(db, UnitStaffCount) == 0


def test_a_grade_rank_beyond_32_bits_is_a_field_error(admin_client, db):
    response = admin_client.post(
        "/settings/grades/new", data={"code": "x", "rank": INT32_OVER, "name_zh": "甲", "name_en": "x"}
    )
    assert response.status_code == 422
    assert _count(db, Grade) == 0


def test_a_threshold_dimension_beyond_32_bits_is_a_field_error(planner_client, db):
    territory = factories.TerritoryFactory()
    db.commit()
    response = planner_client.post(
        f"/territories/{territory.id}/thresholds/new", data={"dimension_id": HUGE, "min_score": "60"}
    )
    assert response.status_code == 422
    assert _count(db, TerritoryThreshold) == 0


@pytest.mark.parametrize("weight", ["inf", "nan", "1e308", "1.5"])
def test_a_kpi_weight_not_finite_or_above_one_is_refused(planner_client, db, weight):
    scheme = factories.KpiSchemeFactory(is_active=False)
    db.commit()
    response = planner_client.post(
        f"/performance/schemes/{scheme.id}/indicators/new",
        data={
            "code": "x",
            "name_zh": "甲",
            "name_en": "x",
            "direction": "higher_is_better",
            "weight": weight,
            "normalisation": "peer_minmax",
        },
    )
    assert response.status_code == 422
    assert _count(db, KpiIndicator) == 0


def test_changing_a_weight_of_an_active_scheme_must_keep_the_sum_at_one(planner_client, db):
    scheme = factories.KpiSchemeFactory(is_active=True)
    first = factories.IndicatorFactory(scheme=scheme, weight=0.6)
    factories.IndicatorFactory(scheme=scheme, weight=0.4)
    db.commit()
    response = planner_client.post(
        f"/performance/indicators/{first.id}/edit",
        data={
            "code": first.code,
            "name_zh": first.name_zh,
            "name_en": first.name_en,
            "direction": first.direction.value,
            "weight": "0.7",
            "normalisation": first.normalisation.value,
            "target": first.target or "",
            "band_low": first.band_low or "",
            "band_high": first.band_high or "",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "must add up to 1" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(KpiIndicator, first.id).weight == 0.6


@pytest.mark.parametrize("weight", ["inf", "nan", "1e308", "1001"])
def test_a_competency_weight_not_finite_or_too_large_is_refused(planner_client, db, weight):
    group = factories.CompetencyGroupFactory()
    db.commit()
    response = planner_client.post(
        f"/competencies/groups/{group.id}/dimensions/new",
        data={"code": "x", "name_zh": "甲", "name_en": "x", "weight": weight},
    )
    assert response.status_code == 422
    assert _count(db, CompetencyDimension) == len(group.dimensions)


def test_territory_search_takes_wildcards_literally(viewer_client, db):
    factories.TerritoryFactory(code="T1", name="东村")
    factories.TerritoryFactory(code="T2", name="满100%片区")
    db.commit()
    page = viewer_client.get("/territories/?q=%25").get_data(as_text=True)
    assert "满100%片区" in page and "东村" not in page
    page = viewer_client.get("/territories/?q=_").get_data(as_text=True)
    assert "东村" not in page


@pytest.mark.parametrize(
    "url",
    ["/territories/", "/managers/", "/candidates/", "/performance/reviews", "/competencies/assessments"],
)
def test_a_search_of_a_hundred_thousand_characters_is_cut_not_an_error(viewer_client, url):
    assert viewer_client.get(f"{url}?q={'%_' * 50000}").status_code == 200


@pytest.mark.parametrize(
    "referer",
    [
        "//evil.example/x",
        "https://evil.example/x",
        "http://localhost.evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
    ],
)
def test_the_language_switch_only_returns_to_this_site(client, referer):
    response = client.post("/locale", data={"locale": "en"}, headers={"Referer": referer})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switch_returns_to_the_page_it_came_from(client):
    response = client.post(
        "/locale", data={"locale": "en"}, headers={"Referer": "http://localhost/territories/?q=a"}
    )
    assert response.headers["Location"] == "/territories/?q=a"


@pytest.mark.parametrize(
    ("referer", "location"), [("//evil.example/x", "/"), ("http://localhost/units/3", "/units/3")]
)
def test_the_still_referenced_handler_redirects_only_within_the_site(app, referer, location):
    with app.test_request_context("/units/3/delete", method="POST", headers={"Referer": referer}):
        response = app.handle_user_exception(StillReferenced("org_unit", "still used"))
    assert response.status_code == 302
    assert response.headers["Location"] == location


def test_a_nul_byte_in_a_text_field_is_refused_and_nothing_stored(planner_client, db):
    outlet = factories.OutletFactory()
    db.commit()
    response = planner_client.post("/territories/new", data=_territory_form(outlet.id, name="新\x00村"))
    assert response.status_code == 400
    assert _count(db, Territory) == 0


def test_a_nul_byte_in_a_query_is_refused(viewer_client):
    assert viewer_client.get("/territories/?q=a%00b").status_code == 400
