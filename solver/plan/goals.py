"""The plan's goals: headcount targets, surplus caps, workforce structure and budget.

Each goal has a readable name; a solve can switch goals off by name, which is how the smallest set of
conflicting goals is found, and after an LP solve each goal's rows give its shadow price.
"""

from __future__ import annotations

from solver.plan.model import Linear, PlanModel, Term
from solver.plan.problem import PlanProblem, StructureGoal, Target


def target_goal_name(target: Target) -> str:
    """Return the goal name of a target's hard limit on shortfall."""
    return f"target[{target.name}]"


def effective_headcount(model: PlanModel, target: Target) -> Linear:
    """Return the heads a target counts: staff in its units and grades, short-time staff counting as part."""
    problem = model.problem
    units = [u.name for u in problem.units if target.unit in (None, u.name)]
    grades = [g for g in problem.grades if target.grades is None or g.name in target.grades]
    terms: Linear = []
    for u in units:
        for g in grades:
            terms.append((1.0, model.closing[target.year, u, g.name]))
            if (target.year, u, g.name) in model.short_time and g.short_time is not None:
                terms.append((-(1 - g.short_time.counts_as), model.short_time[target.year, u, g.name]))
    return terms


def add_targets(model: PlanModel) -> list[Term]:
    """Each year's headcount meets its target: surplus capped and priced, shortfall as penalised slack."""
    problem = model.problem
    terms: list[Term] = []
    for target in problem.targets:
        surplus, shortfall = model.surplus[target.name], model.shortfall[target.name]
        # heads − surplus + shortfall = required
        balance = [*effective_headcount(model, target), (-1.0, surplus), (1.0, shortfall)]
        if target.kind == "share":
            for u in problem.units:
                if target.unit in (None, u.name):
                    balance += [(-target.value * c, x) for c, x in model.total_staff(target.year, u.name)]
            required = 0.0
        else:
            required = target.required_heads()
        row = model.add_row(f"target[{target.name}]", balance, required, required)
        model.add_goal_row(target_goal_name(target), row)
        if target.shortfall_max is not None and model.goal_enabled(target_goal_name(target)):
            model.add_row(f"shortfall_cap[{target.name}]", [(1.0, shortfall)], ub=target.shortfall_max)
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
            members: Linear = [
                (1.0, model.surplus[x.name])
                for x in problem.targets
                if x.surplus_pool == pool.name and x.year == t
            ]
            name = f"surplus_pool[{pool.name},year {t}]"
            if members and model.goal_enabled(name):
                model.add_goal_row(name, model.add_row(name, members, ub=pool.max_per_year))
    return []


# A headcount or decision of the plan: ("closing", year, unit, grade) or ("hire", year, unit, channel).
CohortKey = tuple[str, int, str, str]


def cohort_terms(
    problem: PlanProblem, attribute: str, year: int, units: list[str]
) -> list[tuple[float, CohortKey]]:
    """Return the workforce's total of ``attribute`` at the end of ``year`` over ``units`` (linear).

    Stock of grade g at the end of year t carries the grade's mean plus ``drift × t`` (ageing); each hire
    of channel c in year τ keeps its offset ``value_c - value_g - drift × τ`` from the grade's mean,
    weighted by first-year retention. For "new_blood" the value is 1 for the year's hires. Divided by the
    closing headcount (``headcount_terms``) it is the average the structure goals bound; the goals and the
    stored structure metrics both read it from here.
    """
    terms: list[tuple[float, CohortKey]] = []
    if attribute == "new_blood":
        for u in units:
            terms += [(1.0, ("hire", year, u, c.name)) for c in problem.channels]
        return terms
    drift = next((a.drift_per_year for a in problem.attributes if a.name == attribute), 0.0)
    for u in units:
        for g in problem.grades:
            terms.append((g.attributes.get(attribute, 0.0) + drift * year, ("closing", year, u, g.name)))
        for c in problem.channels:
            if attribute not in c.attributes:
                continue
            grade = problem.grade(c.grade)
            for tau in range(1, year + 1):
                offset = c.attributes[attribute] - grade.attributes.get(attribute, 0.0) - drift * tau
                terms.append((offset * (1 - grade.first_year_rate()), ("hire", tau, u, c.name)))
    return terms


def headcount_terms(problem: PlanProblem, year: int, units: list[str]) -> list[tuple[float, CohortKey]]:
    """Return the closing headcount of ``year`` over ``units``, keyed like ``cohort_terms``."""
    return [(1.0, ("closing", year, u, g.name)) for u in units for g in problem.grades]


def structure_excess(model: PlanModel, goal: StructureGoal, year: int) -> Linear:
    """Return sum(value - bound) over the goal's workforce, a linear form of "average minus bound"."""
    problem = model.problem
    units = [u.name for u in problem.units if goal.unit in (None, u.name)]
    tables = {"closing": model.closing, "hire": model.hires}
    terms: Linear = [
        (c, tables[kind][t, u, name])
        for c, (kind, t, u, name) in cohort_terms(problem, goal.attribute, year, units)
    ]
    terms += [
        (-goal.bound, model.closing[t, u, g]) for _, (_, t, u, g) in headcount_terms(problem, year, units)
    ]
    return terms


def add_structure_goals(model: PlanModel) -> list[Term]:
    """Average age stays under its cap and degree, title and new-blood shares over their floors."""
    problem = model.problem
    terms = []
    for goal in problem.structure_goals:
        for t in goal.years or list(problem.year_range()):
            name = f"structure[{goal.name},year {t}]"
            if goal.penalty is None and not model.goal_enabled(name):
                continue
            sign = 1.0 if goal.sense == "max" else -1.0
            excess = [(sign * c, x) for c, x in structure_excess(model, goal, t)]
            if goal.penalty is None:
                model.add_goal_row(name, model.add_row(name, excess, ub=0.0))
            else:
                slack = model.var(f"structure_slack[{goal.name},{t}]", integer=False)
                model.add_goal_row(name, model.add_row(name, [*excess, (-1.0, slack)], ub=0.0))
                terms.append(
                    Term(f"structure {goal.name} year {t}", "structure_violation", slack, goal.penalty, t)
                )
    return terms


def add_budget(model: PlanModel) -> list[Term]:
    """The plan spends no more than the budget a year and in total."""
    budget = model.problem.budget
    if budget is None:
        return []

    def spend(year: int | None) -> Linear:
        return [(t.unit_cost, t.variable) for t in model.cost_terms(year)]

    if budget.max_per_year is not None:
        for t in model.problem.year_range():
            name = f"budget[year {t}]"
            if model.goal_enabled(name):
                model.add_goal_row(name, model.add_row(name, spend(t), ub=budget.max_per_year))
    if budget.max_total is not None and model.goal_enabled("budget[total]"):
        model.add_goal_row("budget[total]", model.add_row("budget[total]", spend(None), ub=budget.max_total))
    return []
