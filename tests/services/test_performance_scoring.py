"""Composite performance scores and ranks inside peer groups."""

import pytest

from planner.enums import IndicatorDirection, Normalisation, Segment
from planner.performance.scoring import (
    IndicatorRule,
    competition_ranks,
    composite_scores,
    indicator_score,
    recompute_scores,
)
from tests import factories

HIGHER, LOWER = IndicatorDirection.HIGHER_IS_BETTER, IndicatorDirection.LOWER_IS_BETTER


def test_peer_min_max_puts_the_best_at_100_and_the_worst_at_0():
    rule = IndicatorRule(1, HIGHER, 1.0, Normalisation.PEER_MIN_MAX)
    assert indicator_score(rule, 300, [100, 200, 300]) == 100
    assert indicator_score(rule, 200, [100, 200, 300]) == 50
    assert indicator_score(rule, 100, [100, 200, 300]) == 0


def test_peer_min_max_reverses_for_lower_is_better():
    rule = IndicatorRule(1, LOWER, 1.0, Normalisation.PEER_MIN_MAX)
    assert indicator_score(rule, 100, [100, 300]) == 100
    assert indicator_score(rule, 250, [100, 300]) == 25


def test_equal_peers_all_score_full_marks():
    rule = IndicatorRule(1, HIGHER, 1.0, Normalisation.PEER_MIN_MAX)
    assert indicator_score(rule, 7, [7, 7]) == 100


def test_npl_tolerance_band_scores_full_below_3_percent_and_zero_from_5_percent():
    rule = IndicatorRule(1, LOWER, 1.0, Normalisation.TOLERANCE_BAND, band_low=3.0, band_high=5.0)
    assert indicator_score(rule, 2.5, []) == 100
    assert indicator_score(rule, 4.0, []) == 50
    assert indicator_score(rule, 5.5, []) == 0


def test_target_scores_share_of_target_capped_at_100():
    rule = IndicatorRule(1, HIGHER, 1.0, Normalisation.TARGET, target=95.0)
    assert indicator_score(rule, 76, []) == pytest.approx(80.0)
    assert indicator_score(rule, 99, []) == 100


def test_composite_is_the_weighted_mean_and_a_missing_value_scores_zero():
    deposits = IndicatorRule(1, HIGHER, 0.6, Normalisation.PEER_MIN_MAX)
    npl = IndicatorRule(2, LOWER, 0.4, Normalisation.TOLERANCE_BAND, band_low=3.0, band_high=5.0)
    scores = composite_scores(
        [deposits, npl],
        {10: {1: 500, 2: 4.0}, 11: {1: 100, 2: 2.0}, 12: {1: 300}},
    )
    # review 10: 0.6×100 + 0.4×50 = 80; review 11: 0.6×0 + 0.4×100 = 40; review 12: 0.6×50 + 0 = 30
    assert scores == {10: 80.0, 11: 40.0, 12: 30.0}


def test_equal_scores_share_the_better_rank():
    assert competition_ranks({1: 90.0, 2: 80.0, 3: 80.0, 4: 70.0}) == {1: 1, 2: 2, 3: 2, 4: 4}


def test_recompute_ranks_each_peer_group_separately(db):
    scheme = factories.KpiSchemeFactory()
    deposits = factories.IndicatorFactory(scheme=scheme, weight=1.0)
    branch_a, branch_b = factories.BranchFactory(), factories.BranchFactory()
    expected = {}
    for unit, amounts in ((branch_a, [100, 300, 200]), (branch_b, [50, 60])):
        for amount in amounts:
            manager = factories.ManagerFactory(unit=unit)
            review = factories.ReviewFactory(
                manager=manager, scheme=scheme, unit=unit, segment=Segment.RETAIL, period="2025"
            )
            factories.IndicatorValueFactory(review=review, indicator=deposits, value=amount)
            expected[review.id] = (unit.id, amount)

    assert recompute_scores(db, scheme.id, "2025") == 5
    db.expire_all()
    results = {
        review.id: (review.composite_score, review.peer_rank, review.peer_group_size)
        for review in db.query(factories.models.PerformanceReview)
    }
    by_amount = {expected[rid][1]: result for rid, result in results.items()}
    assert by_amount[300] == (100.0, 1, 3)
    assert by_amount[200] == (50.0, 2, 3)
    assert by_amount[100] == (0.0, 3, 3)
    assert by_amount[60] == (100.0, 1, 2)
    assert by_amount[50] == (0.0, 2, 2)


def test_recompute_of_an_empty_period_changes_nothing(db):
    scheme = factories.KpiSchemeFactory()
    assert recompute_scores(db, scheme.id, "1999") == 0
