"""Promotions: who moves up, best first by performance and competency, within the plan's counts."""

from __future__ import annotations

from solver.select.models import Manager, PromotionPolicy, SelectionProblem
from solver.select.results import PromotionDecision, SelectionResult, Shortfall


def promotion_score(manager: Manager, policy: PromotionPolicy) -> float:
    """Return the weighted performance and competency score used to rank candidates for promotion."""
    return round(
        policy.performance_weight * manager.performance + policy.competency_weight * manager.competency, 4
    )


def promotion_eligible(manager: Manager, policy: PromotionPolicy) -> bool:
    """Say whether a CM may be promoted: in post, long enough in grade, and performing well enough."""
    return (
        not manager.on_leave
        and manager.years_in_grade >= policy.min_years_in_grade
        and manager.performance >= policy.min_performance
    )


def select_promotions(problem: SelectionProblem, result: SelectionResult) -> None:
    """Promote the best-scoring eligible CMs of each unit and grade, as many as the plan's counts say."""
    policy = problem.promotions
    leaving = {e.manager for e in result.exits}
    for count in problem.promotion_counts:
        pool = sorted(
            (
                m
                for m in problem.managers
                if (m.unit, m.grade) == (count.unit, count.from_grade)
                and m.id not in leaving
                and promotion_eligible(m, policy)
            ),
            key=lambda m: (-promotion_score(m, policy), -m.performance, m.id),
        )
        for position, manager in enumerate(pool[: count.count], start=1):
            score = promotion_score(manager, policy)
            result.promotions.append(
                PromotionDecision(
                    manager=manager.id,
                    unit=count.unit,
                    from_grade=count.from_grade,
                    to_grade=count.to_grade,
                    rank=position,
                    eligible=len(pool),
                    score=score,
                    reason=f"rank {position} of {len(pool)} eligible {count.from_grade} CMs in {count.unit}, "
                    f"score {score:g} (performance {manager.performance:g}, "
                    f"competency {manager.competency:g})",
                )
            )
        if len(pool) < count.count:
            result.shortfalls.append(
                Shortfall(
                    "promotion", count.unit, count.from_grade, count.count, len(pool), "too few eligible CMs"
                )
            )
