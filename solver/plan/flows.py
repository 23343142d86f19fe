"""Physical rules of the plan: how headcount flows between years, grades and channels, and what it costs.

Each function states one business rule, adds its rows to the model and returns the objective terms it
creates (empty when the rule only restricts).
"""

from __future__ import annotations

from solver.plan.model import Linear, PlanModel, Term


def add_headcount_balance(model: PlanModel) -> list[Term]:
    """Closing headcount is last year's plus arrivals (hires, moves in) minus departures and wastage."""
    problem = model.problem
    grade_index = {g.name: i for i, g in enumerate(problem.grades)}
    for t in problem.year_range():
        for unit in problem.units:
            u = unit.name
            for g in problem.grades:
                # closing − (opening + arrivals − departures − wastage) = 0
                balance: Linear = [
                    (1.0, model.closing[t, u, g.name]),
                    (-1.0, model.stock(t - 1, u, g.name)),
                    (1.0, model.attrition[t, u, g.name]),
                ]
                balance += [(-1.0, model.hires[t, u, c.name]) for c in problem.channels if c.grade == g.name]
                balance += [
                    (-1.0, model.moves[t, u, k.name]) for k in problem.transitions if k.to_grade == g.name
                ]
                balance += [
                    (1.0, model.moves[t, u, k.name]) for k in problem.transitions if k.from_grade == g.name
                ]
                for a in problem.exit_actions:
                    balance.append((1.0, model.exits[t, u, g.name, a.name]))
                    source = _demotion_source(problem.grades, grade_index[g.name], a.to_grade_offset)
                    if source is not None:
                        balance.append((-1.0, model.exits[t, u, source, a.name]))
                model.add_row(f"balance[{t},{u},{g.name}]", balance, 0.0, 0.0)
                for a in problem.exit_actions:
                    offset = a.to_grade_offset
                    if offset and not 0 <= grade_index[g.name] + offset < len(problem.grades):
                        exit_var = model.exits[t, u, g.name, a.name]
                        model.add_row(f"no_rung[{t},{u},{g.name},{a.name}]", [(1.0, exit_var)], 0.0, 0.0)
    return []


def _demotion_source(grades: list, index: int, offset: int | None) -> str | None:
    """Return the grade whose demotion exits land in grade ``index``, if any."""
    if offset is None or offset == 0:
        return None
    source = index - offset
    return grades[source].name if 0 <= source < len(grades) else None


def add_wastage(model: PlanModel) -> list[Term]:
    """Staff leave at their grade's rate, at the first-year rate for new hires, and after moves and demotions.

    Wastage is an expectation, so headcounts may be fractional; the decisions (hires, moves, exits,
    short-time working) are whole people unless the model is relaxed. With ``wastage: whole_people`` the
    leavers are a whole number within half a person of the expectation (the expectation rounded), so
    every headcount is whole; its LP relaxation keeps the ±0.5 band, a true relaxation.
    """
    problem = model.problem
    grades = {g.name: g for g in problem.grades}
    index = {g.name: i for i, g in enumerate(problem.grades)}
    for t in problem.year_range():
        for unit in problem.units:
            u = unit.name
            for g in problem.grades:
                # leavers − expected leavers
                wastage: Linear = [
                    (1.0, model.attrition[t, u, g.name]),
                    (-g.attrition, model.stock(t - 1, u, g.name)),
                ]
                wastage += [
                    (-g.first_year_rate(), model.hires[t, u, c.name])
                    for c in problem.channels
                    if c.grade == g.name
                ]
                for k in problem.transitions:
                    if k.to_grade == g.name:
                        retention = 1 - grades[k.to_grade].attrition if k.retention is None else k.retention
                        wastage.append((-(1 - retention), model.moves[t, u, k.name]))
                for a in problem.exit_actions:
                    source = _demotion_source(problem.grades, index[g.name], a.to_grade_offset)
                    if source is not None:
                        wastage.append((-(1 - a.retention), model.exits[t, u, source, a.name]))
                if problem.wastage == "whole_people":
                    model.add_row(f"wastage_low[{t},{u},{g.name}]", wastage, lb=-0.5)
                    model.add_row(f"wastage_high[{t},{u},{g.name}]", wastage, ub=0.5)
                else:
                    model.add_row(f"wastage[{t},{u},{g.name}]", wastage, 0.0, 0.0)
    return []


def add_intake_limits(model: PlanModel) -> list[Term]:
    """Each channel hires within its yearly cap and pipeline, and nobody within its lead time."""
    problem = model.problem
    terms = []
    for c in problem.channels:
        for t in problem.year_range():
            hired: Linear = [(1.0, model.hires[t, u.name, c.name]) for u in problem.units]
            if t <= c.lead_time_years:
                model.add_row(f"lead_time[{t},{c.name}]", hired, 0.0, 0.0)
            limits = [c.max_per_year] if c.max_per_year is not None else []
            if c.pipeline is not None:
                limits.append(c.pipeline[t - 1])
            if limits:
                model.add_row(f"intake_cap[{t},{c.name}]", hired, ub=min(limits))
            if c.cost:
                terms += [
                    Term(
                        f"hire {c.name} year {t} {u.name}",
                        "hire_cost",
                        model.hires[t, u.name, c.name],
                        c.cost,
                        t,
                    )
                    for u in problem.units
                ]
    return terms


def add_transition_limits(model: PlanModel) -> list[Term]:
    """Promotions, demotions and retraining stay within their share of a grade's workforce, at their cost."""
    problem = model.problem
    terms = []
    for k in problem.transitions:
        for t in problem.year_range():
            for unit in problem.units:
                move = model.moves[t, unit.name, k.name]
                if k.max_share is not None:
                    basis_year = t - 1 if k.share_basis == "opening" else t
                    workforce = model.stock(basis_year, unit.name, k.share_of_grade or k.from_grade)
                    model.add_row(
                        f"move_share[{t},{unit.name},{k.name}]",
                        [(1.0, move), (-k.max_share, workforce)],
                        ub=0.0,
                    )
                if k.cost:
                    terms.append(
                        Term(f"{k.kind} {k.name} year {t} {unit.name}", "transition_cost", move, k.cost, t)
                    )
    return terms


def add_exit_costs(model: PlanModel) -> list[Term]:
    """Each exit action costs its price for the grade of the person leaving; exits are counted."""
    problem = model.problem
    terms = []
    for (t, u, g, a), exit_var in model.exits.items():
        action = next(x for x in problem.exit_actions if x.name == a)
        terms.append(Term(f"exit {a} year {t} {u} {g}", "exits", exit_var, 1.0, t))
        if action.cost_for(g):
            terms.append(Term(f"exit {a} year {t} {u} {g}", "exit_cost", exit_var, action.cost_for(g), t))
    return terms


def add_short_time_costs(model: PlanModel) -> list[Term]:
    """Short-time working costs its price per person and year."""
    terms = []
    for (t, u, g), var in model.short_time.items():
        spec = model.problem.grade(g).short_time
        assert spec is not None
        terms.append(Term(f"short time year {t} {u} {g}", "short_time_cost", var, spec.cost, t))
    return terms


def add_exit_policy(model: PlanModel) -> list[Term]:
    """Each peer group exits between the policy's yearly min and max (末位淘汰), sparing first-year staff."""
    policy = model.problem.exit_policy
    problem = model.problem
    if policy is None:
        return []
    per_unit = policy.groups_per_unit
    groups: dict[str, list[str]] = {}
    for unit in problem.units:
        groups.setdefault(unit.group(), []).append(unit.name)
    for t in problem.year_range():
        if policy.only_from_opening_stock:
            for unit in problem.units:
                for g in problem.grades:
                    leaving: Linear = [
                        (1.0, model.exits[t, unit.name, g.name, a.name]) for a in problem.exit_actions
                    ]
                    leaving.append((-1.0, model.stock(t - 1, unit.name, g.name)))
                    model.add_row(f"exit_protect[{t},{unit.name},{g.name}]", leaving, ub=0.0)
        if policy.years is not None and t not in policy.years:
            continue
        for group, members in groups.items():
            count: Linear = [
                (1.0, model.exits[t, u, g.name, a.name])
                for u in members
                for g in problem.grades
                for a in problem.exit_actions
            ]
            inside = sum(per_unit.get(u, 1) for u in members) if per_unit else 1
            low, high = f"exit_minimum[{group},year {t}]", f"exit_maximum[{group},year {t}]"
            if model.goal_enabled(low):
                model.add_goal_row(low, model.add_row(low, count, lb=policy.min_per_group * inside))
            if model.goal_enabled(high):
                model.add_goal_row(high, model.add_row(high, count, ub=policy.max_per_group * inside))
    return []
