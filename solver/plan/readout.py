"""Read a solved plan model back: flows per year, unit and grade, unit totals, objective terms, penalties."""

from __future__ import annotations

from typing import Any

from solver.plan.build import OBJECTIVE_TERMS, term_components
from solver.plan.goals import cohort_terms, headcount_terms
from solver.plan.model import PlanModel
from solver.plan.problem import PlanProblem
from solver.plan.result import FlowRow, Level, Penalty, PlanResult, UnitYear


def value(var: Any) -> float:
    """Return a variable's value (or a constant), rounded to suppress solver noise."""
    raw = var.solution_value() if hasattr(var, "solution_value") else float(var)
    return round(raw, 6) + 0.0


def read_result(model: PlanModel, status: str, levels: list[Level]) -> PlanResult:
    """Read flows, unit totals, objective terms and paid penalties from a solved model."""
    problem = model.problem
    result = PlanResult(
        status=status,
        objective=round(model.solver.Objective().Value(), 6),
        relaxed=model.relax,
        levels=levels,
    )
    if not model.relax and result.objective is not None:
        bound = model.solver.Objective().BestBound()
        result.best_bound = round(bound, 6)
        result.gap = round(abs(result.objective - bound) / max(1.0, abs(result.objective)), 6)
    by_component: dict[str, float] = {}
    for term in model.terms:
        amount = term.unit_cost * term.variable.solution_value()
        by_component[term.component] = by_component.get(term.component, 0.0) + amount
    result.terms = {
        name: round(sum(by_component.get(c, 0.0) for c in term_components(name)), 6) + 0.0
        for name in OBJECTIVE_TERMS
    }
    index = {g.name: i for i, g in enumerate(problem.grades)}
    for t in problem.year_range():
        for unit in problem.units:
            u = unit.name
            for g in problem.grades:
                row = FlowRow(year=t, unit=u, grade=g.name, opening=value(model.stock(t - 1, u, g.name)))
                row.hires = {
                    c.name: value(model.hires[t, u, c.name]) for c in problem.channels if c.grade == g.name
                }
                row.moves_in = {
                    k.name: value(model.moves[t, u, k.name])
                    for k in problem.transitions
                    if k.to_grade == g.name
                }
                row.moves_out = {
                    k.name: value(model.moves[t, u, k.name])
                    for k in problem.transitions
                    if k.from_grade == g.name
                }
                row.exits = {a.name: value(model.exits[t, u, g.name, a.name]) for a in problem.exit_actions}
                for a in problem.exit_actions:
                    source = index[g.name] - (a.to_grade_offset or 0)
                    if a.to_grade_offset and 0 <= source < len(problem.grades):
                        row.demoted_in[a.name] = value(model.exits[t, u, problem.grades[source].name, a.name])
                row.attrition = value(model.attrition[t, u, g.name])
                row.short_time = value(model.short_time.get((t, u, g.name), 0.0))
                row.closing = value(model.closing[t, u, g.name])
                result.flows.append(row)
            cm = sum(value(model.closing[t, u, g.name]) for g in problem.grades)
            total = round(model.evaluate(model.total_staff(t, u)), 6)
            share = round(cm / total, 6) if unit.other_staff is not None and total > 0 else None
            result.units.append(UnitYear(year=t, unit=u, cm_headcount=cm, total_staff=total, cm_share=share))
    for term in model.terms:
        quantity = value(term.variable)
        if abs(quantity) > 1e-6 and term.component not in ("exits", "surplus"):
            amount = round(quantity * term.unit_cost, 6)
            result.penalties.append(Penalty(term.name, term.component, quantity, term.unit_cost, amount))
    return result


def structure_metrics(problem: PlanProblem) -> list[str]:
    """Return a plan's structure metrics: its tracked attributes, those its goals bound, new blood."""
    names = [a.name for a in problem.attributes]
    names += [g.attribute for g in problem.structure_goals if g.attribute not in names]
    return [*[n for n in names if n != "new_blood"], "new_blood"]


def structure_by_year(
    problem: PlanProblem, result: PlanResult, units: list[str] | None = None
) -> dict[int, dict[str, float | None]]:
    """Return the average of each structure metric over ``units`` (all: None) at the end of every year.

    Year 0 is the opening team (its new-blood share is unknown to the plan: None). The averages are the
    ones the plan's structure goals bound (``goals.cohort_terms`` over the closing headcount), read from the
    result's flows, so a goal's "after" value is exactly what the plan optimised. A metric some grade lacks
    is None.
    """
    names = units if units is not None else [u.name for u in problem.units]
    metrics = structure_metrics(problem)
    closing: dict[tuple[int, str, str], float] = {}
    hires: dict[tuple[int, str, str], float] = {}
    for row in result.flows:
        closing[row.year, row.unit, row.grade] = row.closing
        for channel, hired in row.hires.items():
            hires[row.year, row.unit, channel] = hired
    values = {"closing": closing, "hire": hires}

    def tracked(metric: str) -> bool:
        return metric == "new_blood" or all(metric in g.attributes for g in problem.grades)

    opening = [u for u in problem.units if u.name in set(names)]
    heads0 = sum(u.opening.get(g.name, 0.0) for u in opening for g in problem.grades)
    out: dict[int, dict[str, float | None]] = {0: {}}
    for metric in metrics:
        total0 = sum(
            u.opening.get(g.name, 0.0) * g.attributes.get(metric, 0.0)
            for u in opening
            for g in problem.grades
        )
        known = heads0 > 0 and metric != "new_blood" and tracked(metric)
        out[0][metric] = total0 / heads0 if known else None
    for year in problem.year_range():
        heads = sum(
            c * values[k].get((t, u, n), 0.0) for c, (k, t, u, n) in headcount_terms(problem, year, names)
        )
        out[year] = {}
        for metric in metrics:
            if heads <= 0 or not tracked(metric):
                out[year][metric] = None
                continue
            terms = cohort_terms(problem, metric, year, names)
            out[year][metric] = sum(c * values[k].get((t, u, n), 0.0) for c, (k, t, u, n) in terms) / heads
    return out
