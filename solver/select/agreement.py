"""The plan's counts and the named lists agree, unit by unit and grade by grade.

``counts_from_plan`` turns a plan's year into openings, exit counts and promotion counts;
``check_agreement`` compares a selection's named lists with them and lists every difference.
"""

from __future__ import annotations

from collections import Counter

from solver.plan.problem import PlanProblem
from solver.plan.result import PlanResult
from solver.select.models import ExitCount, Opening, PromotionCount, SelectionProblem
from solver.select.results import SelectionResult

CountKey = tuple[str, ...]


def _whole(value: float) -> int:
    """Return a plan count as whole people (relaxed plans are rounded to the nearest person)."""
    return round(value)


def counts_from_plan(plan: PlanProblem, result: PlanResult, year: int = 1) -> SelectionProblem:
    """Return a selection problem whose openings, exit and promotion counts are the plan's for ``year``."""
    channels = {c.name: c for c in plan.channels}
    transitions = {t.name: t for t in plan.transitions}
    selection = SelectionProblem(exit_counts=[])
    assert selection.exit_counts is not None
    for row in result.flows:
        if row.year != year:
            continue
        for channel, hired in row.hires.items():
            if _whole(hired):
                selection.openings.append(Opening(row.unit, _whole(hired), channel, channels[channel].grade))
        for action, left in row.exits.items():
            if _whole(left):
                selection.exit_counts.append(ExitCount(row.unit, row.grade, action, _whole(left)))
        for name, moved in row.moves_out.items():
            move = transitions[name]
            if _whole(moved):
                selection.promotion_counts.append(
                    PromotionCount(row.unit, move.from_grade, move.to_grade, _whole(moved))
                )
    return selection


def planned_counts(selection: SelectionProblem) -> Counter[CountKey]:
    """Return the counts a selection problem asks for, keyed by (kind, unit, grade[, action or to-grade])."""
    counts: Counter[CountKey] = Counter()
    for opening in selection.openings:
        counts["hire", opening.unit, opening.grade] += opening.count
    for exit_count in selection.exit_counts or []:
        counts["exit", exit_count.unit, exit_count.grade, exit_count.action] += exit_count.count
    for promotion in selection.promotion_counts:
        counts["promotion", promotion.unit, promotion.from_grade, promotion.to_grade] += promotion.count
    return counts


def named_counts(result: SelectionResult) -> Counter[CountKey]:
    """Return the counts of the named lists, keyed like ``planned_counts``."""
    counts: Counter[CountKey] = Counter()
    for hire in result.hires:
        counts["hire", hire.unit, hire.grade] += 1
    for exit_decision in result.exits:
        counts["exit", exit_decision.unit, exit_decision.grade, exit_decision.action] += 1
    for promotion in result.promotions:
        counts["promotion", promotion.unit, promotion.from_grade, promotion.to_grade] += 1
    return counts


def check_agreement(selection: SelectionProblem, result: SelectionResult) -> list[str]:
    """List every (kind, unit, grade) where the named lists differ from the counts; empty when they agree."""
    planned, named = planned_counts(selection), named_counts(result)
    return [
        f"{' '.join(key)}: plan {planned[key]}, named {named[key]}"
        for key in sorted(set(planned) | set(named))
        if planned[key] != named[key]
    ]
