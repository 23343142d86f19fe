"""Split a plan into independent parts when no bank-wide goal or cap couples its units.

Units are linked only by peer groups (the exit policy ranks a group together), by surplus pools shared
by their targets, and by bank-wide rows: channel caps over all units (``max_per_year``, ``pipeline``), the
budget, targets and structure goals over all units. Without bank-wide rows, the units fall into connected
components (units joined by a peer group or a pool) whose models share no variable and no row; each is
solved alone and the parts are added up. Every objective term is a sum over units, so the sum of the parts'
optima is the optimum of the whole, for a weighted objective and level by level for a lexicographic one.
"""

from __future__ import annotations

import copy

from solver.plan.problem import PlanProblem


def coupling_reasons(problem: PlanProblem) -> list[str]:
    """Return the bank-wide rows that tie every unit together (empty when the plan decomposes)."""
    if len(problem.units) <= 1:
        return []
    reasons = [f"channel {c.name} cap" for c in problem.channels if c.max_per_year is not None]
    reasons += [f"channel {c.name} pipeline" for c in problem.channels if c.pipeline is not None]
    if problem.budget is not None and (
        problem.budget.max_per_year is not None or problem.budget.max_total is not None
    ):
        reasons.append("budget")
    reasons += [f"target {t.name} over all units" for t in problem.targets if t.unit is None]
    reasons += [f"structure goal {s.name} over all units" for s in problem.structure_goals if s.unit is None]
    return reasons


def components(problem: PlanProblem, bank_wide: bool = True) -> list[list[str]]:
    """Return the groups of units that must be solved together, in the problem's unit order.

    One group holding every unit when a bank-wide row couples them, unless ``bank_wide`` is False (the
    bank-wide rows are then shared out by the caller).
    """
    names = [u.name for u in problem.units]
    if bank_wide and coupling_reasons(problem):
        return [names]
    parent = {name: name for name in names}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    first_of_group: dict[str, str] = {}
    for unit in problem.units:
        join(unit.name, first_of_group.setdefault(unit.group(), unit.name))
    first_in_pool: dict[str, str] = {}
    for target in problem.targets:
        if target.surplus_pool is not None and target.unit is not None:
            join(target.unit, first_in_pool.setdefault(target.surplus_pool, target.unit))
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(find(name), []).append(name)
    return list(groups.values())


def bank_wide_rows(problem: PlanProblem) -> set[str]:
    """Return the names of the rows that sum over every unit (all of them "≤" rows)."""
    names = {"budget[total]"} if problem.budget is not None else set()
    for t in problem.year_range():
        names |= {f"intake_cap[{t},{c.name}]" for c in problem.channels}
        if problem.budget is not None:
            names.add(f"budget[year {t}]")
        names |= {f"structure[{s.name},year {t}]" for s in problem.structure_goals if s.unit is None}
    return names


def subproblem(problem: PlanProblem, units: list[str], bank_wide_goals: bool = False) -> PlanProblem:
    """Return the plan restricted to ``units``: their targets, structure goals and pools.

    With ``bank_wide_goals`` the structure goals over all units are kept (over these units only), so the
    part has the rows a share of the bank-wide limit can be put on.
    """
    keep = set(units)
    part = copy.copy(problem)
    part.name = f"{problem.name} [{units[0]}{'…' if len(units) > 1 else ''}]"
    part.units = [u for u in problem.units if u.name in keep]
    part.targets = [t for t in problem.targets if t.unit in keep]
    part.structure_goals = [
        s for s in problem.structure_goals if s.unit in keep or (bank_wide_goals and s.unit is None)
    ]
    pools = {t.surplus_pool for t in part.targets}
    part.surplus_pools = [p for p in problem.surplus_pools if p.name in pools]
    return part
