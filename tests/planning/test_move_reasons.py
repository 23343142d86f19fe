"""A move forced by an avoidance link (回避) says so and names the link; other moves keep their reasons."""

from __future__ import annotations

from sqlalchemy import select

from planner.runs.reasons import AVOIDANCE, ROTATION, STAFFING, move_reasons
from planner.runs.results import RunMove
from planner.runs.services import create_run
from planner.runs.worker import execute_run
from solver.assign import model as assign
from tests.planning.bank import TODAY


def _team(avoidance: list[tuple[str, str]]) -> assign.Problem:
    """Two outlets U1 (territories T1, T2) and U2 (T3); X, Y, W in U1 today, Z in U2 for seven years."""
    return assign.Problem(
        units=[assign.Unit("U1", 0.0, 0.0), assign.Unit("U2", 1.0, 0.0)],
        territories=[
            assign.Territory(id="T1", unit="U1", segment="retail", need=1),
            assign.Territory(id="T2", unit="U1", segment="retail", need=1),
            assign.Territory(id="T3", unit="U2", segment="retail", need=1),
        ],
        managers=[
            assign.Manager(id="X", grade="a", segments=["retail"], current="T1", years=1.0),
            assign.Manager(id="Y", grade="a", segments=["retail"], current="T2", years=1.0),
            assign.Manager(id="W", grade="a", segments=["retail"], current="T1", years=1.0),
            assign.Manager(id="Z", grade="a", segments=["retail"], current="T3", years=7.0),
        ],
        avoidance=avoidance,
        rules=assign.Rules(rotation_years=3.0),
    )


def _result(placed: dict[str, str], moves: list[tuple[str, str, str | None]]) -> assign.Result:
    return assign.Result(
        status="OPTIMAL",
        assignments=[assign.Assignment(who=who, to=to) for who, to in placed.items()],
        moves=[assign.Move(who, before, after) for who, before, after in moves],
    )


def test_a_cm_moved_out_of_the_unit_where_their_linked_relative_stays_moves_for_avoidance():
    team = _team(avoidance=[("Y", "X")])
    result = _result({"Y": "T2", "X": "T3", "W": "T1"}, [("X", "T1", "T3")])

    why = move_reasons(team, result, promoted=set())

    assert why["X"].reason == AVOIDANCE
    assert why["X"].linked_with == ("Y",)


def test_a_linked_pair_who_both_leave_the_unit_is_not_an_avoidance_move():
    # X and W are linked but W leaves U1 too (to nowhere): nobody X must avoid is left in U1.
    team = _team(avoidance=[("X", "W")])
    result = _result({"X": "T3", "Y": "T2"}, [("X", "T1", "T3"), ("W", "T1", None)])

    why = move_reasons(team, result, promoted=set())

    assert (why["X"].reason, why["X"].linked_with) == (STAFFING, ())
    assert why["W"].reason == STAFFING


def test_a_move_without_a_link_keeps_its_rotation_reason():
    team = _team(avoidance=[("X", "Y")])
    result = _result({"Z": "T1", "X": "T1", "Y": "T2"}, [("Z", "T3", "T1")])

    assert move_reasons(team, result, promoted=set())["Z"].reason == ROTATION


def test_a_run_of_the_small_bank_stores_the_avoidance_move_of_a1_or_a3_naming_the_other(
    app, db, small_bank, small_scenario
):
    # A1 and A3 are linked and both work in outlet OA today; avoidance is hard, so one of them leaves OA.
    run = create_run(db, small_scenario, small_bank.planner_user, TODAY)
    db.commit()
    execute_run(app.extensions["planner.sessions"], run.id)

    moves = db.scalars(select(RunMove).where(RunMove.run_id == run.id)).all()
    avoidance = [(m.manager_code, m.linked_with) for m in moves if m.reason == AVOIDANCE]
    assert avoidance in ([("A1", "A3")], [("A3", "A1")])
