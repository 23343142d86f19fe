"""The plan's goals: headcount targets, surplus caps, workforce structure and budget.

Each goal has a readable name; a solve can switch goals off by name, which is how the smallest set of
conflicting goals is found, and after an LP solve each goal's rows give its shadow price.
"""

from __future__ import annotations

from typing import Any

from solver.plan.model import PlanModel, Term
from solver.plan.problem import StructureGoal, Target


def target_goal_name(target: Target) -> str:
    """Return the goal name of a target's hard limit on shortfall."""
    return f"target[{target.name}]"


def effective_headcount(model: PlanModel, target: Target) -> Any:
    """Return the heads a target counts: staff in its units and grades, short-time staff counting as part."""
    problem = model.problem
    units = [u.name for u in problem.units if target.unit in (None, u.name)]
    grades = [g for g in problem.grades if target.grades is None or g.name in target.grades]
    parts: list[Any] = []
    for u in units:
        for g in grades:
            parts.append(model.closing[target.year, u, g.name])
            if (target.year, u, g.name) in model.short_time and g.short_time is not None:
                parts.append(-(1 - g.short_time.counts_as) * model.short_time[target.year, u, g.name])
    return model.solver.Sum(parts)


def add_targets(model: PlanModel) -> list[Term]:
    """Each year's headcount meets its target: surplus capped and priced, shortfall as penalised slack."""
    problem = model.problem
    terms = []
    for target in problem.targets:
        heads = effective_headcount(model, target)
        surplus, shortfall = model.surplus[target.name], model.shortfall[target.name]
        if target.kind == "share":
            units = [u.name for u in problem.units if target.unit in (None, u.name)]
            total = model.solver.Sum([model.total_staff(target.year, u) for u in units])
            row = model.solver.Add(
                heads - target.value * total - surplus + shortfall == 0, f"target[{target.name}]"
            )
        else:
            row = model.solver.Add(
                heads - surplus + shortfall == target.required_heads(), f"target[{target.name}]"
            )
        model.add_goal_row(target_goal_name(target), row)
        if target.shortfall_max is not None and model.goal_enabled(target_goal_name(target)):
            model.solver.Add(shortfall <= target.shortfall_max, f"shortfall_cap[{target.name}]")
        terms.append(
            Term(f"shortfall {target.name}", "shortfall", shortfall, target.shortfall_cost, target.year)
        )
        terms.append(Term(f"surplus {target.name}", "surplus", surplus, 1.0, target.year))
        if target.surplus_cost:
            terms.append(
                Term(f"surplus {target.name}", "surplus_cost", surplus, target.surplus_cost, target.year)
            )
    return terms


def add_surplus_pools(model: PlanModel) -> list[Term]:
    """The targets sharing a surplus pool are over target by no more than the pool's yearly cap together."""
    problem = model.problem
    for pool in problem.surplus_pools:
        for t in problem.year_range():
            members = [
                model.surplus[x.name] for x in problem.targets if x.surplus_pool == pool.name and x.year == t
            ]
            name = f"surplus_pool[{pool.name},year {t}]"
            if members and model.goal_enabled(name):
                model.add_goal_row(
                    name, model.solver.Add(model.solver.Sum(members) <= pool.max_per_year, name)
                )
    return []


def structure_excess(model: PlanModel, goal: StructureGoal, year: int) -> Any:
    """Return sum(value - bound) over the goal's workforce, a linear form of "average minus bound".

    Stock of grade g at the end of year t carries the grade's mean plus ``drift × t`` (ageing); each hire
    of channel c in year τ keeps its offset ``value_c - value_g - drift × τ`` from the grade's mean,
    weighted by first-year retention. For "new_blood" the value is 1 for the year's hires.
    """
    problem = model.problem
    units = [u.name for u in problem.units if goal.unit in (None, u.name)]
    parts: list[Any] = []
    if goal.attribute == "new_blood":
        for u in units:
            parts += [model.hires[year, u, c.name] for c in problem.channels]
            parts += [-goal.bound * model.closing[year, u, g.name] for g in problem.grades]
        return model.solver.Sum(parts)
    drift = next((a.drift_per_year for a in problem.attributes if a.name == goal.attribute), 0.0)
    for u in units:
        for g in problem.grades:
            mean = g.attributes.get(goal.attribute, 0.0) + drift * year
            parts.append((mean - goal.bound) * model.closing[year, u, g.name])
        for c in problem.channels:
            if goal.attribute not in c.attributes:
                continue
            grade = problem.grade(c.grade)
            for tau in range(1, year + 1):
                offset = (
                    c.attributes[goal.attribute] - grade.attributes.get(goal.attribute, 0.0) - drift * tau
                )
                parts.append(offset * (1 - grade.first_year_rate()) * model.hires[tau, u, c.name])
    return model.solver.Sum(parts)


def add_structure_goals(model: PlanModel) -> list[Term]:
    """Average age stays under its cap and degree, title and new-blood shares over their floors."""
    problem = model.problem
    terms = []
    for goal in problem.structure_goals:
        for t in goal.years or list(problem.year_range()):
            name = f"structure[{goal.name},year {t}]"
            if goal.penalty is None and not model.goal_enabled(name):
                continue
            excess = structure_excess(model, goal, t)
            sign = 1 if goal.sense == "max" else -1
            if goal.penalty is None:
                model.add_goal_row(name, model.solver.Add(sign * excess <= 0, name))
            else:
                slack = model.var(f"structure_slack[{goal.name},{t}]", integer=False)
                model.add_goal_row(name, model.solver.Add(sign * excess - slack <= 0, name))
                terms.append(
                    Term(f"structure {goal.name} year {t}", "structure_violation", slack, goal.penalty, t)
                )
    return terms


def add_budget(model: PlanModel) -> list[Term]:
    """The plan spends no more than the budget a year and in total."""
    budget = model.problem.budget
    if budget is None:
        return []
    solver = model.solver

    def spend(year: int | None) -> Any:
        return solver.Sum([t.unit_cost * t.variable for t in model.cost_terms(year)])

    if budget.max_per_year is not None:
        for t in model.problem.year_range():
            name = f"budget[year {t}]"
            if model.goal_enabled(name):
                model.add_goal_row(name, solver.Add(spend(t) <= budget.max_per_year, name))
    if budget.max_total is not None and model.goal_enabled("budget[total]"):
        model.add_goal_row("budget[total]", solver.Add(spend(None) <= budget.max_total, "budget[total]"))
    return []
