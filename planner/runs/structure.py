"""The CM team's structure metrics of a run: before the plan, after each plan year, after the named decisions.

Computed once, when the run's result is stored, from the run's own inputs (the snapshot) and results, never
from the bank's data of the day a page is read: average age, the share with a bachelor's degree or higher,
the share with a mid-level title or higher, and the share of new blood (the year's hires among the CMs).

- before: the base year's team as the plan starts from it (each grade's averages weighted by its CMs; the
  new-blood share counts the CMs in their first year);
- plan: the averages the plan's structure goals bound at the end of each year (``solver.plan.readout``), so a
  goal's value here is the one the plan optimised;
- named: the team after the first year's named exits and hires (demoted CMs stay; everyone in post a year
  older, hires at their age), before the year's attrition, which the named lists do not name.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.runs.pipeline import SOLVED_PLAN, Outcome, leaving
from planner.scenarios.adapter import SolverInputs
from solver.plan.problem import StructureGoal
from solver.plan.readout import structure_by_year

# The metrics in the order the page shows them; the plan tracks the first three as cohort attributes.
METRICS = ("age", "bachelor", "mid_title", "new_blood")
# A value within this of the goal's bound meets it (the plan's whole-person rounding noise).
TOLERANCE = 1e-6


@dataclass(frozen=True)
class StructureValue:
    """One metric in one year from one source, with the goal that applies and whether it is met."""

    year: int  # calendar year
    source: str  # before, plan, named
    metric: str
    value: float | None
    goal: float | None = None
    sense: str = ""
    met: bool | None = None


def structure_values(inputs: SolverInputs, outcome: Outcome) -> list[StructureValue]:
    """Return every structure metric of the run: before, after each plan year, after the named decisions."""
    problem, base = inputs.plan, inputs.base_year
    goals = {g.attribute: g for g in problem.structure_goals if g.unit is None}
    solved = outcome.plan.status in SOLVED_PLAN and bool(outcome.plan.flows)
    by_year = structure_by_year(problem, outcome.plan)
    before = dict(by_year[0])
    before["new_blood"] = _first_year_share(inputs)
    out = [_judged(base, "before", metric, before.get(metric), goals.get(metric), None) for metric in METRICS]
    if solved:
        for year in problem.year_range():
            out += [
                _judged(base + year, "plan", metric, by_year[year].get(metric), goals.get(metric), year)
                for metric in METRICS
            ]
    named = _after_named_decisions(inputs, outcome)
    if named is not None:
        out += [_judged(base + 1, "named", m, named.get(m), goals.get(m), 1) for m in METRICS]
    return out


def _judged(
    year: int,
    source: str,
    metric: str,
    value: float | None,
    goal: StructureGoal | None,
    plan_year: int | None,
) -> StructureValue:
    """Attach the goal (if it applies in ``plan_year``; before the plan: any goal) and whether it is met."""
    if goal is None or (plan_year is not None and goal.years is not None and plan_year not in goal.years):
        return StructureValue(year, source, metric, value)
    met = None
    if value is not None:
        met = value <= goal.bound + TOLERANCE if goal.sense == "max" else value >= goal.bound - TOLERANCE
    return StructureValue(year, source, metric, value, goal.bound, goal.sense, met)


def _first_year_share(inputs: SolverInputs) -> float | None:
    """Return the share of the base year's CMs in their first year as CMs (the team's new blood)."""
    managers = inputs.selection.managers
    if not managers:
        return None
    return sum(1 for m in managers if m.years_of_service < 1) / len(managers)


def _after_named_decisions(inputs: SolverInputs, outcome: Outcome) -> dict[str, float | None] | None:
    """Return the metrics of the team after the named exits and hires (None: no named decisions, or a
    snapshot without the CMs' attributes)."""
    selection = outcome.selection
    managers = inputs.selection.managers
    if selection is None or not managers or any(not m.attributes for m in managers):
        return None
    drift = {a.name: a.drift_per_year for a in inputs.plan.attributes}
    channels = {c.name: c for c in inputs.plan.channels}
    candidates = {c.id: c for c in inputs.selection.candidates}
    gone = leaving(selection)
    people: list[dict[str, float]] = [
        {key: value + drift.get(key, 0.0) for key, value in m.attributes.items()}
        for m in managers
        if m.id not in gone
    ]
    for hire in selection.hires:
        own = candidates[hire.candidate].attributes if hire.candidate in candidates else {}
        entry = channels[hire.channel].attributes if hire.channel in channels else {}
        people.append({metric: own.get(metric, entry.get(metric, 0.0)) for metric in METRICS[:3]})
    if not people:
        return None
    values: dict[str, float | None] = {
        metric: sum(p.get(metric, 0.0) for p in people) / len(people) for metric in METRICS[:3]
    }
    values["new_blood"] = len(selection.hires) / len(people)
    return values
