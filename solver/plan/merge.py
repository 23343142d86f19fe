"""Add up the results of parts solved apart into one plan result."""

from __future__ import annotations

from solver.plan.problem import PlanProblem
from solver.plan.result import Level, PlanResult


def merge_results(problem: PlanProblem, results: list[PlanResult]) -> PlanResult:
    """Add up the results of independent parts: levels, terms and objective are sums, rows are joined."""
    status = "optimal" if all(r.status == "optimal" for r in results) else "feasible"
    merged = PlanResult(status=status, objective=None, relaxed=False)
    if problem.objective.mode == "lexicographic":
        order = problem.objective.order
        merged.levels = [
            Level(term=term, value=round(sum(_level(r, term) for r in results), 6) + 0.0) for term in order
        ]
        merged.objective = merged.levels[-1].value if merged.levels else 0.0
    else:
        merged.objective = round(sum(r.objective or 0.0 for r in results), 6)
    # Each part's absolute gap is on its own last level; the whole is within their sum of the optimum.
    slack = sum(abs((r.objective or 0.0) - r.best_bound) for r in results if r.best_bound is not None)
    merged.best_bound = round(merged.objective - slack, 6)
    merged.gap = round(slack / max(1.0, abs(merged.objective)), 6)
    terms = {name for r in results for name in r.terms}
    merged.terms = {name: round(sum(r.terms.get(name, 0.0) for r in results), 6) for name in sorted(terms)}
    for r in results:
        merged.flows += r.flows
        merged.units += r.units
        merged.goals += r.goals
        merged.penalties += r.penalties
        merged.explanation += r.explanation
    order_of = {u.name: i for i, u in enumerate(problem.units)}
    merged.flows.sort(key=lambda row: (row.year, order_of[row.unit]))
    merged.units.sort(key=lambda row: (row.year, order_of[row.unit]))
    merged.message = f"solved as {len(results)} independent parts (no bank-wide goal or cap couples them)"
    return merged


def _level(result: PlanResult, term: str) -> float:
    """Return a part's value of one lexicographic level (0 when the part never reached it)."""
    return next((level.value for level in result.levels if level.term == term), 0.0)
