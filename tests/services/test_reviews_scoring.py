"""Performance reviews: the peer group is taken from the CM; every change rescores the period."""

import pytest
from sqlalchemy import select

from planner.enums import Segment
from planner.errors import InvalidInput
from planner.performance import reviews
from planner.performance.models import PerformanceReview
from tests import factories
from tests.factories_perf import managers_in_one_branch, worked_scheme


def _create(db, manager, scheme, deposits, npl, amount, ratio, period="2025"):
    return reviews.create_review(
        db,
        employee_no=manager.employee_no,
        scheme_id=scheme.id,
        period=period,
        values={deposits.id: amount, npl.id: ratio},
    )


def _stored(db):
    db.expire_all()
    return {
        r.manager.name: (r.composite_score, r.peer_rank, r.peer_group_size)
        for r in db.scalars(select(PerformanceReview))
    }


def test_review_is_ranked_in_the_branch_of_the_cms_outlet_and_the_cms_segment(db):
    scheme, deposits, npl = worked_scheme()
    branch, (manager,) = managers_in_one_branch(1, Segment.AGRICULTURE)
    review = _create(db, manager, scheme, deposits, npl, 500, 4.0)
    assert (review.unit_id, review.segment) == (branch.id, Segment.AGRICULTURE)


def test_creating_reviews_computes_composites_and_ranks_by_hand_worked_numbers(db):
    scheme, deposits, npl = worked_scheme()
    _, (a, b, c) = managers_in_one_branch(3)
    _create(db, a, scheme, deposits, npl, 500, 4.0)
    _create(db, b, scheme, deposits, npl, 100, 2.0)
    _create(db, c, scheme, deposits, npl, 300, 6.0)
    # deposits min–max over 100..500: A 100, B 0, C 50; NPL band 3–5%: A 50, B 100, C 0
    # A 0.6×100 + 0.4×50 = 80; B 0.6×0 + 0.4×100 = 40; C 0.6×50 + 0.4×0 = 30
    assert _stored(db) == {"经理0": (80.0, 1, 3), "经理1": (40.0, 2, 3), "经理2": (30.0, 3, 3)}


def test_first_review_alone_scores_against_itself(db):
    scheme, deposits, npl = worked_scheme()
    _, (a,) = managers_in_one_branch(1)
    review = _create(db, a, scheme, deposits, npl, 500, 4.0)
    # alone in the group, min–max gives 100; band gives 50: 0.6×100 + 0.4×50 = 80
    assert (review.composite_score, review.peer_rank, review.peer_group_size) == (80.0, 1, 1)


def test_editing_a_value_rescores_the_whole_peer_group(db):
    scheme, deposits, npl = worked_scheme()
    _, (a, b) = managers_in_one_branch(2)
    first = _create(db, a, scheme, deposits, npl, 500, 4.0)
    _create(db, b, scheme, deposits, npl, 100, 2.0)
    reviews.update_review(db, first, period="2025", values={deposits.id: 50, npl.id: 4.0})
    # deposits over 50..100: A 0, B 100. A 0 + 0.4×50 = 20; B 0.6×100 + 0.4×100 = 100
    assert _stored(db) == {"经理0": (20.0, 2, 2), "经理1": (100.0, 1, 2)}


def test_deleting_a_review_rescores_the_rest_of_the_period(db):
    scheme, deposits, npl = worked_scheme()
    _, (a, b, c) = managers_in_one_branch(3)
    _create(db, a, scheme, deposits, npl, 500, 4.0)
    _create(db, b, scheme, deposits, npl, 100, 2.0)
    best = db.scalar(select(PerformanceReview).where(PerformanceReview.manager_id == a.id))
    _create(db, c, scheme, deposits, npl, 300, 6.0)
    reviews.delete_review(db, best)
    # deposits over 100..300: B 0, C 100. B 0.4×100 = 40; C 0.6×100 = 60
    assert _stored(db) == {"经理1": (40.0, 2, 2), "经理2": (60.0, 1, 2)}


def test_other_branches_and_segments_are_separate_peer_groups(db):
    scheme, deposits, npl = worked_scheme()
    _, (a,) = managers_in_one_branch(1)
    _, (other,) = managers_in_one_branch(1, prefix="别行")
    corporate = factories.ManagerFactory(unit=a.unit, segment=Segment.CORPORATE, name="对公经理")
    _create(db, a, scheme, deposits, npl, 500, 4.0)
    _create(db, other, scheme, deposits, npl, 100, 4.0)
    _create(db, corporate, scheme, deposits, npl, 10, 4.0)
    # each alone in its group: min–max gives 100, the 4% NPL ratio 50, so 0.6×100 + 0.4×50 = 80
    assert _stored(db) == {"经理0": (80.0, 1, 1), "别行0": (80.0, 1, 1), "对公经理": (80.0, 1, 1)}


@pytest.mark.parametrize("period", ["2025", "2025H1", "2025h2", "2024Q4"])
def test_period_accepts_years_halves_and_quarters(period):
    assert reviews.check_period(period) == period.upper()


@pytest.mark.parametrize("period", ["25", "2025H3", "2025-1", "H1 2025", ""])
def test_period_refuses_other_labels(period):
    with pytest.raises(InvalidInput) as error:
        reviews.check_period(period)
    assert error.value.field == "period"


def test_a_second_review_of_the_same_cm_scheme_and_period_is_refused(db):
    scheme, deposits, npl = worked_scheme()
    _, (a,) = managers_in_one_branch(1)
    _create(db, a, scheme, deposits, npl, 500, 4.0)
    with pytest.raises(InvalidInput) as error:
        _create(db, a, scheme, deposits, npl, 600, 4.0)
    assert error.value.field == "period"


def test_every_indicator_needs_a_value(db):
    scheme, deposits, npl = worked_scheme()
    _, (a,) = managers_in_one_branch(1)
    with pytest.raises(InvalidInput) as error:
        reviews.create_review(
            db,
            employee_no=a.employee_no,
            scheme_id=scheme.id,
            period="2025",
            values={deposits.id: 10, npl.id: None},
        )
    assert error.value.field == f"value_{npl.id}"
    assert db.scalar(select(PerformanceReview.id)) is None


def test_unknown_employee_number_and_inactive_scheme_are_refused(db):
    scheme, deposits, npl = worked_scheme()
    values = {deposits.id: 1, npl.id: 1}
    with pytest.raises(InvalidInput) as error:
        reviews.create_review(db, employee_no="NOPE", scheme_id=scheme.id, period="2025", values=values)
    assert error.value.field == "employee_no"
    scheme.is_active = False
    _, (a,) = managers_in_one_branch(1)
    with pytest.raises(InvalidInput) as error:
        reviews.create_review(
            db, employee_no=a.employee_no, scheme_id=scheme.id, period="2025", values=values
        )
    assert error.value.field == "scheme_id"


def test_breakdown_explains_the_composite(db):
    scheme, deposits, npl = worked_scheme()
    _, (a, b, c) = managers_in_one_branch(3)
    _create(db, a, scheme, deposits, npl, 500, 4.0)
    _create(db, b, scheme, deposits, npl, 100, 2.0)
    review = _create(db, c, scheme, deposits, npl, 300, 6.0)
    lines = reviews.review_breakdown(db, reviews.load_review(db, review.id))
    assert [(line.value, line.score, line.weight_share, line.contribution) for line in lines] == [
        (300, 50.0, 0.6, pytest.approx(30.0)),
        (6.0, 0.0, 0.4, 0.0),
    ]
    assert sum(line.contribution for line in lines) == pytest.approx(review.composite_score)


def test_list_is_sorted_by_peer_group_then_rank_and_filters_exactly(db):
    scheme, deposits, npl = worked_scheme()
    branch, (a, b) = managers_in_one_branch(2)
    _, (other,) = managers_in_one_branch(1, prefix="别行")
    _create(db, a, scheme, deposits, npl, 100, 2.0)
    _create(db, b, scheme, deposits, npl, 500, 2.0)
    _create(db, other, scheme, deposits, npl, 100, 2.0)
    _create(db, a, scheme, deposits, npl, 100, 2.0, period="2024")

    def names(**filters):
        return [r.manager.name for r in db.scalars(reviews.search_reviews(reviews.ReviewFilters(**filters)))]

    assert names(period="2025", branch_id=branch.id) == ["经理1", "经理0"]
    assert names(period="2024") == ["经理0"]
    assert names(search=b.employee_no) == ["经理1"]
    assert names(segment=Segment.CORPORATE) == []
    assert len(names(scheme_id=scheme.id)) == 4


def test_list_pages_keep_the_peer_group_order(db):
    from planner.persistence import paginate

    scheme, deposits, npl = worked_scheme()
    _, managers = managers_in_one_branch(5)
    for amount, manager in enumerate(managers):
        _create(db, manager, scheme, deposits, npl, amount * 100, 2.0)
    stmt = reviews.search_reviews(reviews.ReviewFilters(scheme_id=scheme.id))
    pages = [paginate(db, stmt, n, 2) for n in (1, 2, 3)]
    assert [[r.peer_rank for r in p.items] for p in pages] == [[1, 2], [3, 4], [5]]
    assert (pages[0].total, pages[0].pages, pages[2].has_next) == (5, 3, False)


def test_recompute_of_one_peer_group_leaves_the_others_alone(db):
    from planner.performance.scoring import recompute_scores

    scheme, deposits, npl = worked_scheme()
    branch, (a, b) = managers_in_one_branch(2)
    _, (other,) = managers_in_one_branch(1, prefix="别行")
    for manager, amount in ((a, 500), (b, 100), (other, 100)):
        _create(db, manager, scheme, deposits, npl, amount, 4.0)
    db.execute(PerformanceReview.__table__.update().values(composite_score=None, peer_rank=None))
    assert recompute_scores(db, scheme.id, "2025", unit_id=branch.id, segment=Segment.RETAIL) == 2
    assert _stored(db) == {"经理0": (80.0, 1, 2), "经理1": (20.0, 2, 2), "别行0": (None, None, 1)}
