"""Who may change the organisation: viewers read only, planners change, anonymous visitors sign in first."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.org.models import OrgUnit, UnitStaffCount
from planner.territories.models import Territory
from tests import factories


@pytest.fixture
def records(db):
    """A branch with a staff total and a territory, committed for the requests to see."""
    branch = factories.BranchFactory(code="BR1")
    staff = factories.StaffCountFactory(unit=branch, year=2026, total_staff=80)
    territory = factories.TerritoryFactory(unit=branch)
    db.commit()
    return branch, staff, territory


def _changes(branch: OrgUnit, staff: UnitStaffCount, territory: Territory) -> list[tuple[str, dict]]:
    unit = {"code": "X1", "name": "某", "kind": "branch", "parent_id": branch.parent_id}
    return [
        ("/units/new", unit),
        (f"/units/{branch.id}/edit", unit),
        (f"/units/{branch.id}/delete", {}),
        (f"/units/{branch.id}/staff/new", {"year": 2027, "total_staff": 5}),
        (f"/units/{branch.id}/staff/{staff.id}/edit", {"year": 2026, "total_staff": 5}),
        (f"/units/{branch.id}/staff/{staff.id}/delete", {}),
        ("/territories/new", {"code": "T9", "name": "某", "unit_id": branch.id, "segment": "retail"}),
        (f"/territories/{territory.id}/edit", {"code": "T9", "name": "某", "unit_id": branch.id}),
        (f"/territories/{territory.id}/delete", {}),
        (f"/territories/{territory.id}/thresholds/new", {"dimension_id": 1, "min_score": 50}),
    ]


def test_viewer_gets_403_on_every_change_and_nothing_changes(viewer_client, db, records):
    for url, data in _changes(*records):
        assert viewer_client.post(url, data=data).status_code == 403, url
        assert viewer_client.get(url).status_code in (403, 405), url
    assert db.scalar(select(func.count()).select_from(OrgUnit)) == 2
    assert db.scalar(select(UnitStaffCount.total_staff)) == 80
    assert db.scalar(select(func.count()).select_from(Territory)) == 1


def test_viewer_reads_the_pages_without_edit_buttons(viewer_client, records):
    branch, _, territory = records
    unit_page = viewer_client.get(f"/units/{branch.id}").get_data(as_text=True)
    territory_page = viewer_client.get(f"/territories/{territory.id}").get_data(as_text=True)

    assert "BR1" in unit_page and f"/units/{branch.id}/edit" not in unit_page
    assert territory.code in territory_page and f"/territories/{territory.id}/edit" not in territory_page


def test_planner_sees_the_edit_forms(planner_client, records):
    branch, _, territory = records

    assert 'name="parent_id"' in planner_client.get(f"/units/{branch.id}/edit").get_data(as_text=True)
    assert 'name="households"' in planner_client.get(f"/territories/{territory.id}/edit").get_data(
        as_text=True
    )


@pytest.mark.parametrize("url", ["/units/", "/territories/", "/settings/"])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
