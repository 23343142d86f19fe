"""The CM list: filters, search, qualification badges and pages, in both languages."""

import datetime as dt
import re

import pytest

from planner.enums import Segment
from tests import factories


def listed(client, query: str = "") -> list[str]:
    page = client.get(f"/managers/{query}").get_data(as_text=True)
    return re.findall(r'data-manager="([^"]+)"', page)


@pytest.fixture
def branches(db):
    head = factories.BankFactory()
    north = factories.BranchFactory(parent=head, name="城北支行")
    south = factories.BranchFactory(parent=head, name="城南支行")
    north_outlet = factories.OutletFactory(parent=north, name="城北一网点")
    south_outlet = factories.OutletFactory(parent=south, name="城南一网点")
    territory = factories.TerritoryFactory(unit=north_outlet, name="北街片区")
    factories.ManagerFactory(employee_no="N-BR", name="赵一", unit=north)
    factories.ManagerFactory(employee_no="N-OU", name="钱二", unit=north_outlet, territory=territory)
    factories.ManagerFactory(employee_no="S-OU", name="孙三", unit=south_outlet, segment=Segment.CORPORATE)
    db.commit()
    return {"north": north, "south": south, "north_outlet": north_outlet}


def test_list_shows_each_cm_with_grade_unit_and_territory(viewer_client, branches):
    page = viewer_client.get("/managers/").get_data(as_text=True)
    row = page[page.index('data-manager="N-OU"') :].split("</tr>")[0]
    for text in ("N-OU", "钱二", "初级", "城北一网点", "北街片区"):
        assert text in row
    assert listed(viewer_client) == ["N-BR", "N-OU", "S-OU"]


def test_branch_filter_includes_cms_of_its_outlets(viewer_client, branches):
    assert listed(viewer_client, f"?branch={branches['north'].id}") == ["N-BR", "N-OU"]


def test_outlet_and_segment_filters(viewer_client, branches):
    assert listed(viewer_client, f"?outlet={branches['north_outlet'].id}") == ["N-OU"]
    assert listed(viewer_client, "?segment=corporate") == ["S-OU"]


def test_outlet_choices_are_those_of_the_chosen_branch(viewer_client, branches):
    everything = viewer_client.get("/managers/").get_data(as_text=True)
    assert "城北一网点" not in everything.split('id="outlet"')[1].split("</select>")[0]
    page = viewer_client.get(f"/managers/?branch={branches['north'].id}").get_data(as_text=True)
    outlets = page.split('id="outlet"')[1].split("</select>")[0]
    assert "城北一网点" in outlets and "城南一网点" not in outlets


def test_search_by_name_or_employee_number(viewer_client, branches):
    assert listed(viewer_client, "?q=孙") == ["S-OU"]
    assert listed(viewer_client, "?q=N-") == ["N-BR", "N-OU"]


def test_nonsense_filter_values_are_ignored(viewer_client, branches):
    assert listed(viewer_client, "?branch=abc&segment=nope&qualification=x") == ["N-BR", "N-OU", "S-OU"]


def test_qualification_badges_and_filter(viewer_client, db):
    today = dt.date.today()
    # Default settings: valid 2 years, warn 90 days.
    factories.ManagerFactory(
        employee_no="Q-EXPIRED", qualification_passed_on=today.replace(year=today.year - 3)
    )
    factories.ManagerFactory(
        employee_no="Q-SOON",
        qualification_passed_on=today.replace(year=today.year - 2) + dt.timedelta(days=30),
    )
    factories.ManagerFactory(employee_no="Q-FINE", qualification_passed_on=today - dt.timedelta(days=10))
    db.commit()
    page = viewer_client.get("/managers/").get_data(as_text=True)
    assert 'class="badge badge-bad" data-qualification="expired"' in page
    assert 'class="badge badge-warn" data-qualification="expiring"' in page
    assert listed(viewer_client, "?qualification=expired") == ["Q-EXPIRED"]
    assert listed(viewer_client, "?qualification=expiring") == ["Q-SOON"]
    assert listed(viewer_client, "?qualification=valid") == ["Q-FINE"]


def test_pages_split_the_list_and_keep_filters(app, viewer_client, db):
    for number in range(7):
        factories.ManagerFactory(employee_no=f"P{number}")
    db.commit()
    config = app.extensions["planner.config"]
    original = config.page_size
    object.__setattr__(config, "page_size", 3)
    try:
        assert listed(viewer_client, "?q=P&page=3") == ["P6"]
        page = viewer_client.get("/managers/?q=P&page=2").get_data(as_text=True)
    finally:
        object.__setattr__(config, "page_size", original)
    assert listed(viewer_client, "?q=P&page=1") == [f"P{n}" for n in range(7)]
    assert "q=P" in re.search(r'href="([^"]+)" rel="next"', page).group(1)


def test_list_renders_in_chinese_by_default(viewer_client, branches):
    page = viewer_client.get("/managers/").get_data(as_text=True)
    assert "<th>工号</th>" in page
    assert "城北一网点" in page


def test_list_renders_in_english(viewer_client, branches):
    viewer_client.post("/locale", data={"locale": "en"})
    page = viewer_client.get("/managers/").get_data(as_text=True)
    assert "<th>Employee no.</th>" in page
    assert "Junior" in page


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/managers/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
