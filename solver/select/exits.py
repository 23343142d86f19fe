"""Bottom-ranked exits (末位淘汰): who leaves the CM team, by rank inside the peer group, and by which action.

Ranking: a peer group's CMs are ranked by performance score, best first. Ties are broken by the
competency score (higher ranks better), then by years of service (longer ranks better), then by id, so
the order never depends on input order. Protected CMs (first-year staff, staff on leave, the recently
promoted, as the policy says) are ranked with their group but never selected. Within a unit and grade
the lowest-ranked unprotected CMs leave (of each peer group in turn when the groups are finer than the unit:
``bottom_first``); the lowest of them take the first action of ``action_order``.
"""

from __future__ import annotations

from collections import defaultdict

from solver.select.models import ExitCount, ExitSelectionPolicy, Manager, SelectionProblem
from solver.select.results import ExitDecision, SelectionResult, Shortfall


def ranking_key(manager: Manager) -> tuple[float, float, float, str]:
    """Return the sort key that puts the best CM of a peer group first."""
    return (-manager.performance, -manager.competency, -manager.years_of_service, manager.id)


def protection(manager: Manager, policy: ExitSelectionPolicy) -> str | None:
    """Return why a CM may not be exited, or None when they may."""
    if policy.protect_first_year and manager.years_of_service < 1:
        return "first-year staff"
    if policy.protect_on_leave and manager.on_leave:
        return "on leave"
    limit = policy.protect_promoted_within_months
    if (
        limit is not None
        and manager.months_since_promotion is not None
        and manager.months_since_promotion < limit
    ):
        return f"promoted within {limit:g} months"
    return None


def select_exits(problem: SelectionProblem, result: SelectionResult) -> None:
    """Name the CMs who leave the CM team, unit by unit and grade by grade, each with rank and action."""
    policy = problem.exits
    groups: dict[str, list[Manager]] = defaultdict(list)
    for manager in problem.managers:
        groups[manager.group()].append(manager)
    rank: dict[str, tuple[int, int]] = {}
    for members in groups.values():
        for position, manager in enumerate(sorted(members, key=ranking_key), start=1):
            rank[manager.id] = (position, len(members))
    eligible = [m for m in problem.managers if protection(m, policy) is None]
    if problem.exit_counts is None:
        for group in sorted(groups):
            pool = sorted((m for m in eligible if m.group() == group), key=ranking_key, reverse=True)
            _name_exits(
                pool, policy.default_count, policy.action_order[:1] * policy.default_count, rank, result
            )
            if len(pool) < policy.default_count:
                result.shortfalls.append(
                    Shortfall("exit", group, "", policy.default_count, len(pool), "too few unprotected CMs")
                )
        return
    by_cell: dict[tuple[str, str], list[ExitCount]] = defaultdict(list)
    for count in problem.exit_counts:
        by_cell[count.unit, count.grade].append(count)
    order = {action: i for i, action in enumerate(policy.action_order)}
    by_post: dict[tuple[str, str], list[Manager]] = defaultdict(list)
    for manager in eligible:
        by_post[manager.unit, manager.grade].append(manager)
    for (unit, grade), counts in sorted(by_cell.items()):
        wanted = sum(c.count for c in counts)
        actions = [
            c.action
            for c in sorted(counts, key=lambda c: order.get(c.action, len(order)))
            for _ in range(c.count)
        ]
        pool = bottom_first(by_post[unit, grade])
        _name_exits(pool, wanted, actions, rank, result)
        if len(pool) < wanted:
            result.shortfalls.append(
                Shortfall("exit", unit, grade, wanted, len(pool), "too few unprotected CMs")
            )


def bottom_first(members: list[Manager]) -> list[Manager]:
    """Order a unit's CMs for exit: the worst of every peer group inside it, then the second worst, and so on.

    When the peer groups are finer than the unit (outlets, segments), each group gives up its own
    lowest-ranked CMs in turn, so nobody leaves while a worse CM of their own group stays. Within a
    round the worse performer goes first; with one group per unit this is simply worst first.
    """
    groups: dict[str, list[Manager]] = defaultdict(list)
    for manager in sorted(members, key=ranking_key, reverse=True):
        groups[manager.group()].append(manager)
    depth = {m.id: i for group in groups.values() for i, m in enumerate(group)}
    worst_first = sorted(members, key=ranking_key, reverse=True)
    return sorted(worst_first, key=lambda m: depth[m.id])


def _name_exits(
    pool: list[Manager],
    wanted: int,
    actions: list[str],
    rank: dict[str, tuple[int, int]],
    result: SelectionResult,
) -> None:
    """Exit the first ``wanted`` CMs of ``pool`` (worst first), giving each the next action in turn."""
    for manager, action in zip(pool[:wanted], actions, strict=False):
        position, size = rank[manager.id]
        result.exits.append(
            ExitDecision(
                manager=manager.id,
                unit=manager.unit,
                grade=manager.grade,
                peer_group=manager.group(),
                rank=position,
                group_size=size,
                score=manager.performance,
                action=action,
                reason=f"rank {position} of {size} in peer group {manager.group()}, "
                f"score {manager.performance:g}; action {action}",
            )
        )
