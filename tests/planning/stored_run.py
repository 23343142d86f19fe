"""A small stored run written row by row, so the pages' figures can be worked out by hand.

Two units (B1, B2), base year 2026, plan years 2027 and 2028. B1 opens 2027 with 10 CMs in g1 and 5 in g2;
B2 with 8 in g1. Targets: B1 12 heads of 100 staff (2027) and 14 of 100 (2028), B2 9 of 60 (2027 only).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from planner.enums import RunStatus
from planner.runs.models import Run, RunProgress
from planner.runs.results import (
    RunGoal,
    RunMove,
    RunPenalty,
    RunPlanCell,
    RunPlanFlow,
    RunTerritory,
    RunUnitYear,
)
from planner.scenarios.models import Scenario
from tests import factories


def _cell(run: Run, year: int, unit: str, grade: str, **flows: float) -> RunPlanCell:
    values = {"opening": 0.0, "hires": 0.0, "exits": 0.0, "promoted_in": 0.0, "promoted_out": 0.0}
    values |= {"demoted_in": 0.0, "attrition": 0.0, "closing": 0.0} | flows
    return RunPlanCell(run_id=run.id, year=year, unit_code=unit, grade_code=grade, **values)


def finished_run(session: Session, scenario_name: str) -> Run:
    """Add a scenario called ``scenario_name`` and a run of it that succeeded, solved, with no result rows."""
    scenario = Scenario(name=scenario_name, parameters={})
    session.add(scenario)
    session.flush()
    run = Run(scenario_id=scenario.id, status=RunStatus.SUCCEEDED, time_limit=10.0, outcome="solved")
    session.add(run)
    session.flush()
    return run


def build_stored_run(session: Session) -> Run:
    """Write the run of the module docstring and its result rows; commit and return the run."""
    run = finished_run(session, "stored")
    rid = run.id
    session.add_all(
        [
            RunUnitYear(run_id=rid, year=2027, unit_code="B1", cm_headcount=13, total_staff=100, target=12),
            RunUnitYear(run_id=rid, year=2028, unit_code="B1", cm_headcount=14, total_staff=100, target=14),
            RunUnitYear(run_id=rid, year=2027, unit_code="B2", cm_headcount=9, total_staff=60, target=9),
            RunUnitYear(run_id=rid, year=2028, unit_code="B2", cm_headcount=10, total_staff=60, target=None),
            _cell(run, 2027, "B1", "g1", opening=10, promoted_out=1, attrition=0.5),
            _cell(run, 2027, "B1", "g2", opening=5, attrition=0.5),
            _cell(run, 2027, "B2", "g1", opening=8, promoted_out=2),
            _cell(run, 2028, "B1", "g1", opening=11, promoted_out=1),
            _cell(run, 2028, "B2", "g1", opening=9),
            RunPlanFlow(
                run_id=rid, year=2027, unit_code="B1", grade_code="g1", kind="hire", name="campus", quantity=2
            ),
            RunPlanFlow(
                run_id=rid, year=2027, unit_code="B2", grade_code="g1", kind="hire", name="campus", quantity=1
            ),
            RunPlanFlow(
                run_id=rid,
                year=2028,
                unit_code="B1",
                grade_code="g1",
                kind="hire",
                name="referral",
                quantity=3,
            ),
            RunPlanFlow(
                run_id=rid,
                year=2027,
                unit_code="B1",
                grade_code="g2",
                kind="exit",
                name="demotion",
                quantity=3,
            ),
            RunPlanFlow(
                run_id=rid,
                year=2028,
                unit_code="B2",
                grade_code="g1",
                kind="exit",
                name="retraining",
                quantity=1,
            ),
            RunPenalty(
                run_id=rid,
                stage="plan",
                rule="hire_cost",
                who="hire campus year 1 B1",
                quantity=2,
                amount=12000,
            ),
            RunPenalty(
                run_id=rid,
                stage="plan",
                rule="hire_cost",
                who="hire campus year 1 B2",
                quantity=1,
                amount=6000,
            ),
            RunPenalty(
                run_id=rid,
                stage="plan",
                rule="exit_cost",
                who="exit demotion year 2 B2 g1",
                quantity=1,
                amount=3000,
            ),
            RunPenalty(
                run_id=rid, stage="plan", rule="shortfall", who="target B1 year 1", quantity=1, amount=1000
            ),
            RunGoal(
                run_id=rid, stage="plan", name="budget[year 1]", kind="budget", required=20000, achieved=18000
            ),
            RunProgress(run_id=rid, stage="plan", objective=None, bound=None, elapsed=0.0),
            RunProgress(run_id=rid, stage="plan", objective=120.0, bound=100.0, elapsed=0.5),
            RunProgress(run_id=rid, stage="plan", objective=110.0, bound=105.0, elapsed=1.0),
            RunProgress(run_id=rid, stage="assign", objective=9.0, bound=8.5, elapsed=2.0),
        ]
    )
    session.commit()
    return run


def build_stored_assignment(session: Session, run: Run) -> dict[str, int]:
    """Place three territories (T1, T2 on the map, T3 without coordinates) and two moves; return their ids."""
    bank = factories.BankFactory(code="BANKM")
    t1 = factories.TerritoryFactory(code="T1", unit=bank, latitude=30.0, longitude=114.0)
    t2 = factories.TerritoryFactory(code="T2", unit=bank, latitude=30.5, longitude=114.5)
    t3 = factories.TerritoryFactory(code="T3", unit=bank, latitude=None, longitude=None)
    session.flush()
    rid = run.id
    session.add_all(
        [
            RunTerritory(
                run_id=rid,
                territory_id=t1.id,
                territory_code="T1",
                unit_code="O1",
                need=3,
                assigned=2,
                shortfall=1,
            ),
            RunTerritory(
                run_id=rid,
                territory_id=t2.id,
                territory_code="T2",
                unit_code="O1",
                need=2,
                assigned=2,
                shortfall=0,
            ),
            RunTerritory(
                run_id=rid,
                territory_id=t3.id,
                territory_code="T3",
                unit_code="O1",
                need=1,
                assigned=1,
                shortfall=0,
            ),
            RunMove(
                run_id=rid,
                manager_code="M1",
                from_territory_id=t1.id,
                from_code="T1",
                to_territory_id=t2.id,
                to_code="T2",
                reason="rotation",
            ),
            RunMove(
                run_id=rid,
                manager_code="M2",
                from_territory_id=t3.id,
                from_code="T3",
                to_territory_id=t1.id,
                to_code="T1",
                reason="shortage",
            ),
            RunMove(
                run_id=rid,
                manager_code="M3",
                from_territory_id=t2.id,
                from_code="T2",
                to_territory_id=None,
                to_code="",
                reason="exit",
            ),
        ]
    )
    session.commit()
    return {"T1": t1.id, "T2": t2.id, "T3": t3.id}
