"""Personal data of candidates: planners and admins see it; viewers never do, anywhere in the HTML."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import CandidateFactory

NAME = "王小明"
ID_NUMBER = "42010220030402001X"
PHONE = "13912345678"
BIRTH = dt.date(2003, 4, 2)
SECRETS = (NAME, "小明", ID_NUMBER, PHONE, "2003-04-02", "2003")


@pytest.fixture
def candidate(db):
    row = CandidateFactory(
        reference="XZ2026-001", name=NAME, id_number=ID_NUMBER, phone=PHONE, birth_date=BIRTH
    )
    db.commit()
    return row


@pytest.mark.parametrize("url", ["/candidates/", "/candidates/{id}", "/candidates/?q=XZ2026"])
def test_viewer_sees_reference_and_masked_name_but_no_personal_data(viewer_client, candidate, url):
    page = viewer_client.get(url.format(id=candidate.id)).get_data(as_text=True)
    assert "XZ2026-001" in page
    assert "王**" in page
    for secret in SECRETS:
        assert secret not in page


def test_viewer_cannot_find_a_candidate_by_name(viewer_client, candidate):
    page = viewer_client.get("/candidates/?q=小明").get_data(as_text=True)
    assert "XZ2026-001" not in page
    assert "小明" not in page.replace('value="小明"', "")


def test_viewer_search_box_echoes_nothing_personal_when_searching_by_reference(viewer_client, candidate):
    page = viewer_client.get("/candidates/?q=XZ2026-001").get_data(as_text=True)
    assert NAME not in page


@pytest.mark.parametrize("role_client", ["planner_client", "admin_client"])
def test_planner_and_admin_see_personal_data_on_the_page(request, candidate, role_client):
    page = request.getfixturevalue(role_client).get(f"/candidates/{candidate.id}").get_data(as_text=True)
    for value in (NAME, ID_NUMBER, PHONE, "2003-04-02"):
        assert value in page


def test_planner_sees_full_names_in_the_list_and_can_search_them(planner_client, candidate):
    page = planner_client.get("/candidates/?q=小明").get_data(as_text=True)
    assert "XZ2026-001" in page
    assert NAME in page
    assert "王**" not in page
