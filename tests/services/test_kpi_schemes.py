"""KPI schemes: indicator rules, the weight sum checked at activation, refusals that change nothing."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from planner.enums import IndicatorDirection, Normalisation
from planner.errors import InvalidInput, StillReferenced
from planner.performance import schemes
from planner.performance.models import KpiIndicator, KpiScheme, PerformanceReview
from tests import factories
from tests.factories_perf import managers_in_one_branch, worked_scheme

HIGHER = IndicatorDirection.HIGHER_IS_BETTER


@pytest.fixture(autouse=True)
def _english_messages(db):
    """Check refusal messages in English (services translate them in the request's locale)."""
    with force_locale("en"):
        yield


def _indicator(code="loans", weight=0.5, normalisation=Normalisation.PEER_MIN_MAX, **rule):
    return schemes.IndicatorInput(code, "贷款", "Loans", "万元", HIGHER, weight, normalisation, **rule)


def _count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_new_scheme_starts_inactive(db):
    scheme = schemes.create_scheme(db, name="2026年方案")
    assert not scheme.is_active


def test_scheme_names_are_unique(db):
    schemes.create_scheme(db, name="方案")
    with pytest.raises(InvalidInput) as error:
        schemes.create_scheme(db, name="方案")
    assert error.value.field == "name"


def test_activation_accepts_weights_adding_up_to_one_within_a_thousandth(db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    factories.IndicatorFactory(scheme=scheme, weight=0.6)
    factories.IndicatorFactory(scheme=scheme, weight=0.4005)
    db.refresh(scheme)
    assert schemes.activate_scheme(db, scheme).is_active


def test_activation_refuses_weights_that_do_not_add_up_to_one(db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    factories.IndicatorFactory(scheme=scheme, weight=0.6)
    factories.IndicatorFactory(scheme=scheme, weight=0.3)
    db.refresh(scheme)
    with pytest.raises(InvalidInput) as error:
        schemes.activate_scheme(db, scheme)
    assert "0.9" in error.value.message
    assert not scheme.is_active


def test_activation_refuses_an_empty_scheme(db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    with pytest.raises(InvalidInput):
        schemes.activate_scheme(db, scheme)


def test_activation_refuses_a_zero_weight(db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    factories.IndicatorFactory(scheme=scheme, weight=1.0)
    factories.IndicatorFactory(scheme=scheme, weight=0.0)
    db.refresh(scheme)
    with pytest.raises(InvalidInput) as error:
        schemes.activate_scheme(db, scheme)
    assert "above 0" in error.value.message


def test_indicator_weight_must_be_positive(db):
    scheme = factories.KpiSchemeFactory()
    with pytest.raises(InvalidInput) as error:
        schemes.create_indicator(db, scheme, _indicator(weight=0))
    assert error.value.field == "weight"
    assert _count(db, KpiIndicator) == 0


def test_target_normalisation_needs_a_positive_target(db):
    scheme = factories.KpiSchemeFactory()
    with pytest.raises(InvalidInput) as error:
        schemes.create_indicator(db, scheme, _indicator(normalisation=Normalisation.TARGET, target=0))
    assert error.value.field == "target"


@pytest.mark.parametrize(("low", "high"), [(5.0, 3.0), (3.0, 3.0), (None, 5.0)])
def test_tolerance_band_needs_low_below_high(db, low, high):
    scheme = factories.KpiSchemeFactory()
    with pytest.raises(InvalidInput) as error:
        schemes.create_indicator(
            db, scheme, _indicator(normalisation=Normalisation.TOLERANCE_BAND, band_low=low, band_high=high)
        )
    assert error.value.field == "band_high"


def test_rule_fields_that_do_not_apply_are_cleared(db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    indicator = schemes.create_indicator(
        db, scheme, _indicator(normalisation=Normalisation.TARGET, target=95.0, band_low=1.0, band_high=2.0)
    )
    assert (indicator.target, indicator.band_low, indicator.band_high) == (95.0, None, None)


def test_indicator_code_is_unique_in_its_scheme(db):
    scheme = factories.KpiSchemeFactory(is_active=False)
    schemes.create_indicator(db, scheme, _indicator(code="loans"))
    with pytest.raises(InvalidInput) as error:
        schemes.create_indicator(db, scheme, _indicator(code="loans"))
    assert error.value.field == "code"
    assert _count(db, KpiIndicator) == 1


def test_scheme_with_reviews_cannot_be_deleted(db):
    review = factories.ReviewFactory()
    with pytest.raises(StillReferenced) as error:
        schemes.delete_scheme(db, review.scheme)
    assert "1 performance reviews" in error.value.message
    assert _count(db, KpiScheme) == 1


def test_scheme_without_reviews_is_deleted_with_its_indicators(db):
    scheme, _, _ = worked_scheme()
    schemes.delete_scheme(db, scheme)
    assert (_count(db, KpiScheme), _count(db, KpiIndicator)) == (0, 0)


def test_indicator_with_values_cannot_be_deleted(db):
    value = factories.IndicatorValueFactory()
    with pytest.raises(StillReferenced):
        schemes.delete_indicator(db, value.indicator)
    assert _count(db, KpiIndicator) == 1


def test_changing_an_indicator_rescores_its_reviews(db):
    from planner.performance import reviews

    scheme, deposits, npl = worked_scheme()
    _, (a,) = managers_in_one_branch(1)
    review = reviews.create_review(
        db,
        employee_no=a.employee_no,
        scheme_id=scheme.id,
        period="2025",
        values={deposits.id: 100, npl.id: 4.0},
    )
    assert review.composite_score == 80.0
    schemes.update_indicator(
        db,
        npl,
        schemes.IndicatorInput(
            "npl",
            "不良贷款率",
            "NPL ratio",
            "%",
            IndicatorDirection.LOWER_IS_BETTER,
            0.4,
            Normalisation.TOLERANCE_BAND,
            None,
            4.0,
            6.0,
        ),
    )
    db.expire_all()
    # 4% is now at the band's low end: full score. 0.6×100 + 0.4×100 = 100
    assert db.get(PerformanceReview, review.id).composite_score == 100.0


def test_default_scheme_is_seeded_only_when_none_exists(db):
    scheme = schemes.seed_default_model(db)
    assert scheme.is_active and schemes.weight_sum(scheme) == pytest.approx(1.0)
    with pytest.raises(InvalidInput):
        schemes.seed_default_model(db)


def test_list_shows_indicator_counts_weight_sums_and_review_counts(db):
    scheme, _, _ = worked_scheme("A 2025")
    factories.ReviewFactory(scheme=scheme)
    factories.KpiSchemeFactory(name="B 2026")
    rows = [(s.scheme.name, s.indicators, s.weight_sum, s.reviews) for s in schemes.list_schemes(db)]
    assert rows == [("A 2025", 2, pytest.approx(1.0), 1), ("B 2026", 0, 0.0, 0)]
