"""Competitive hiring (公开竞聘 / 择优录用): scores, gates, shortlist, preferences and structure goals."""

from __future__ import annotations

from typing import Any

import pytest

from solver.select.hiring import composite_score
from solver.select.models import Candidate, HiringPolicy, SelectionProblem
from solver.select.solve import select


def candidate(cid: str, written: float = 80, interview: float | None = 80, **extra: Any) -> dict[str, Any]:
    """Return a campus candidate who prefers unit U1 and passes every gate."""
    return {
        "id": cid,
        "channel": "campus",
        "written": written,
        "interview": interview,
        "preferences": ["U1"],
        **extra,
    }


def hiring(candidates: list[dict[str, Any]], openings: int = 1, **policy: Any) -> Any:
    """Select among ``candidates`` for ``openings`` campus openings of U1 (more units via ``units``)."""
    units = policy.pop("units", {"U1": openings})
    problem = SelectionProblem.from_json(
        {
            "openings": [
                {"unit": u, "count": n, "channel": "campus", "grade": "trainee"} for u, n in units.items()
            ],
            "candidates": candidates,
            "hiring": policy,
        }
    )
    return select(problem)


def stage_of(result: Any, cid: str) -> str:
    """Return the stage at which candidate ``cid`` was rejected."""
    return next(r.stage for r in result.rejections if r.candidate == cid)


def test_composite_weighs_written_and_interview_equally_by_default() -> None:
    assert (
        composite_score(Candidate(id="a", channel="campus", written=80, interview=70), HiringPolicy()) == 75.0
    )


def test_composite_weights_are_configurable() -> None:
    policy = HiringPolicy(written_weight=0.4, interview_weight=0.6)
    assert composite_score(Candidate(id="a", channel="campus", written=80, interview=70), policy) == 74.0


def test_personality_test_is_never_scored() -> None:
    calm = Candidate(id="a", channel="campus", written=80, interview=70, personality="稳健型")
    bold = Candidate(id="b", channel="campus", written=80, interview=70, personality="外向型")
    assert composite_score(calm, HiringPolicy()) == composite_score(bold, HiringPolicy())


@pytest.mark.parametrize(
    ("flaw", "stage"),
    [
        ({"credit_ok": False}, "credit"),
        ({"discipline_ok": False}, "discipline"),
        ({"qualified": False}, "qualification"),
        ({"education": "中专"}, "education"),
    ],
)
def test_a_failed_gate_rejects_the_best_candidate(flaw: dict[str, Any], stage: str) -> None:
    result = hiring([candidate("best", 99, 99, **flaw), candidate("next", 70, 70)])
    assert ([h.candidate for h in result.hires], stage_of(result, "best")) == (["next"], stage)


def test_associate_degree_passes_the_education_gate() -> None:
    result = hiring([candidate("a", education="大专")])
    assert [h.candidate for h in result.hires] == ["a"]


def test_composite_below_60_is_never_hired_even_with_openings_left() -> None:
    result = hiring([candidate("low", 60, 59)])
    assert (result.hires, stage_of(result, "low")) == ([], "min_score")


def test_shortlist_keeps_ratio_times_openings_by_written_score() -> None:
    # 1:2 for one opening: the written scores 90 and 80 go to interview, 70 does not.
    result = hiring(
        [candidate("a", 90, 60), candidate("b", 80, 95), candidate("c", 70, 99)], shortlist_ratio=2
    )
    assert ([h.candidate for h in result.hires], stage_of(result, "c")) == (["b"], "shortlist")


def test_ties_at_the_shortlist_cut_all_go_through() -> None:
    result = hiring(
        [candidate("a", 90, 60), candidate("b", 80, 70), candidate("c", 80, 99)], shortlist_ratio=2
    )
    assert [h.candidate for h in result.hires] == ["c"]


def test_the_higher_composite_fills_the_opening() -> None:
    result = hiring([candidate("a", 80, 90), candidate("b", 90, 70)])
    assert ([h.candidate for h in result.hires], stage_of(result, "b")) == (["a"], "ranking")


def test_second_preference_is_used_when_it_raises_the_intake_quality() -> None:
    # a (90) prefers U1 then U2; b (80) wants only U1: a in U2 and b in U1 gives 89.5 + 80.
    result = hiring(
        [candidate("a", 90, 90, preferences=["U1", "U2"]), candidate("b", 80, 80)], units={"U1": 1, "U2": 1}
    )
    assert sorted((h.candidate, h.unit, h.preference) for h in result.hires) == [
        ("a", "U2", 2),
        ("b", "U1", 1),
    ]


def test_structure_goal_prefers_a_degree_holder() -> None:
    result = hiring(
        [
            candidate("a", 90, 90, attributes={"degree": 0.0}),
            candidate("b", 85, 85, attributes={"degree": 1.0}),
        ],
        goals=[{"name": "bachelor", "attribute": "degree", "min_share": 1.0}],
    )
    assert [h.candidate for h in result.hires] == ["b"]


def test_hire_reason_gives_score_rank_and_preference() -> None:
    result = hiring([candidate("a", 80, 90), candidate("b", 90, 70)])
    assert result.hires[0].reason == (
        "composite 85.00 (written 80, interview 90, weights 0.5/0.5); "
        "rank 1 of 2 on the U1 campus shortlist; preference 1"
    )


def test_unfilled_openings_are_reported() -> None:
    result = hiring([candidate("a")], openings=3)
    assert [(s.kind, s.unit, s.wanted, s.filled) for s in result.shortfalls] == [("hire", "U1", 3, 1)]
