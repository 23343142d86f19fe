"""The plan's counts and the named lists agree, unit by unit and grade by grade.

``counts_from_plan`` turns a plan's year into openings, exit counts and promotion counts;
``check_agreement`` compares a selection's named lists with them and lists every difference;
``caps_from_selection`` turns the differences into caps on the plan's decisions (what the named lists filled),
so a plan re-solved under them asks only for what can be named.
"""

from __future__ import annotations

from collections import Counter

from solver.plan.problem import DecisionCap, PlanProblem
from solver.plan.result import PlanResult
from solver.select.hiring import hireable
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


def caps_from_selection(
    plan: PlanProblem, selection: SelectionProblem, result: SelectionResult, year: int = 1
) -> list[DecisionCap]:
    """Return caps on the plan's decisions of ``year`` from what the named lists filled.

    Where a count was filled short: hires per unit and channel, exits per unit, grade and action,
    promotions per unit and transition, each capped at the number named. Every other unit may hire, per
    channel, at most what it hired plus the hireable candidates left free who applied to it (past the gates,
    with a composite at the minimum, not hired by anyone): a plan re-solved with these caps moves the
    hires it cannot name to units whose own applicants can fill them, instead of to units whose applicants
    are already hired elsewhere.
    """
    caps: list[DecisionCap] = []
    hired: Counter[tuple[str, str]] = Counter((h.unit, h.channel) for h in result.hires)
    wanted: Counter[tuple[str, str]] = Counter()
    for opening in selection.openings:
        wanted[opening.unit, opening.channel] += opening.count
    short = {key for key, count in wanted.items() if hired[key] < count}
    free = free_applicants(selection, result)
    for c in plan.channels:
        for u in plan.units:
            key = (u.name, c.name)
            room = hired[key] if key in short else hired[key] + free[key]
            caps.append(DecisionCap("hire", year, u.name, c.name, float(room)))
    exited: Counter[tuple[str, str, str]] = Counter((e.unit, e.grade, e.action) for e in result.exits)
    for e in selection.exit_counts or []:
        if exited[e.unit, e.grade, e.action] < e.count:
            caps.append(
                DecisionCap("exit", year, e.unit, e.action, float(exited[e.unit, e.grade, e.action]), e.grade)
            )
    transition = {(t.from_grade, t.to_grade): t.name for t in plan.transitions}
    promoted: Counter[tuple[str, str, str]] = Counter(
        (p.unit, p.from_grade, p.to_grade) for p in result.promotions
    )
    for p in selection.promotion_counts:
        if promoted[p.unit, p.from_grade, p.to_grade] < p.count:
            name = transition[p.from_grade, p.to_grade]
            caps.append(
                DecisionCap("move", year, p.unit, name, float(promoted[p.unit, p.from_grade, p.to_grade]))
            )
    return caps


def tighter(caps: list[DecisionCap], more: list[DecisionCap]) -> list[DecisionCap]:
    """Return the caps of both lists, the lower one where both cap the same decision."""
    out: dict[tuple[object, ...], DecisionCap] = {}
    for cap in [*caps, *more]:
        key = (cap.kind, cap.year, cap.unit, cap.name, cap.grade)
        if key not in out or cap.max < out[key].max:
            out[key] = cap
    return list(out.values())


def free_applicants(selection: SelectionProblem, result: SelectionResult) -> Counter[tuple[str, str]]:
    """Count, per (unit, channel), the hireable candidates nobody hired who applied to the unit."""
    policy = selection.hiring
    taken = {h.candidate for h in result.hires}
    free: Counter[tuple[str, str]] = Counter()
    for c in selection.candidates:
        if c.id in taken or not hireable(c, policy):
            continue
        for unit in c.preferences:
            free[unit, c.channel] += 1
    return free
