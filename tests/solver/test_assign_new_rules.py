"""The rules a bank states that the format could not say before, each alone with its exact result.

As in ``test_assign_rules.py``: travel (1 per km from home) is the only other cost unless a test says so.
"""

from __future__ import annotations

import pytest

from solver.assign.engine import SolveOptions
from solver.assign.model import Manager, PairCost, Problem, Result, Territory, Unit
from solver.assign.solve import solve
from tests.solver.test_assign_factories import cm, quiet_rules, two_outlets

OPTIONS = SolveOptions(time_limit=10, workers=1, seed=0)


def solved(problem: Problem) -> Result:
    """Solve and insist on a proven optimum."""
    result = solve(problem, OPTIONS)
    assert result.status == "OPTIMAL"
    return result


def placed(problem: Problem) -> dict[str, str]:
    """Solve and return who -> where."""
    return {a.who: a.to for a in solved(problem).assignments}


def three_branches(**rules: object) -> Problem:
    """Return branches U1, U2, U3 at 0, 10 and 20 km (U1's listed neighbour is U2), a territory each."""
    return Problem(
        units=[Unit("U1", 0, 0, neighbours=["U2"]), Unit("U2", 10, 0), Unit("U3", 20, 0)],
        territories=[Territory("T1", "U1"), Territory("T2", "U2"), Territory("T3", "U3")],
        managers=[Manager("M1", unit="U1", home_x=20, home_y=0)],  # lives next to T3
        rules=quiet_rules(**rules),
    )


def test_without_reach_a_cm_takes_the_territory_nearest_home() -> None:
    assert placed(three_branches()) == {"M1": "T3"}


def test_reach_own_keeps_a_cm_in_their_own_branch() -> None:
    result = solved(three_branches(reach="own"))
    assert [(a.who, a.to, a.travel) for a in result.assignments] == [("M1", "T1", 20.0)]


def test_reach_neighbours_allows_the_listed_neighbouring_branch() -> None:
    result = solved(three_branches(reach="neighbours"))
    assert [(a.who, a.to, a.travel) for a in result.assignments] == [("M1", "T2", 10.0)]


def test_reach_by_distance_allows_branches_within_the_limit() -> None:
    assert placed(three_branches(reach_max_km=12.0)) == {"M1": "T2"}


def test_own_branch_defaults_to_the_branch_of_the_current_territory() -> None:
    p = three_branches(reach="own")
    p.managers = [Manager("M1", home_x=20, home_y=0, current="T2")]
    assert placed(p) == {"M1": "T2"}


def test_a_pair_cost_adjustment_is_added_to_that_pair_and_reported() -> None:
    p = two_outlets()
    p.managers = [cm("M1", 0), cm("M2", 10)]
    p.pair_costs = [PairCost("M1", "T2", -25.0)]
    result = solved(p)
    # swapped: M1 travels 10 and earns 25 at T2, M2 travels 10 to T1
    assert {a.who: (a.to, a.travel, a.adjustment) for a in result.assignments} == {
        "M1": ("T2", 10.0, -25.0),
        "M2": ("T1", 10.0, 0.0),
    }
    assert result.objective == -5.0


def no_room() -> Problem:
    """Return two CMs near T1 (needs one), T2 (needs one) 3,000 km away and T3 (needs one) further still."""
    return Problem(
        units=[Unit("U1", 0, 0), Unit("U2", 3000, 0), Unit("U3", -9000, 0)],
        territories=[Territory("T1", "U1"), Territory("T2", "U2"), Territory("T3", "U3")],
        managers=[cm("M1", 0), cm("M2", 0)],
        rules=quiet_rules(),
    )


def test_surplus_is_paid_when_soft() -> None:
    result = solved(no_room())
    assert {a.who: a.to for a in result.assignments} == {"M1": "T1", "M2": "T1"}
    assert sorted((x.rule, x.who) for x in result.penalties if x.rule != "travel") == [
        ("shortfall", "T2"),
        ("shortfall", "T3"),
        ("surplus", "T1"),
    ]
    assert result.objective == 3000.0


def test_hard_surplus_holds_while_shortfall_stays_soft() -> None:
    p = no_room()
    p.rules.surplus_hard = True
    result = solved(p)
    # one of the two now travels 3,000 km to T2 (cheaper than 5,000 unassigned); T3 is still short
    assert sorted(a.to for a in result.assignments) == ["T1", "T2"]
    assert [(x.rule, x.who) for x in result.penalties if x.rule != "travel"] == [("shortfall", "T3")]
    assert result.objective == 4000.0


@pytest.mark.parametrize(("years", "where"), [(5.0, "T1"), (5.5, "T2")])
def test_hard_rotation_moves_a_cm_with_more_than_the_limit_in_the_territory(years: float, where: str) -> None:
    p = two_outlets(rotation=True, rotation_weight=0.0, rotation_must_years=5.0)
    p.managers = [cm("M1", 0, current="T1", years=years)]
    assert placed(p) == {"M1": where}


@pytest.mark.parametrize(("years", "paid"), [(3.0, []), (3.5, [("rotation", "M1", 1.0)])])
def test_soft_rotation_charges_a_cm_with_more_than_the_limit_who_stays(years: float, paid: list) -> None:
    p = two_outlets(rotation=True, rotation_years=3.0, rotation_must_years=99.0, rotation_weight=1.0)
    p.managers = [cm("M1", 0, current="T1", years=years)]
    result = solved(p)
    assert [(x.rule, x.who, x.amount) for x in result.penalties if x.rule == "rotation"] == paid


@pytest.mark.parametrize(("grade", "where"), [(3, "T1"), (2, "T2"), ("senior", "T1")])
def test_a_grade_may_be_given_by_rank(grade: int | str, where: str) -> None:
    p = two_outlets(grade=True, grade_hard=True)
    p.territories[0].min_grade = 3  # senior, by rank
    p.managers = [cm("M1", 0, grade=grade)]
    assert placed(p) == {"M1": where}
