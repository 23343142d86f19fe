"""Bottom-ranked exits (末位淘汰): ranking, protections, tie-breaks and actions."""

from __future__ import annotations

import random
from typing import Any

import pytest

from solver.select.models import SelectionProblem
from solver.select.solve import select


def cm(mid: str, performance: float, **extra: Any) -> dict[str, Any]:
    """Return a junior CM of unit U1 with five years of service."""
    return {"id": mid, "unit": "U1", "grade": "junior", "performance": performance, **extra}


def exits(managers: list[dict[str, Any]], counts: dict[str, int] | None = None, **policy: Any) -> Any:
    """Run exit selection for U1 juniors with ``counts`` per action (default: 2 to back office)."""
    counts = {"back_office": 2} if counts is None else counts
    problem = SelectionProblem.from_json(
        {
            "managers": managers,
            "exit_counts": [
                {"unit": "U1", "grade": "junior", "action": a, "count": n} for a, n in counts.items()
            ],
            "exits": policy,
        }
    )
    return select(problem)


def test_the_lowest_ranked_leave() -> None:
    result = exits([cm("a", 90), cm("b", 60), cm("c", 75), cm("d", 55), cm("e", 80)])
    assert [e.manager for e in result.exits] == ["d", "b"]


@pytest.mark.parametrize(
    "protected",
    [{"years_of_service": 0.5}, {"on_leave": True}, {"months_since_promotion": 6}],
    ids=["first_year", "on_leave", "recently_promoted"],
)
def test_protected_cms_are_never_selected(protected: dict[str, Any]) -> None:
    result = exits([cm("worst", 10, **protected), cm("a", 60), cm("b", 70), cm("c", 80)])
    assert [e.manager for e in result.exits] == ["a", "b"]


def test_protection_can_be_switched_off() -> None:
    result = exits([cm("worst", 10, on_leave=True), cm("a", 60), cm("b", 70)], protect_on_leave=False)
    assert [e.manager for e in result.exits] == ["worst", "a"]


def test_promotion_protection_lapses_after_its_months() -> None:
    result = exits([cm("worst", 10, months_since_promotion=13), cm("a", 60), cm("b", 70)])
    assert [e.manager for e in result.exits] == ["worst", "a"]


def test_equal_scores_are_broken_by_lower_competency_first() -> None:
    result = exits(
        [cm("a", 60, competency=80), cm("b", 60, competency=70), cm("c", 90)], counts={"back_office": 1}
    )
    assert [e.manager for e in result.exits] == ["b"]


def test_equal_scores_and_competency_are_broken_by_shorter_service() -> None:
    result = exits(
        [cm("a", 60, years_of_service=3), cm("b", 60, years_of_service=9), cm("c", 90)], {"retraining": 1}
    )
    assert [e.manager for e in result.exits] == ["a"]


def test_full_ties_are_broken_by_id_whatever_the_input_order() -> None:
    result = exits([cm("z", 60), cm("y", 60), cm("x", 90)], counts={"back_office": 1})
    assert [e.manager for e in result.exits] == ["z"]


def test_the_lowest_rank_takes_the_first_action_in_order() -> None:
    result = exits([cm("a", 50), cm("b", 60), cm("c", 90)], counts={"back_office": 1, "retraining": 1})
    assert [(e.manager, e.action) for e in result.exits] == [("a", "retraining"), ("b", "back_office")]


def test_exit_reason_states_rank_group_score_and_action() -> None:
    result = exits([cm("a", 50), cm("b", 60), cm("c", 90)], counts={"retraining": 1})
    assert result.exits[0].reason == "rank 3 of 3 in peer group U1, score 50; action retraining"


def test_rank_counts_the_whole_peer_group_across_units() -> None:
    result = exits(
        [cm("a", 50, peer_group="retail"), cm("b", 40, unit="U2", peer_group="retail")], {"retraining": 1}
    )
    assert (result.exits[0].rank, result.exits[0].group_size) == (1, 2)


def test_too_few_unprotected_cms_is_a_reported_shortfall() -> None:
    result = exits([cm("a", 50), cm("b", 60, on_leave=True)])
    assert [(s.kind, s.wanted, s.filled) for s in result.shortfalls] == [("exit", 2, 1)]


def test_without_plan_counts_each_group_exits_the_default_count() -> None:
    problem = SelectionProblem.from_json(
        {
            "managers": [cm(str(i), 50 + i) for i in range(6)],
            "exits": {"default_count": 3, "action_order": ["retraining"]},
        }
    )
    assert [e.manager for e in select(problem).exits] == ["0", "1", "2"]


def test_no_protected_cm_is_ever_selected_in_a_large_random_team() -> None:
    rng = random.Random(3)
    managers = [
        cm(
            f"m{i}",
            round(rng.uniform(40, 99), 1),
            unit=f"U{i % 7}",
            years_of_service=rng.choice([0.3, 2, 8]),
            on_leave=rng.random() < 0.1,
            months_since_promotion=rng.choice([None, 3, 24]),
        )
        for i in range(700)
    ]
    problem = SelectionProblem.from_json(
        {
            "managers": managers,
            "exit_counts": [
                {"unit": f"U{u}", "grade": "junior", "action": "back_office", "count": 5} for u in range(7)
            ],
        }
    )
    protected = {
        m["id"]
        for m in managers
        if m["years_of_service"] < 1 or m["on_leave"] or (m["months_since_promotion"] or 99) < 12
    }
    chosen = {e.manager for e in select(problem).exits}
    assert (len(chosen), chosen & protected) == (35, set())
