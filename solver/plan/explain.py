"""Explain a plan: which goals bind and what they are worth, or which goals conflict when none can be met."""

from __future__ import annotations

import logging
import time

from solver.plan.build import build_model
from solver.plan.goals import effective_headcount, target_goal_name
from solver.plan.model import PlanModel
from solver.plan.optimise import SOLVED, optimise, run_solver
from solver.plan.problem import PlanProblem, Target
from solver.plan.result import GoalReport, PlanResult

log = logging.getLogger(__name__)
TOLERANCE = 1e-6


def goal_kind(name: str) -> str:
    """Return the kind of a goal from its name ("target[...]" is a target)."""
    return name.split("[", 1)[0]


def shadow_prices(model: PlanModel, deadline: float) -> dict[str, float]:
    """Return each goal's dual value from the LP relaxation (re-solved when ``model`` is an integer model)."""
    lp = model
    if not model.relax:
        lp = build_model(model.problem, relax=True, disabled_goals=model.disabled_goals)
        status, _ = optimise(lp, deadline)
        if status not in SOLVED:
            log.warning("LP relaxation for shadow prices ended %s", status)
            return {}
    return {
        name: round(sum(row.dual_value() for row in rows), 6) + 0.0 for name, rows in lp.goal_rows.items()
    }


def explain_goals(
    model: PlanModel, result: PlanResult, deadline: float, prices: dict[str, float] | None = None
) -> None:
    """Report every goal: binding or not, its detail and shadow price, with a sentence for planners.

    ``prices``: the goals' shadow prices when they come from elsewhere (a part of a plan solved by shares
    takes them from the whole plan's LP); None: from this model's LP relaxation.
    """
    if prices is None:
        prices = shadow_prices(model, deadline)
    activities = model.activities()
    targets = {target_goal_name(t): t for t in model.problem.targets}
    for name, rows in model.goal_rows.items():
        price = prices.get(name)
        if name in targets:
            report = _target_report(model, targets[name], price)
        else:
            row = rows[0]
            activity = activities[row.index()]
            lower, upper = model.original_bounds.get(row.index(), (row.lb(), row.ub()))
            bound = upper if upper < 1e300 else lower
            binding = abs(activity - bound) <= TOLERANCE * max(1.0, abs(bound))
            report = GoalReport(
                name=name,
                kind=goal_kind(name),
                binding=binding,
                shadow_price=price,
                detail={"activity": round(activity, 6), "limit": round(bound, 6)},
                explanation=f"{name}: {'binds' if binding else 'has slack'} "
                f"(value {activity:.2f}, limit {bound:.2f})" + _price_phrase(price),
            )
        result.goals.append(report)
        if report.binding or report.kind == "target":
            result.explanation.append(report.explanation)
    for penalty in result.penalties:
        if penalty.component in ("shortfall", "structure_violation"):
            result.explanation.append(
                f"paid {penalty.amount:.2f} for {penalty.name} ({penalty.quantity:.2f} short)"
            )


def _target_report(model: PlanModel, target: Target, price: float | None) -> GoalReport:
    """Report one headcount target: what it needs, what the plan has, and whether it binds."""
    heads = model.evaluate(effective_headcount(model, target))
    surplus = model.surplus[target.name].solution_value()
    shortfall = model.shortfall[target.name].solution_value()
    required = heads - surplus + shortfall
    binding = surplus <= TOLERANCE
    where = target.unit or "all units"
    state = (
        f"short by {shortfall:.2f}"
        if shortfall > TOLERANCE
        else ("met exactly" if binding else f"exceeded by {surplus:.2f}")
    )
    return GoalReport(
        name=target_goal_name(target),
        kind="target",
        binding=binding,
        shadow_price=price,
        detail={
            "required": round(required, 6) + 0.0,
            "achieved": round(heads, 6) + 0.0,
            "surplus": round(surplus, 6) + 0.0,
            "shortfall": round(shortfall, 6) + 0.0,
        },
        explanation=f"target {target.name} ({where}, year {target.year}) needs {required:.2f}, plan has "
        f"{heads:.2f}: {state}" + _price_phrase(price, "one more head required"),
    )


def _price_phrase(price: float | None, what: str = "one more unit of the limit") -> str:
    """Say what a shadow price means in words."""
    if price is None or abs(price) <= TOLERANCE:
        return ""
    return f"; {what} changes the objective by {price:+.2f}"


def find_conflict(problem: PlanProblem, relax: bool, deadline: float) -> list[str]:
    """Return a smallest set of goals that cannot all be met (deletion filter over the goals)."""
    all_goals = build_model(problem, relax).goal_names

    def feasible(kept: list[str]) -> bool:
        model = build_model(problem, relax, frozenset(all_goals) - frozenset(kept))
        model.minimise([])
        status = run_solver(model, max(deadline, time.monotonic() + 5.0))
        return status != "infeasible"  # unknown counts as feasible: the goal stays in the set

    if feasible([]):
        if feasible(all_goals):
            return []
        conflict = list(all_goals)
        for goal in list(conflict):
            trial = [g for g in conflict if g != goal]
            if not feasible(trial):
                conflict = trial
        return conflict
    return ["fixed rules (balance, caps or protections) without any goal"]
