"""The team's structure metrics before and after a run, stored with its result and shown on the plan page.

A hand-built bank of plain records, one branch BX with four CMs of grade g0 (no attrition, one plan year):

| CM | age | bachelor | mid title | years as CM |
|----|-----|----------|-----------|-------------|
| M1 | 30  | yes      | yes       | 5           |
| M2 | 40  | yes      | no        | 5           |
| M3 | 50  | no       | no        | 5           |
| M4 | 60  | no       | no        | 0.5 (new)   |

Its territory needs five CMs: one hire. Candidates (experienced channel): K1 aged 25 with a degree (composite
82.5) and K2 aged 30 without (composite 70). Goals: average age at most 45.5, bachelor share at least 55%.

By hand:
- before: age (30+40+50+60)/4 = 45, bachelor 2/4 = 0.5, mid title 1/4 = 0.25, new blood 1/4 = 0.25;
- plan, after the year (five CMs; the channel's hires carry its candidates' means, age 27.5 and bachelor
  0.5, and no title): age (5 × 46 − 18.5) / 5 = 42.3, bachelor 2.5 / 5 = 0.5, mid title (1.25 − 0.25) / 5
  = 0.2, new blood 1/5 = 0.2;
- named (K1 hired, nobody exits; the four a year older): age (31+41+51+61+25)/5 = 41.8, bachelor 3/5 = 0.6,
  mid title 1/5 = 0.2, new blood 1/5 = 0.2.
The age goal is met throughout; the bachelor goal is missed before and by the plan (its hires average 0.5),
met by the named hires (K1 holds a degree).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from planner.runs.models import Run
from planner.runs.pipeline import Options, run_stages
from planner.runs.results import RunStructure
from planner.runs.structure import StructureValue, structure_values
from planner.scenarios.adapter import inputs_from_bank
from planner.scenarios.bank import BankData, BranchRecord, ManagerRecord
from tests.planning.hand_built import GRADES, Quiet, candidate, manager, one_year_parameters, territory
from tests.planning.stored_run import finished_run

# code, age, bachelor, mid title, years as CM
CMS = [("M1", 30.0, True, True, 5.0), ("M2", 40.0, True, False, 5.0), ("M3", 50.0, False, False, 5.0)]
CMS.append(("M4", 60.0, False, False, 0.5))


def _manager(i: int, code: str, age: float, bachelor: bool, mid_title: bool, years: float) -> ManagerRecord:
    return manager(
        i,
        code,
        age=age,
        bachelor=bachelor,
        mid_title=mid_title,
        years_as_cm=years,
        years_in_grade=years,
        performance=70.0 + i,
    )


def _candidate(i: int, reference: str, age: float, bachelor: bool, written: float, interview: float):
    education = "本科" if bachelor else "大专"
    return candidate(
        i, reference, age=age, bachelor=bachelor, education=education, written=written, interview=interview
    )


def bank() -> BankData:
    return BankData(
        today=dt.date(2026, 11, 23),
        base_year=2026,
        grades=GRADES,
        branches=[BranchRecord(id=1, code="BX", x=0.0, y=0.0, total_staff={2026: 40})],
        outlets={"OX": ("BX", 0.0, 0.0)},
        managers=[_manager(i, *spec) for i, spec in enumerate(CMS)],
        exited_last_year={},
        territories=[territory(1, "TX", "BX", need=5)],
        avoidance=[],
        candidates=[
            _candidate(1, "K1", 25.0, True, 85.0, 80.0),
            _candidate(2, "K2", 30.0, False, 70.0, 70.0),
        ],
        written_weight=0.5,
        min_composite=60.0,
        rotation_years=3.0,
        attrition_setting=0.0,
        first_year_attrition_setting=0.0,
    )


def parameters() -> dict:
    return one_year_parameters(max_average_age=45.5, min_bachelor_share=0.55)


@pytest.fixture(scope="module")
def values() -> dict[tuple[str, str], StructureValue]:
    inputs = inputs_from_bank(bank(), parameters())
    outcome = run_stages(inputs, Options(time_limit=20.0), Quiet())
    assert outcome.selection is not None
    assert [h.candidate for h in outcome.selection.hires] == ["K1"] and outcome.selection.exits == []
    return {(v.source, v.metric): v for v in structure_values(inputs, outcome)}


def test_the_base_years_team_before_the_plan(values):
    assert {m: values["before", m].year for m in ("age", "new_blood")} == {"age": 2026, "new_blood": 2026}
    assert values["before", "age"].value == pytest.approx(45.0)
    assert values["before", "bachelor"].value == pytest.approx(0.5)
    assert values["before", "mid_title"].value == pytest.approx(0.25)
    assert values["before", "new_blood"].value == pytest.approx(0.25)


def test_after_the_plan_year_as_the_plans_goals_count_it(values):
    assert values["plan", "age"].year == 2027
    assert values["plan", "age"].value == pytest.approx(42.3)
    assert values["plan", "bachelor"].value == pytest.approx(0.5)
    assert values["plan", "mid_title"].value == pytest.approx(0.2)
    assert values["plan", "new_blood"].value == pytest.approx(0.2)


def test_after_the_named_decisions_of_the_first_year(values):
    assert values["named", "age"].year == 2027
    assert values["named", "age"].value == pytest.approx(41.8)
    assert values["named", "bachelor"].value == pytest.approx(0.6)
    assert values["named", "mid_title"].value == pytest.approx(0.2)
    assert values["named", "new_blood"].value == pytest.approx(0.2)


def test_each_value_is_judged_against_the_scenarios_goal(values):
    verdicts = {key: (v.sense, v.goal, v.met) for key, v in values.items() if v.metric in ("age", "bachelor")}
    assert verdicts == {
        ("before", "age"): ("max", 45.5, True),
        ("plan", "age"): ("max", 45.5, True),
        ("named", "age"): ("max", 45.5, True),
        ("before", "bachelor"): ("min", 0.55, False),
        ("plan", "bachelor"): ("min", 0.55, False),
        ("named", "bachelor"): ("min", 0.55, True),
    }
    # No goal for the title and new-blood shares: nothing to meet.
    assert {(v.goal, v.met) for v in values.values() if v.metric in ("mid_title", "new_blood")} == {
        (None, None)
    }


def _stored_run(db) -> Run:  # type: ignore[no-untyped-def]
    """A finished run with the structure rows of the module docstring (bank-wide, base year 2026)."""
    run = finished_run(db, "structure")
    rows = [
        (2026, "before", "age", 45.0, 45.5, "max", True),
        (2026, "before", "bachelor", 0.5, 0.55, "min", False),
        (2026, "before", "mid_title", 0.25, None, "", None),
        (2026, "before", "new_blood", 0.25, None, "", None),
        (2027, "plan", "age", 42.3, 45.5, "max", True),
        (2027, "plan", "bachelor", 0.5, 0.55, "min", False),
        (2027, "plan", "mid_title", 0.2, None, "", None),
        (2027, "plan", "new_blood", 0.2, None, "", None),
        (2027, "named", "age", 41.8, 45.5, "max", True),
        (2027, "named", "bachelor", 0.6, 0.55, "min", True),
        (2027, "named", "mid_title", 0.2, None, "", None),
        (2027, "named", "new_blood", 0.2, None, "", None),
    ]
    db.add_all(
        RunStructure(run_id=run.id, year=y, source=s, metric=m, value=v, goal=g, sense=sense, met=met)
        for y, s, m, v, g, sense, met in rows
    )
    db.commit()
    return run


def _row(page: str, metric: str) -> list[str]:
    match = re.search(rf'<tr data-metric="{metric}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {metric}"
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    ]


def test_the_plan_page_shows_the_stored_metrics_to_a_viewer(db, viewer_client):
    run = _stored_run(db)
    viewer_client.post("/locale", data={"locale": "en"})
    page = viewer_client.get(f"/runs/{run.id}/plan").get_data(as_text=True)
    assert "Team structure before and after" in page
    header = re.search(r'<table id="plan-structure">.*?<thead>(.*?)</thead>', page, re.S)
    assert header and re.findall(r"<th[^>]*>(.*?)</th>", header.group(1))[2:] == [
        "2026 · before the plan",
        "2027 · planned",
        "2027 · named decisions",
    ]
    assert _row(page, "age") == ["Average age", "at most 45.5", "45.0 met", "42.3 met", "41.8 met"]
    assert _row(page, "bachelor") == [
        "Share with a bachelor's degree or higher",
        "at least 55.0%",
        "50.0% missed",
        "50.0% missed",
        "60.0% met",
    ]
    assert _row(page, "new_blood")[1:] == ["—", "25.0%", "20.0%", "20.0%"]
    match = re.search(r'<script type="application/json" id="structure-chart-data">(.*?)</script>', page, re.S)
    assert match
    chart = json.loads(match.group(1))
    assert chart["years"] == [2026, 2027]
    assert chart["metrics"]["age"] == {
        "percent": False,
        "plan": [45.0, 42.3],
        "named": [None, 41.8],
        "goal": 45.5,
    }
    assert (
        chart["metrics"]["bachelor"]["plan"] == [50.0, 50.0] and chart["metrics"]["bachelor"]["goal"] == 55.0
    )


def test_the_metrics_are_in_chinese_by_default(db, admin_client):
    run = _stored_run(db)
    page = admin_client.get(f"/runs/{run.id}/plan").get_data(as_text=True)
    assert "队伍结构：规划前后" in page
    assert _row(page, "age")[:2] == ["平均年龄", "不高于 45.5"]
    assert "未达成" in _row(page, "bachelor")[2]


def test_a_run_stored_by_the_worker_keeps_its_structure_rows(app, db, small_bank, small_scenario):
    from planner.runs.services import create_run
    from planner.runs.worker import execute_run
    from tests.planning.bank import TODAY

    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    execute_run(app.extensions["planner.sessions"], run.id)
    rows = db.scalars(select(RunStructure).where(RunStructure.run_id == run.id)).all()
    # The small bank (tests/planning/bank.py): before, three plan years and the named decisions, four metrics.
    assert sorted({(r.year, r.source) for r in rows}) == [
        (2026, "before"),
        (2027, "named"),
        (2027, "plan"),
        (2028, "plan"),
        (2029, "plan"),
    ]
    assert {r.metric for r in rows} == {"age", "bachelor", "mid_title", "new_blood"}
    # Six CMs, one (B2, since June 2026) in their first year.
    new_blood = next(r for r in rows if (r.source, r.metric) == ("before", "new_blood"))
    assert new_blood.value == pytest.approx(1 / 6)
