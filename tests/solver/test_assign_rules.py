"""Each rule alone: a minimal scenario where switching the rule on changes the answer.

Unless a test says otherwise, travel (1 per km) is the only other cost, so without the rule every CM would
take the territory nearest home.
"""

from __future__ import annotations

from solver.assign.engine import SolveOptions
from solver.assign.model import Problem, Territory, Unit
from solver.assign.solve import solve
from tests.solver.test_assign_factories import cm, grid, quiet_rules, two_outlets

OPTIONS = SolveOptions(time_limit=10, workers=1, seed=0)


def placed(problem: Problem) -> dict[str, str]:
    """Solve and return who -> where."""
    result = solve(problem, OPTIONS)
    assert result.status == "OPTIMAL"
    return {a.who: a.to for a in result.assignments}


def test_nearest_territory_without_rules() -> None:
    p = two_outlets()
    p.managers = [cm("M1", 10), cm("M2", 0)]
    assert placed(p) == {"M1": "T2", "M2": "T1"}


def test_segment_match_sends_each_cm_to_a_territory_of_their_segment() -> None:
    p = two_outlets(segment=True, segment_hard=True)
    p.territories[1].segment = "corporate"
    p.managers = [cm("M1", 10, segments=["retail"]), cm("M2", 0, segments=["corporate"])]
    assert placed(p) == {"M1": "T1", "M2": "T2"}


def test_soft_segment_match_is_paid_when_cheaper_than_travel() -> None:
    p = two_outlets(segment=True, segment_hard=False, segment_weight=3.0)
    p.territories[1].segment = "corporate"
    p.managers = [cm("M1", 10, segments=["retail"]), cm("M2", 0, segments=["corporate"])]
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T2", "M2": "T1"}
    assert sorted((x.rule, x.who, x.amount) for x in result.penalties if x.rule == "segment") == [
        ("segment", "M1", 3.0),
        ("segment", "M2", 3.0),
    ]


def test_minimum_grade_keeps_a_junior_out_of_a_senior_territory() -> None:
    p = two_outlets(grade=True, grade_hard=True)
    p.territories[0].min_grade = "senior"
    p.managers = [cm("M1", 0, grade="junior"), cm("M2", 10, grade="senior")]
    assert placed(p) == {"M1": "T2", "M2": "T1"}


def test_competency_threshold_holds_when_hard() -> None:
    p = two_outlets(competency=True, competency_hard=True)
    p.territories[0].competency_min = {"credit": 60}
    p.managers = [cm("M1", 0, competencies={"credit": 50}), cm("M2", 10, competencies={"credit": 70})]
    assert placed(p) == {"M1": "T2", "M2": "T1"}


def test_soft_competency_threshold_is_priced_per_point_short() -> None:
    # 10 points short at 1 per point is cheaper than 20 km of extra travel: M1 stays and pays 10
    p = two_outlets(competency=True, competency_hard=False, competency_weight=1.0)
    p.territories[0].competency_min = {"credit": 60}
    p.managers = [cm("M1", 0, competencies={"credit": 50}), cm("M2", 10, competencies={"credit": 70})]
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T1", "M2": "T2"}
    assert [(x.rule, x.who, x.amount) for x in result.penalties if x.rule == "competency"] == [
        ("competency", "M1", 10.0)
    ]
    assert [a.fit for a in result.assignments if a.who == "M1"] == [10.0]


def test_senior_presence_puts_a_senior_in_every_territory() -> None:
    p = two_outlets(senior=True, senior_hard=True, senior_grade="senior")
    for t in p.territories:
        t.need = 2
    p.managers = [
        cm("M1", 0, grade="senior"),
        cm("M2", 1, grade="senior"),
        cm("M3", 10, grade="junior"),
        cm("M4", 9, grade="junior"),
    ]
    assert placed(p) == {"M1": "T1", "M2": "T2", "M3": "T2", "M4": "T1"}


def test_missing_senior_is_reported_against_the_territory_when_soft() -> None:
    p = two_outlets(senior=True, senior_hard=False, senior_weight=5.0)
    p.managers = [cm("M1", 0, grade="senior"), cm("M2", 10, grade="junior")]
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T1", "M2": "T2"}
    assert [(x.rule, x.who, x.amount) for x in result.penalties if x.rule == "senior"] == [
        ("senior", "T2", 5.0)
    ]


def test_rotation_must_move_after_the_hard_limit() -> None:
    p = two_outlets(rotation=True, rotation_must_years=5)
    p.managers = [cm("M1", 0, current="T1", years=6), cm("M2", 1)]
    assert placed(p) == {"M1": "T2", "M2": "T1"}


def test_rotation_due_is_a_penalty_paid_by_whoever_stays() -> None:
    p = two_outlets(rotation=True, rotation_years=3, rotation_must_years=5, rotation_weight=1.0)
    p.managers = [cm("M1", 0, current="T1", years=4), cm("M2", 1)]
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T1", "M2": "T2"}
    assert [(x.rule, x.who, x.amount) for x in result.penalties if x.rule == "rotation"] == [
        ("rotation", "M1", 1.0)
    ]


def test_avoidance_keeps_linked_cms_out_of_the_same_outlet() -> None:
    p = Problem(
        units=[Unit("U1", 0, 0), Unit("U2", 10, 0)],
        territories=[
            Territory("T1a", "U1", x=0, y=0),
            Territory("T1b", "U1", x=0, y=1),
            Territory("T2", "U2"),
        ],
        managers=[cm("M1", 0), cm("M2", 1), cm("M3", 10)],
        avoidance=[("M1", "M2")],
        rules=quiet_rules(avoidance=True, avoidance_hard=True),
    )
    assert placed(p) == {"M1": "T1a", "M2": "T2", "M3": "T1b"}


def test_pinned_assignment_is_kept() -> None:
    p = two_outlets()
    p.managers = [cm("M1", 0), cm("M2", 10)]
    p.pins = [("M1", "T2")]
    assert placed(p) == {"M1": "T2", "M2": "T1"}


def test_forbidden_pair_is_never_used() -> None:
    p = two_outlets()
    p.managers = [cm("M1", 0), cm("M2", 10)]
    p.forbidden = [("M1", "T1")]
    assert placed(p) == {"M1": "T2", "M2": "T1"}


def test_move_cost_keeps_cms_in_place_when_moving_saves_less() -> None:
    # swapping saves 20 km in all but costs 2 x 15
    p = two_outlets(continuity=True, move_cost=15.0)
    p.managers = [cm("M1", 0, current="T2"), cm("M2", 10, current="T1")]
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T2", "M2": "T1"}
    assert result.moves == []


def test_move_cap_allows_only_the_most_valuable_moves() -> None:
    p = Problem(
        units=[Unit("U1", 0, 0), Unit("U2", 10, 0), Unit("U3", 0, 20), Unit("U4", 5, 20)],
        territories=[
            Territory("T1", "U1"),
            Territory("T2", "U2"),
            Territory("T3", "U3"),
            Territory("T4", "U4"),
        ],
        managers=[
            cm("M1", 0, current="T2"),
            cm("M2", 10, current="T1"),
            cm("M3", 0, current="T4"),
            cm("M4", 5, current="T3"),
        ],
        rules=quiet_rules(continuity=True, move_cost=0.0, max_moves=2),
    )
    p.managers[2].home_y = p.managers[3].home_y = 20
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T1", "M2": "T2", "M3": "T4", "M4": "T3"}
    assert sorted(m.who for m in result.moves) == ["M1", "M2"]


def test_travel_maximum_forces_cms_closer_to_home() -> None:
    p = two_outlets(continuity=True, move_cost=100.0, travel_max_km=5.0)
    p.managers = [cm("M1", 0, current="T2"), cm("M2", 10, current="T1")]
    assert placed(p) == {"M1": "T1", "M2": "T2"}


def test_shortfall_is_reported_where_the_need_cannot_be_met() -> None:
    p = two_outlets(segment=True, segment_hard=True, shortfall_weight=100.0)
    p.territories[1].segment = "corporate"
    p.territories[1].need = 2
    p.managers = [cm("M1", 0), cm("M2", 10, segments=["corporate"])]
    result = solve(p, OPTIONS)
    assert {a.who: a.to for a in result.assignments} == {"M1": "T1", "M2": "T2"}
    assert [(x.rule, x.who, x.breach) for x in result.penalties if x.rule == "shortfall"] == [
        ("shortfall", "T2", 1.0)
    ]


def test_workload_balance_splits_grids_evenly() -> None:
    # all grids sit at A's home; B lives 1 km away; without balance A would take everything
    p = Problem(
        managers=[cm("A", 0, capacity=10), cm("B", 1, capacity=10)],
        grids=[grid("G1", 4), grid("G2", 2), grid("G3", 2)],
        rules=quiet_rules(balance=True, balance_weight=10.0),
    )
    assert placed(p) == {"G1": "B", "G2": "A", "G3": "A"}


def test_workload_balance_can_minimise_the_largest_load() -> None:
    p = Problem(
        managers=[cm("A", 0, capacity=10), cm("B", 1, capacity=10)],
        grids=[grid("G1", 4), grid("G2", 2), grid("G3", 2)],
        rules=quiet_rules(balance=True, balance_mode="max", balance_weight=10.0),
    )
    assert placed(p) == {"G1": "B", "G2": "A", "G3": "A"}


def test_grid_capacity_holds_when_hard() -> None:
    p = Problem(
        managers=[cm("A", 0, capacity=5), cm("B", 1, capacity=10)],
        grids=[grid("G1", 4), grid("G2", 3)],
        rules=quiet_rules(shortfall_hard=True),
    )
    p.grids[1].y = 2  # A may hold one grid; B is closer to G2 (2.24 km) than to G1 (1 km) by less than A is
    assert placed(p) == {"G1": "A", "G2": "B"}
