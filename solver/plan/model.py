"""The plan's decision variables and the bookkeeping shared by its constraint builders."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.linear_solver import linear_solver_pb2, pywraplp

from solver.plan.problem import DecisionCap, PlanProblem

Key = tuple[Any, ...]
# A linear form as (coefficient, variable or number) pairs. Rows are built from these with the solver's
# direct API instead of OR-Tools' operator overloading, which built and walked an expression tree for
# every row (measured: a unit of the bank, objective included, 11.5 ms → 8 ms to build).
Linear = list[tuple[float, Any]]

# Components of the money objective "cost"; penalties such as shortfall are kept apart.
COST_COMPONENTS = ("hire_cost", "transition_cost", "exit_cost", "short_time_cost", "surplus_cost")


@dataclass
class Term:
    """One named objective contribution: ``unit_cost`` times ``variable``, filed under a component."""

    name: str
    component: str
    variable: Any
    unit_cost: float
    year: int | None = None


@dataclass
class PlanModel:
    """A linear or integer model of one plan problem, with its variables by key and its goal rows by name."""

    problem: PlanProblem
    solver: pywraplp.Solver
    relax: bool
    disabled_goals: frozenset[str] = frozenset()
    closing: dict[Key, Any] = field(default_factory=dict)  # (year, unit, grade)
    attrition: dict[Key, Any] = field(default_factory=dict)  # (year, unit, grade)
    hires: dict[Key, Any] = field(default_factory=dict)  # (year, unit, channel)
    moves: dict[Key, Any] = field(default_factory=dict)  # (year, unit, transition)
    exits: dict[Key, Any] = field(default_factory=dict)  # (year, unit, grade, action)
    short_time: dict[Key, Any] = field(default_factory=dict)  # (year, unit, grade)
    surplus: dict[str, Any] = field(default_factory=dict)  # target name
    shortfall: dict[str, Any] = field(default_factory=dict)  # target name
    terms: list[Term] = field(default_factory=list)
    goal_rows: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    goal_names: list[str] = field(default_factory=list)
    original_bounds: dict[int, tuple[float, float]] = field(default_factory=dict)  # rows tightened by levels
    mip_gap: float = 1e-4  # relative gap at which SCIP stops and calls the plan optimal
    max_floors: int = 99  # leading zero-floor levels an integer lexicographic solve may first fix at zero

    def var(self, name: str, ub: float | None = None, integer: bool = True) -> Any:
        """Create a non-negative variable, integer unless the model is relaxed."""
        upper = math.inf if ub is None else ub
        if integer and not self.relax:
            return self.solver.IntVar(0, upper, name)
        return self.solver.NumVar(0, upper, name)

    def stock(self, year: int, unit: str, grade: str) -> Any:
        """Return the closing headcount of ``year`` (year 0 is the opening headcount)."""
        if year == 0:
            return next(u for u in self.problem.units if u.name == unit).opening.get(grade, 0.0)
        return self.closing[year, unit, grade]

    def goal_enabled(self, name: str) -> bool:
        """Record ``name`` as a goal and say whether it is switched on for this solve."""
        self.goal_names.append(name)
        return name not in self.disabled_goals

    def add_goal_row(self, name: str, row: Any) -> None:
        """Remember a goal's constraint row so its dual can be read after an LP solve."""
        self.goal_rows[name].append(row)

    def add_row(self, name: str, terms: Linear, lb: float = -math.inf, ub: float = math.inf) -> Any:
        """Add the row ``lb ≤ Σ coefficient × variable ≤ ub``; numbers among the terms move to the bounds."""
        coefficients, constant = _collect(terms)
        row = self.solver.Constraint(lb - constant, ub - constant, name)
        for var, coefficient in coefficients.items():
            row.SetCoefficient(var, coefficient)
        return row

    def minimise(self, terms: Linear) -> None:
        """Make ``Σ coefficient × variable`` (numbers are its offset) the objective to minimise."""
        objective = self.solver.Objective()
        objective.Clear()
        coefficients, constant = _collect(terms)
        for var, coefficient in coefficients.items():
            objective.SetCoefficient(var, coefficient)
        objective.SetOffset(constant)
        objective.SetMinimization()

    def activities(self) -> list[float]:
        """Return every row's activity in the last solution, by row index, each summed exactly.

        Not ``ComputeConstraintActivities``: it adds a row's terms in the order of a hash map keyed by the
        variables' addresses, so the last bits of a sum differ from process to process, and a level held
        at that activity changed the next LP's optimum (the 40-unit bank's LP shares differed run to run).
        """
        proto = linear_solver_pb2.MPModelProto()
        self.solver.ExportModelToProto(proto)
        values = [v.solution_value() for v in self.solver.variables()]
        return [
            math.fsum(c * values[j] for j, c in zip(row.var_index, row.coefficient, strict=True))
            for row in proto.constraint
        ]

    @staticmethod
    def evaluate(terms: Linear) -> float:
        """Return the value of a linear form in the last solution."""
        return sum(c * (x if isinstance(x, int | float) else x.solution_value()) for c, x in terms)

    def total_staff(self, year: int, unit: str) -> Linear:
        """Return the unit's total staff: CMs plus other staff, after transfers in and out of the CM team."""
        problem = self.problem
        spec = next(u for u in problem.units if u.name == unit)
        terms: Linear = [(1.0, spec.other_staff[year - 1] if spec.other_staff else 0.0)]
        terms += [(1.0, self.closing[year, unit, g.name]) for g in problem.grades]
        for y in range(1, year + 1):
            terms += [
                (1.0, self.exits[y, unit, g.name, a.name])
                for g in problem.grades
                for a in problem.exit_actions
                if a.to_other_staff
            ]
            terms += [(-1.0, self.hires[y, unit, c.name]) for c in problem.channels if c.from_other_staff]
        return terms

    def cost_terms(self, year: int | None = None) -> list[Term]:
        """Return the money terms, for one year or all."""
        return [t for t in self.terms if t.component in COST_COMPONENTS and (year is None or t.year == year)]


def _collect(terms: Linear) -> tuple[dict[Any, float], float]:
    """Return a linear form's coefficient per variable (repeated variables added up) and its constant."""
    coefficients: dict[Any, float] = {}
    constant = 0.0
    for coefficient, x in terms:
        if isinstance(x, int | float):
            constant += coefficient * x
        else:
            coefficients[x] = coefficients.get(x, 0.0) + coefficient
    return coefficients, constant


def create_variables(model: PlanModel) -> None:
    """Create every flow and stock variable of the plan."""
    problem = model.problem
    for t in problem.year_range():
        for unit in problem.units:
            u = unit.name
            for g in problem.grades:
                # Headcounts carry expected wastage, so they are fractional unless leavers are whole people;
                # decisions are whole people.
                whole = problem.wastage == "whole_people"
                model.closing[t, u, g.name] = model.var(f"closing[{t},{u},{g.name}]", integer=whole)
                model.attrition[t, u, g.name] = model.var(f"attrition[{t},{u},{g.name}]", integer=whole)
                if g.short_time is not None:
                    model.short_time[t, u, g.name] = model.var(
                        f"short_time[{t},{u},{g.name}]", ub=g.short_time.max_per_year
                    )
                for a in problem.exit_actions:
                    model.exits[t, u, g.name, a.name] = model.var(f"exit[{t},{u},{g.name},{a.name}]")
            for c in problem.channels:
                caps = [c.max_per_unit_year, (c.unit_caps or {}).get(u)]
                known = [cap for cap in caps if cap is not None]
                model.hires[t, u, c.name] = model.var(f"hire[{t},{u},{c.name}]", ub=min(known, default=None))
            for k in problem.transitions:
                model.moves[t, u, k.name] = model.var(f"move[{t},{u},{k.name}]", ub=k.max_per_year)
    for cap in problem.caps:
        _apply_cap(model, cap)
    for target in problem.targets:
        model.surplus[target.name] = model.var(
            f"surplus[{target.name}]", ub=target.surplus_max, integer=False
        )
        model.shortfall[target.name] = model.var(f"shortfall[{target.name}]", integer=False)


def _apply_cap(model: PlanModel, cap: DecisionCap) -> None:
    """Lower a decision variable's upper bound to the cap (a cap on a unit outside this model is skipped)."""
    if cap.kind == "hire":
        var = model.hires.get((cap.year, cap.unit, cap.name))
    elif cap.kind == "move":
        var = model.moves.get((cap.year, cap.unit, cap.name))
    else:
        var = model.exits.get((cap.year, cap.unit, cap.grade, cap.name))
    if var is not None:
        var.SetUb(max(0.0, min(var.ub(), cap.max)))
