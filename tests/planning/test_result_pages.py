"""The result pages on a stored run: chart data embedded for the scripts, drill-down, sorting, roles."""

from __future__ import annotations

import json
import re

import pytest

from planner.runs.results import RunExit, RunGoal, RunRejection
from tests.planning.stored_run import build_stored_assignment, build_stored_run


def _block(page: str, block_id: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.S)
    assert match, f"no #{block_id} on the page"
    return json.loads(match.group(1))


def test_the_plan_page_embeds_the_chart_figures_for_its_script(db, viewer_client):
    run = build_stored_run(db)
    page = viewer_client.get(f"/runs/{run.id}/plan").get_data(as_text=True)
    data = _block(page, "plan-chart-data")
    assert data["headcount"] == [23, 22, 24] and data["cost"]["hire_cost"] == [18000, 0]
    assert 'src="/static/js/run-plan-charts.js"' in page and 'id="chart-cost"' in page


def test_the_plan_page_drills_down_to_one_unit(db, viewer_client):
    run = build_stored_run(db)
    page = viewer_client.get(f"/runs/{run.id}/plan?unit=B2").get_data(as_text=True)
    assert _block(page, "plan-chart-data")["headcount"] == [8, 9, 10]
    assert 'id="chart-cost"' not in page  # the budget is the bank's, not a unit's
    assert f'href="/runs/{run.id}/decisions/exits?unit=B2"' in page  # the unit's named exits
    assert f'href="/runs/{run.id}/plan?unit=B2"' in page and f'href="/runs/{run.id}/plan?unit=B1"' not in page
    bank = viewer_client.get(f"/runs/{run.id}/plan").get_data(as_text=True)
    assert f'href="/runs/{run.id}/plan?unit=B1"' in bank  # each unit of the table opens its charts


def test_the_plan_page_pages_its_goals_binding_first(db, viewer_client):
    run = build_stored_run(db)
    for i in range(60):
        db.add(
            RunGoal(run_id=run.id, stage="plan", name=f"exit_maximum[B{i:02d},year 1]", kind="exit_maximum")
        )
    db.add(RunGoal(run_id=run.id, stage="plan", name="zz binding", kind="target", binding=True))
    db.commit()
    first = viewer_client.get(f"/runs/{run.id}/plan").get_data(as_text=True)
    # 62 goals with the stored budget goal, 50 a page: the binding one leads (although its kind sorts last),
    # then by kind the budget and 48 of the 60 exit limits; the other 12 on page 2.
    assert first.count("exit_maximum[") == 48 and first.index("zz binding") < first.index("exit_maximum[")
    second = viewer_client.get(f"/runs/{run.id}/plan?page=2").get_data(as_text=True)
    assert second.count("exit_maximum[") == 12


def test_an_unknown_unit_is_not_found(db, viewer_client):
    run = build_stored_run(db)
    assert viewer_client.get(f"/runs/{run.id}/plan?unit=NOPE").status_code == 404


def test_the_run_page_embeds_the_progress_chart(db, viewer_client):
    run = build_stored_run(db)
    page = viewer_client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert _block(page, "progress-chart-data")["stages"][0]["bound"] == [[0.5, 100], [1.0, 105]]
    partial = viewer_client.get(f"/runs/{run.id}/progress").get_data(as_text=True)
    assert 'id="chart-progress"' in partial


def test_the_territories_page_embeds_the_map(db, viewer_client):
    run = build_stored_run(db)
    build_stored_assignment(db, run)
    page = viewer_client.get(f"/runs/{run.id}/assignment/territories").get_data(as_text=True)
    assert _block(page, "map-data")["moves_total"] == 1
    assert "1 个片区没有坐标" in page  # the test clients read Chinese, the default


def _exits(db, run) -> None:  # type: ignore[no-untyped-def]
    for code, score, rank in (("E1", 40.0, 9), ("E2", 55.0, 7), ("E3", 47.5, 8)):
        db.add(
            RunExit(
                run_id=run.id,
                manager_code=code,
                unit_code="B1",
                grade_code="g1",
                peer_group="B1",
                rank=rank,
                group_size=9,
                score=score,
                action="demotion",
                reason="bottom of B1",
            )
        )
    db.commit()


def test_exits_sort_by_score_both_ways(db, viewer_client):
    run = build_stored_run(db)
    _exits(db, run)
    up = viewer_client.get(f"/runs/{run.id}/decisions/exits?sort=score").get_data(as_text=True)
    down = viewer_client.get(f"/runs/{run.id}/decisions/exits?sort=-score").get_data(as_text=True)
    assert re.findall(r">(E\d)</td>", up) == ["E1", "E3", "E2"]
    assert re.findall(r">(E\d)</td>", down) == ["E2", "E3", "E1"]


def test_an_unknown_sort_keeps_the_peer_group_order(db, viewer_client):
    run = build_stored_run(db)
    _exits(db, run)
    page = viewer_client.get(f"/runs/{run.id}/decisions/exits?sort=password_hash").get_data(as_text=True)
    assert re.findall(r">(E\d)</td>", page) == ["E1", "E3", "E2"]  # rank 9, 8, 7: the last of the group first


def test_rejections_filter_by_the_gate_that_stopped_them(db, viewer_client):
    run = build_stored_run(db)
    db.add_all(
        [
            RunRejection(run_id=run.id, candidate_ref="C1", stage="credit", reason="bad credit"),
            RunRejection(run_id=run.id, candidate_ref="C2", stage="ranking", reason="ranked 4th of 3"),
        ]
    )
    db.commit()
    page = viewer_client.get(f"/runs/{run.id}/decisions/rejections?stage=ranking").get_data(as_text=True)
    # cells, not bare text: a random CSRF token in the page may contain "C1"
    assert "<td>C2</td>" in page and "<td>C1</td>" not in page
    assert re.search(r'<option value="credit"\s*>credit \(1\)</option>', page)


def test_binding_goals_link_to_their_field_for_the_owner_only(db, admin_client, viewer_client):
    run = build_stored_run(db)
    db.add(
        RunGoal(
            run_id=run.id,
            stage="plan",
            name="exit_minimum[B1,year 1]",
            kind="exit_minimum",
            binding=True,
            shadow_price=3.0,
            field="exit_min",
        )
    )
    db.commit()
    link = f'href="/scenarios/{run.scenario_id}/edit#exit_min"'
    assert link in admin_client.get(f"/runs/{run.id}").get_data(as_text=True)
    shown = viewer_client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert 'id="binding-goals"' in shown and link not in shown


@pytest.mark.parametrize(("unit", "heading"), [("yuan", " (元)"), ("heads", " (缺口人数)"), ("", "")])
def test_the_goals_table_says_what_its_prices_count(db, viewer_client, unit, heading):
    run = build_stored_run(db)
    run.price_unit = unit
    db.commit()
    page = viewer_client.get(f"/runs/{run.id}/plan").get_data(as_text=True)
    # The viewer reads Chinese: "worth of one more unit" (yuan / heads short / objective units).
    assert f'<th class="num">每增加一个单位的价值{heading}</th>' in page
