"""Performance review pages: ranked list, the score breakdown, create/edit/delete rescoring, roles."""

import re

import pytest
from sqlalchemy import func, select

from planner.enums import Segment
from planner.performance import reviews
from planner.performance.models import PerformanceReview
from tests.factories_perf import managers_in_one_branch, worked_scheme


def _english(client):
    client.post("/locale", data={"locale": "en"})
    return client


@pytest.fixture
def group(db):
    """Three CMs of one branch reviewed for 2025 (composites 80, 40, 30) and one CM of another branch."""
    scheme, deposits, npl = worked_scheme()
    branch, managers = managers_in_one_branch(3)
    other_branch, (other,) = managers_in_one_branch(1, prefix="别行")
    for manager, amount, ratio in zip(managers, (500, 100, 300), (4.0, 2.0, 6.0), strict=True):
        reviews.create_review(
            db,
            employee_no=manager.employee_no,
            scheme_id=scheme.id,
            period="2025",
            values={deposits.id: amount, npl.id: ratio},
        )
    reviews.create_review(
        db,
        employee_no=other.employee_no,
        scheme_id=scheme.id,
        period="2025",
        values={deposits.id: 1, npl.id: 1.0},
    )
    db.commit()
    return {
        "scheme": scheme,
        "deposits": deposits,
        "npl": npl,
        "branch": branch,
        "managers": managers,
        "other_branch": other_branch,
        "other": other,
    }


def _rows(client, query=""):
    """Return (name, composite, rank) of each list row, in page order."""
    page = client.get(f"/performance/reviews?{query}").get_data(as_text=True)
    return re.findall(
        r"<td>([^<]+)</td>\s*<td class=\"num\">([\d.—]+)</td>\s*<td class=\"num\">([^<]+)</td>", page
    )


def test_list_is_sorted_by_peer_group_then_rank_with_rank_r_of_n(viewer_client, group):
    rows = _rows(_english(viewer_client), f"branch={group['branch'].id}")
    assert rows == [("经理0", "80.00", "1 of 3"), ("经理1", "40.00", "2 of 3"), ("经理2", "30.00", "3 of 3")]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("period=2025", ["经理0", "经理1", "经理2", "别行0"]),
        ("period=2024", []),
        ("segment=corporate", []),
        ("segment=retail", ["经理0", "经理1", "经理2", "别行0"]),
        ("q=别行", ["别行0"]),
    ],
)
def test_list_filters_exactly(viewer_client, group, query, names):
    found = {row[0] for row in _rows(viewer_client, query)}
    assert found == set(names)


def test_list_searches_by_employee_number(viewer_client, group):
    employee_no = group["managers"][1].employee_no
    assert [row[0] for row in _rows(viewer_client, f"q={employee_no}")] == ["经理1"]


def test_list_filters_by_scheme_and_other_branch(viewer_client, group):
    query = f"scheme={group['scheme'].id}&branch={group['other_branch'].id}"
    assert [row[0] for row in _rows(viewer_client, query)] == ["别行0"]


def test_review_page_shows_each_indicator_score_and_contribution(viewer_client, group, db):
    review = db.scalar(
        select(PerformanceReview).where(PerformanceReview.manager_id == group["managers"][2].id)
    )
    page = _english(viewer_client).get(f"/performance/reviews/{review.id}").get_data(as_text=True)
    breakdown = page[page.index('id="breakdown"') :]
    cells = re.findall(r'<td class="num">([^<]*)</td>', breakdown)
    # C: deposits 300 scores 50 in 100..500, share 60% → 30; NPL 6% scores 0 on the 3–5 band → 0
    assert [c.strip() for c in cells] == [
        "300 万元",
        "50.00",
        "60.0%",
        "30.00",
        "6 %",
        "0.00",
        "40.0%",
        "0.00",
    ]
    assert "<strong>30.00</strong>" in breakdown
    assert "3 of 3" in page


def test_review_page_speaks_chinese_by_default(viewer_client, group, db):
    review = db.scalar(
        select(PerformanceReview).where(PerformanceReview.manager_id == group["managers"][0].id)
    )
    page = viewer_client.get(f"/performance/reviews/{review.id}").get_data(as_text=True)
    assert "不良贷款率" in page and "NPL ratio" not in page
    assert "综合得分的构成" in page and "第 1 名 / 共 3 人" in page


def test_planner_creates_a_review_and_the_group_is_reranked(planner_client, group, db):
    _english(planner_client)
    (extra,) = managers_in_one_branch(1, prefix="新人")[1]
    extra.unit = group["managers"][0].unit
    db.commit()
    data = {
        "employee_no": extra.employee_no,
        "period": "2025",
        f"value_{group['deposits'].id}": "900",
        f"value_{group['npl'].id}": "2.5",
    }
    response = planner_client.post(f"/performance/reviews/new?scheme_id={group['scheme'].id}", data=data)
    assert response.status_code == 302
    db.expire_all()
    created = db.scalar(select(PerformanceReview).where(PerformanceReview.manager_id == extra.id))
    assert (created.unit_id, created.segment) == (group["branch"].id, Segment.RETAIL)
    # deposits over 100..900: new 100, A(500) 50, B(100) 0, C(300) 25. NPL: new 100, A 50, B 100, C 0.
    # new 0.6×100 + 0.4×100 = 100; A 30 + 20 = 50; B 0 + 40 = 40; C 15 + 0 = 15
    rows = _rows(planner_client, f"branch={group['branch'].id}")
    assert rows == [
        ("新人0", "100.00", "1 of 4"),
        ("经理0", "50.00", "2 of 4"),
        ("经理1", "40.00", "3 of 4"),
        ("经理2", "15.00", "4 of 4"),
    ]


def test_bad_period_and_missing_value_are_refused_and_nothing_changes(planner_client, group, db):
    extra = group["other"]
    url = f"/performance/reviews/new?scheme_id={group['scheme'].id}"
    _english(planner_client)
    bad_period = planner_client.post(
        url,
        data={
            "employee_no": extra.employee_no,
            "period": "2025H3",
            f"value_{group['deposits'].id}": "1",
            f"value_{group['npl'].id}": "1",
        },
    )
    assert bad_period.status_code == 422
    assert "a half-year (2025H1)" in bad_period.get_data(as_text=True)
    missing = planner_client.post(
        url, data={"employee_no": extra.employee_no, "period": "2025H1", f"value_{group['deposits'].id}": "1"}
    )
    assert missing.status_code == 422
    duplicate = planner_client.post(
        url,
        data={
            "employee_no": extra.employee_no,
            "period": "2025",
            f"value_{group['deposits'].id}": "1",
            f"value_{group['npl'].id}": "1",
        },
    )
    assert duplicate.status_code == 422
    assert "already has a review" in duplicate.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(PerformanceReview)) == 4


def test_planner_edits_a_review_and_ranks_follow(planner_client, group, db):
    _english(planner_client)
    worst = db.scalar(
        select(PerformanceReview).where(PerformanceReview.manager_id == group["managers"][2].id)
    )
    form = planner_client.get(f"/performance/reviews/{worst.id}/edit").get_data(as_text=True)
    assert 'value="300.0"' in form
    planner_client.post(
        f"/performance/reviews/{worst.id}/edit",
        data={"period": "2025", f"value_{group['deposits'].id}": "700", f"value_{group['npl'].id}": "3.0"},
    )
    # deposits over 100..700: C 100, A 66.67, B 0; NPL: C 100, A 50, B 100
    # C 60 + 40 = 100; A 40 + 20 = 60; B 0 + 40 = 40
    rows = _rows(planner_client, f"branch={group['branch'].id}")
    assert rows == [("经理2", "100.00", "1 of 3"), ("经理0", "60.00", "2 of 3"), ("经理1", "40.00", "3 of 3")]


def test_planner_deletes_a_review_and_the_rest_is_reranked(planner_client, group, db):
    _english(planner_client)
    best = db.scalar(select(PerformanceReview).where(PerformanceReview.manager_id == group["managers"][0].id))
    planner_client.post(f"/performance/reviews/{best.id}/delete")
    rows = _rows(planner_client, f"branch={group['branch'].id}")
    # deposits over 100..300: C 100, B 0; C 60 + 0 = 60; B 0 + 40 = 40
    assert rows == [("经理2", "60.00", "1 of 2"), ("经理1", "40.00", "2 of 2")]


def test_recompute_button_restores_stale_scores(planner_client, group, db):
    db.execute(PerformanceReview.__table__.update().values(composite_score=None, peer_rank=None))
    db.commit()
    response = _english(planner_client).post(
        f"/performance/schemes/{group['scheme'].id}/periods/2025/recompute", follow_redirects=True
    )
    assert "4 reviews of 2025 rescored." in response.get_data(as_text=True)
    db.expire_all()
    assert sorted(db.scalars(select(PerformanceReview.composite_score))) == [30.0, 40.0, 80.0, 100.0]


def test_viewer_reads_but_gets_403_on_every_change(viewer_client, group, db):
    review = db.scalar(
        select(PerformanceReview).where(PerformanceReview.manager_id == group["managers"][0].id)
    )
    assert "经理0" in viewer_client.get(f"/performance/reviews/{review.id}").get_data(as_text=True)
    data = {
        "employee_no": group["other"].employee_no,
        "period": "2026",
        f"value_{group['deposits'].id}": "1",
        f"value_{group['npl'].id}": "1",
    }
    assert viewer_client.get("/performance/reviews/new").status_code == 403
    assert viewer_client.post("/performance/reviews/new", data=data).status_code == 403
    assert viewer_client.post(f"/performance/reviews/{review.id}/edit", data=data).status_code == 403
    assert viewer_client.post(f"/performance/reviews/{review.id}/delete").status_code == 403
    assert db.scalar(select(func.count()).select_from(PerformanceReview)) == 4
