"""The CM page: facts, territory history newest first, competency radar, performance ranks, avoidance."""

import datetime as dt
import json
import re

import pytest

from planner.enums import AvoidanceRelation
from planner.people.avoidance import link_avoidance
from planner.people.services import move_to_territory
from tests import factories


def script_json(page: str, element_id: str):
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def manager(db):
    outlet = factories.OutletFactory(name="城东网点")
    first = factories.TerritoryFactory(code="T-OLD", name="老街片区", unit=outlet)
    second = factories.TerritoryFactory(code="T-NEW", name="新区片区", unit=outlet)
    manager = factories.ManagerFactory(employee_no="E777", name="周敏", unit=outlet)
    db.flush()
    move_to_territory(db, manager, first, dt.date(2019, 4, 1))
    move_to_territory(db, manager, second, dt.date(2021, 9, 1))
    db.commit()
    return manager


def test_page_shows_facts_and_the_territory_history_newest_first(viewer_client, manager):
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    assert "周敏" in page and "城东网点" in page
    history = page[page.index('id="territory-history"') :].split("</table>")[0]
    rows = re.findall(r"<tr><td>(T-\w+) [^<]*</td><td>([\d-]+)</td><td>([^<]+)</td></tr>", history)
    assert rows == [("T-NEW", "2021-09-01", "至今"), ("T-OLD", "2019-04-01", "2021-09-01")]


def test_three_years_in_one_territory_is_highlighted_for_rotation(viewer_client, manager):
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    current = page[page.index('id="current-territory"') :].split("</p>")[0]
    assert "badge-warn" in current
    assert "应轮岗" in current


def test_performance_table_shows_rank_of_peer_group_and_the_line_data(viewer_client, db, manager):
    scheme = factories.KpiSchemeFactory(name="2025年考核方案")
    factories.ReviewFactory(
        manager=manager, scheme=scheme, period="2024", composite_score=66.0, peer_rank=4, peer_group_size=5
    )
    factories.ReviewFactory(
        manager=manager, scheme=scheme, period="2025", composite_score=81.5, peer_rank=2, peer_group_size=5
    )
    db.commit()
    viewer_client.post("/locale", data={"locale": "en"})
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    table = page[page.index('id="performance-history"') :].split("</table>")[0]
    assert "rank 2 of 5" in table and "rank 4 of 5" in table
    assert table.index("2025") < table.index("2024")  # newest first in the table
    assert script_json(page, "performance-data")["periods"] == ["2024", "2025"]
    assert script_json(page, "performance-data")["scores"] == [66.0, 81.5]


def test_radar_data_is_the_latest_assessment_of_each_dimension(viewer_client, db, manager):
    framework = factories.FrameworkFactory()
    group = factories.CompetencyGroupFactory(framework=framework, position=0)
    risk = factories.DimensionFactory(group=group, code="risk", position=0)
    marketing = factories.DimensionFactory(group=group, code="marketing", position=1)
    factories.DimensionFactory(group=group, code="never", position=2)
    factories.AssessmentFactory(manager=manager, dimension=risk, score=60, assessed_on=dt.date(2024, 1, 1))
    factories.AssessmentFactory(manager=manager, dimension=risk, score=85, assessed_on=dt.date(2025, 1, 1))
    factories.AssessmentFactory(
        manager=manager, dimension=marketing, score=70, assessed_on=dt.date(2025, 1, 1)
    )
    db.commit()
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    radar = script_json(page, "radar-data")
    assert radar["codes"] == ["risk", "marketing", "never"]
    assert radar["scores"] == [85, 70, None]
    assert [i["max"] for i in radar["indicators"]] == [100, 100, 100]
    # The group and overall scores: mean of 85 and 70 (equal weights).
    assert re.search(r'id="competency-overall">77.5<', page)
    assert "echarts.min.js" in page


def test_avoidance_links_show_the_other_person_from_either_side(viewer_client, db, manager):
    spouse = factories.ManagerFactory(employee_no="E001", name="吴刚")
    db.flush()
    link_avoidance(db, spouse, "E777", AvoidanceRelation.SPOUSE)
    db.commit()
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    table = page[page.index('id="avoidance"') :].split("</table>")[0]
    assert "E001 吴刚" in table
    assert "配偶" in table


def test_viewer_sees_no_edit_controls(viewer_client, manager):
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    assert f"/managers/{manager.id}/edit" not in page
    assert f"/managers/{manager.id}/avoidance" not in page


def test_unknown_cm_is_a_404(viewer_client):
    assert viewer_client.get("/managers/424242").status_code == 404


def test_page_renders_in_english(viewer_client, manager):
    viewer_client.post("/locale", data={"locale": "en"})
    page = viewer_client.get(f"/managers/{manager.id}").get_data(as_text=True)
    assert "Territory history" in page and "Due for rotation" in page
