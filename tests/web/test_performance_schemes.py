"""KPI scheme pages: indicators with their rules, the weight sum, activation, refusals, roles."""

from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.performance.models import KpiIndicator, KpiScheme
from tests import factories
from tests.factories_perf import worked_scheme


def _english(client):
    client.post("/locale", data={"locale": "en"})
    return client


INDICATOR = {
    "code": "loans",
    "name_zh": "贷款余额",
    "name_en": "Loans",
    "unit_label": "万元",
    "direction": "higher",
    "weight": "0.5",
    "normalisation": "peer_min_max",
    "target": "",
    "band_low": "",
    "band_high": "",
}


def test_list_shows_schemes_with_indicator_counts_and_weight_sums(viewer_client, db):
    worked_scheme("A scheme")
    db.commit()
    page = _english(viewer_client).get("/performance/").get_data(as_text=True)
    assert "A scheme" in page and "1.000" in page
    assert "New KPI scheme" not in page


def test_scheme_page_shows_rules_shares_units_and_the_weight_sum(viewer_client, db):
    scheme, _, _ = worked_scheme()
    db.commit()
    page = _english(viewer_client).get(f"/performance/schemes/{scheme.id}").get_data(as_text=True)
    assert "Deposits" in page and "NPL ratio" in page
    assert "60.0%" in page and "40.0%" in page
    assert "Lower is better" in page and "Tolerance band" in page and "3–5%" in page
    assert "adds up to 1" in page


def test_scheme_page_speaks_chinese_by_default(viewer_client, db):
    scheme, _, _ = worked_scheme()
    db.commit()
    page = viewer_client.get(f"/performance/schemes/{scheme.id}").get_data(as_text=True)
    assert "不良贷款率" in page and "NPL ratio" not in page
    assert "权重合计" in page and "合计为 1" in page


def test_planner_creates_a_scheme_and_adds_an_indicator(planner_client, db):
    response = planner_client.post("/performance/schemes/new", data={"name": "2026方案", "description": ""})
    scheme = db.scalar(select(KpiScheme).where(KpiScheme.name == "2026方案"))
    assert response.headers["Location"].endswith(f"/performance/schemes/{scheme.id}")
    assert not scheme.is_active
    planner_client.post(f"/performance/schemes/{scheme.id}/indicators/new", data=INDICATOR)
    indicator = db.scalar(select(KpiIndicator).where(KpiIndicator.scheme_id == scheme.id))
    assert (indicator.code, indicator.weight, indicator.unit_label) == ("loans", 0.5, "万元")
    audit = db.scalar(select(AuditEntry).where(AuditEntry.entity == "kpi_indicator"))
    assert audit.changes["code"] == "loans"


def test_weight_sum_is_shown_and_activation_refuses_a_wrong_sum(planner_client, db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    factories.IndicatorFactory(scheme=scheme, weight=0.5)
    factories.IndicatorFactory(scheme=scheme, weight=0.3)
    db.commit()
    _english(planner_client)
    page = planner_client.get(f"/performance/schemes/{scheme.id}").get_data(as_text=True)
    assert "0.800" in page and "must add up to 1 before activation" in page
    response = planner_client.post(f"/performance/schemes/{scheme.id}/activate", follow_redirects=True)
    assert "The weights add up to 0.8; they must add up to 1 before activation." in response.get_data(
        as_text=True
    )
    db.expire_all()
    assert not db.get(KpiScheme, scheme.id).is_active


def test_activation_with_weights_adding_up_to_one(planner_client, db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    factories.IndicatorFactory(scheme=scheme, weight=0.7)
    factories.IndicatorFactory(scheme=scheme, weight=0.3)
    db.commit()
    planner_client.post(f"/performance/schemes/{scheme.id}/activate")
    db.expire_all()
    assert db.get(KpiScheme, scheme.id).is_active


def test_target_indicator_without_target_is_refused_on_the_field(planner_client, db):
    scheme = factories.KpiSchemeFactory()
    db.commit()
    data = INDICATOR | {"normalisation": "target", "target": ""}
    response = _english(planner_client).post(f"/performance/schemes/{scheme.id}/indicators/new", data=data)
    assert response.status_code == 422
    assert "A target above 0 is required." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(KpiIndicator)) == 0


def test_band_with_low_above_high_is_refused(planner_client, db):
    scheme = factories.KpiSchemeFactory()
    db.commit()
    data = INDICATOR | {"normalisation": "tolerance_band", "band_low": "5", "band_high": "3"}
    response = _english(planner_client).post(f"/performance/schemes/{scheme.id}/indicators/new", data=data)
    assert response.status_code == 422
    assert "lower bound below its upper bound" in response.get_data(as_text=True)


def test_zero_weight_and_duplicate_code_are_refused(planner_client, db):
    scheme, _, _ = worked_scheme()
    db.commit()
    _english(planner_client)
    url = f"/performance/schemes/{scheme.id}/indicators/new"
    zero = planner_client.post(url, data=INDICATOR | {"weight": "0"})
    assert zero.status_code == 422 and "The weight must be above 0." in zero.get_data(as_text=True)
    duplicate = planner_client.post(url, data=INDICATOR | {"code": "npl"})
    assert duplicate.status_code == 422
    assert "This code is already used in this scheme." in duplicate.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(KpiIndicator)) == 2


def test_scheme_with_reviews_cannot_be_deleted(planner_client, db):
    review = factories.ReviewFactory()
    db.commit()
    response = _english(planner_client).post(
        f"/performance/schemes/{review.scheme_id}/delete", follow_redirects=True
    )
    assert "This scheme cannot be deleted: 1 performance reviews use it." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(KpiScheme)) == 1


def test_unused_scheme_is_deleted(planner_client, db):
    scheme, _, _ = worked_scheme()
    db.commit()
    response = planner_client.post(f"/performance/schemes/{scheme.id}/delete")
    assert response.headers["Location"].endswith("/performance/")
    assert db.scalar(select(func.count()).select_from(KpiScheme)) == 0


def test_admin_seeds_the_default_scheme_when_none_exists(admin_client, db):
    assert "Seed the default KPI scheme" in _english(admin_client).get("/performance/").get_data(as_text=True)
    admin_client.post("/performance/seed")
    codes = db.scalars(select(KpiIndicator.code).order_by(KpiIndicator.position)).all()
    assert codes[:2] == ["deposits", "loans"] and len(codes) == 7


def test_planner_may_not_seed(planner_client, db):
    assert planner_client.post("/performance/seed").status_code == 403
    assert db.scalar(select(func.count()).select_from(KpiScheme)) == 0


def test_viewer_gets_403_on_every_change(viewer_client, db):
    scheme, deposits, _ = worked_scheme()
    db.commit()
    attempts = [
        ("/performance/schemes/new", {"name": "x"}),
        (f"/performance/schemes/{scheme.id}/edit", {"name": "x"}),
        (f"/performance/schemes/{scheme.id}/delete", {}),
        (f"/performance/schemes/{scheme.id}/activate", {}),
        (f"/performance/schemes/{scheme.id}/deactivate", {}),
        (f"/performance/schemes/{scheme.id}/indicators/new", INDICATOR),
        (f"/performance/indicators/{deposits.id}/edit", INDICATOR),
        (f"/performance/indicators/{deposits.id}/delete", {}),
        (f"/performance/schemes/{scheme.id}/periods/2025/recompute", {}),
        ("/performance/seed", {}),
    ]
    for url, data in attempts:
        assert viewer_client.post(url, data=data).status_code == 403, url
    db.expire_all()
    assert db.get(KpiScheme, scheme.id).is_active
    assert db.scalar(select(func.count()).select_from(KpiIndicator)) == 2
