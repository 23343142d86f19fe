"""Territory pages: the filtered list, a territory's staffing, its thresholds, and changing territories."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import func, select

from planner.enums import ManagerStatus, Role, Segment
from planner.people.models import TerritoryAssignment
from planner.territories.models import Territory, TerritoryThreshold
from tests import factories


def _codes(page: str) -> list[str]:
    """Return the territory codes listed, in order."""
    return re.findall(r'<tr id="territory-\d+">\s*<td><a [^>]*>([^<]+)</a>', page)


def test_understaffed_filter_returns_exactly_the_understaffed_territories(viewer_client, db):
    # Retail norm 800 households per CM: 1,200 households need 2, 800 need 1, 0 need none.
    short = factories.TerritoryFactory(code="T1", households=1200)
    full = factories.TerritoryFactory(code="T2", households=800)
    factories.TerritoryFactory(code="T3", households=0)
    by_hand = factories.TerritoryFactory(code="T4", households=0, staffing_need_override=1)
    factories.ManagerFactory(territory=short)
    factories.ManagerFactory(territory=short, status=ManagerStatus.LEAVE)  # on leave: does not count
    factories.ManagerFactory(territory=full, status=ManagerStatus.PROBATION)  # on probation: counts
    db.commit()

    understaffed = viewer_client.get("/territories/?understaffed=y").get_data(as_text=True)
    everything = viewer_client.get("/territories/").get_data(as_text=True)

    assert _codes(understaffed) == ["T1", "T4"]
    assert _codes(everything) == ["T1", "T2", "T3", "T4"]
    assert by_hand.id


def test_branch_filter_includes_the_outlets_of_the_branch(viewer_client, db):
    branch = factories.BranchFactory()
    factories.TerritoryFactory(code="A1", unit=branch)
    factories.TerritoryFactory(code="A2", unit=factories.OutletFactory(parent=branch))
    factories.TerritoryFactory(code="B1")
    db.commit()

    assert _codes(viewer_client.get(f"/territories/?branch={branch.id}").get_data(as_text=True)) == [
        "A1",
        "A2",
    ]


def test_outlet_segment_and_search_filters(viewer_client, db):
    outlet = factories.OutletFactory()
    factories.TerritoryFactory(code="R1", name="东街片区", unit=outlet)
    factories.TerritoryFactory(code="C1", name="工业园片区", unit=outlet, segment=Segment.CORPORATE)
    factories.TerritoryFactory(code="R2", name="东街二片区")
    db.commit()

    def codes(query: str) -> list[str]:
        return _codes(viewer_client.get(f"/territories/?{query}").get_data(as_text=True))

    assert codes(f"outlet={outlet.id}") == ["C1", "R1"]
    assert codes("segment=corporate") == ["C1"]
    assert codes("q=东街") == ["R1", "R2"]
    assert codes("q=c1") == ["C1"]


def test_list_is_paginated_in_code_order(app, viewer_client, db, monkeypatch):
    factories.TerritoryFactory.create_batch(5)
    db.commit()
    config = app.extensions["planner.config"]
    monkeypatch.setitem(app.extensions, "planner.config", type(config)(**{**config.__dict__, "page_size": 2}))

    first = _codes(viewer_client.get("/territories/").get_data(as_text=True))
    third = viewer_client.get("/territories/?page=3").get_data(as_text=True)

    assert len(first) == 2 and first == sorted(first)
    assert len(_codes(third)) == 1
    # The viewer has chosen no language, so the page speaks the bank's default, Chinese.
    assert "共 5 条 · 第 3 / 3 页" in third


def test_territory_page_explains_the_need_and_shows_who_works_it(viewer_client, db):
    territory = factories.TerritoryFactory(households=1200, segment=Segment.RETAIL)
    factories.ManagerFactory(territory=territory, name="张敏")
    db.commit()

    page = viewer_client.get(f"/territories/{territory.id}").get_data(as_text=True)

    assert '<dd id="need">2</dd>' in page
    assert '<dd id="need-basis">1,200 户居民 ÷ 每名客户经理 800 户 → 2 人</dd>' in page
    assert "张敏" in page
    assert re.search(r'<dd id="working">1\s', page)


def test_need_set_by_hand_is_shown_as_such_in_english(app, db):
    factories.UserFactory(username="english-viewer", role=Role.VIEWER, locale="en")
    territory = factories.TerritoryFactory(households=1200, staffing_need_override=5)
    db.commit()
    client = app.test_client()
    client.post("/login", data={"username": "english-viewer", "password": factories.PASSWORD})

    page = client.get(f"/territories/{territory.id}").get_data(as_text=True)

    assert '<dd id="need">5</dd>' in page
    assert '<dd id="need-basis">set by hand</dd>' in page


def test_corporate_need_is_explained_in_customers(viewer_client, db):
    territory = factories.TerritoryFactory(segment=Segment.CORPORATE, customers=81, households=0)
    db.commit()

    page = viewer_client.get(f"/territories/{territory.id}").get_data(as_text=True)

    assert '<dd id="need-basis">81 户客户 ÷ 每名客户经理 40 户 → 3 人</dd>' in page


def test_planner_creates_a_territory(planner_client, db):
    outlet = factories.OutletFactory()
    db.commit()

    response = planner_client.post(
        "/territories/new",
        data={
            "code": "T900",
            "name": "新村片区",
            "unit_id": outlet.id,
            "segment": "agriculture",
            "households": 1300,
            "customers": 0,
            "villages": 4,
            "loan_balance": "1234.50",
            "deposit_balance": "0",
            "latitude": "30.5",
            "longitude": "114.3",
        },
    )

    assert response.status_code == 302
    territory = db.scalar(select(Territory).where(Territory.code == "T900"))
    assert territory.households == 1300 and territory.loan_balance == Decimal("1234.50")
    assert territory.staffing_need_override is None


def test_negative_workload_is_refused_and_nothing_is_created(planner_client, db):
    outlet = factories.OutletFactory()
    db.commit()

    response = planner_client.post(
        "/territories/new",
        data={
            "code": "T901",
            "name": "片区",
            "unit_id": outlet.id,
            "segment": "retail",
            "households": -5,
            "customers": 0,
            "villages": 0,
            "loan_balance": "0",
            "deposit_balance": "0",
            "latitude": "95",
        },
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="households-error"' in page and 'id="latitude-error"' in page
    assert db.scalar(select(func.count()).select_from(Territory)) == 0


def test_territory_worked_by_a_cm_cannot_be_deleted(planner_client, db):
    territory = factories.TerritoryFactory(code="T77")
    factories.ManagerFactory(territory=territory)
    db.commit()

    response = planner_client.post(f"/territories/{territory.id}/delete", follow_redirects=True)

    assert "T77" in response.get_data(as_text=True)
    assert re.search(r'class="flash flash-error"[^>]*>[^<]*T77', response.get_data(as_text=True))
    assert db.get(Territory, territory.id) is not None


def test_territory_in_cms_history_cannot_be_deleted(planner_client, db):
    territory = factories.TerritoryFactory()
    manager = factories.ManagerFactory()
    db.add(
        TerritoryAssignment(
            manager=manager, territory=territory, started_on=dt.date(2020, 1, 1), ended_on=dt.date(2023, 1, 1)
        )
    )
    db.commit()

    planner_client.post(f"/territories/{territory.id}/delete")

    assert db.get(Territory, territory.id) is not None


def test_unused_territory_is_deleted(planner_client, db):
    territory_id = factories.TerritoryFactory().id
    db.commit()

    response = planner_client.post(f"/territories/{territory_id}/delete")

    assert response.headers["Location"] == "/territories/"
    db.expire_all()
    assert db.get(Territory, territory_id) is None


def test_thresholds_are_added_changed_and_removed(planner_client, db):
    territory = factories.TerritoryFactory()
    dimension = factories.DimensionFactory(name_zh="风险控制")
    db.commit()
    base = f"/territories/{territory.id}/thresholds"

    planner_client.post(f"{base}/new", data={"dimension_id": dimension.id, "min_score": "70"})
    threshold = db.scalar(select(TerritoryThreshold))
    assert (threshold.dimension_id, threshold.min_score) == (dimension.id, 70.0)

    duplicate = planner_client.post(f"{base}/new", data={"dimension_id": dimension.id, "min_score": "60"})
    assert duplicate.status_code == 422

    planner_client.post(f"{base}/{threshold.id}/edit", data={"dimension_id": dimension.id, "min_score": "75"})
    db.expire_all()
    assert db.get(TerritoryThreshold, threshold.id).min_score == 75.0
    assert "风险控制" in planner_client.get(f"/territories/{territory.id}").get_data(as_text=True)

    planner_client.post(f"{base}/{threshold.id}/delete")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(TerritoryThreshold)) == 0


def test_threshold_above_100_is_refused(planner_client, db):
    territory = factories.TerritoryFactory()
    dimension = factories.DimensionFactory()
    db.commit()

    response = planner_client.post(
        f"/territories/{territory.id}/thresholds/new", data={"dimension_id": dimension.id, "min_score": "101"}
    )

    assert response.status_code == 422 and 'id="min_score-error"' in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(TerritoryThreshold)) == 0
