"""The workforce-plan result: flows per year, unit and grade, goal reports and explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from solver.plan.jsonform import from_json, to_json


@dataclass
class FlowRow:
    """What happens to one grade of one unit in one year."""

    year: int
    unit: str
    grade: str
    opening: float
    hires: dict[str, float] = field(default_factory=dict)  # by channel
    moves_in: dict[str, float] = field(default_factory=dict)  # by transition
    moves_out: dict[str, float] = field(default_factory=dict)  # by transition
    exits: dict[str, float] = field(default_factory=dict)  # by exit action, leaving this grade
    demoted_in: dict[str, float] = field(default_factory=dict)  # by exit action, arriving from above
    attrition: float = 0.0
    short_time: float = 0.0
    closing: float = 0.0


@dataclass
class UnitYear:
    """A unit's CM headcount and total staff at the end of one year."""

    year: int
    unit: str
    cm_headcount: float
    total_staff: float
    cm_share: float | None


@dataclass
class GoalReport:
    """Whether a goal binds, what it achieved, and what one more unit of its limit is worth."""

    name: str
    kind: str  # target, surplus_pool, structure, budget, exit_minimum, exit_maximum
    binding: bool
    shadow_price: float | None  # objective change per unit increase of the limit (from the LP relaxation)
    detail: dict[str, float] = field(default_factory=dict)
    explanation: str = ""


@dataclass
class Penalty:
    """One paid objective contribution: what, how much, at what unit price."""

    name: str
    component: str
    quantity: float
    unit_cost: float
    amount: float


@dataclass
class Level:
    """One level of a lexicographic objective and the value it reached."""

    term: str
    value: float


@dataclass
class PlanResult:
    """The solved plan."""

    status: str  # optimal, feasible, infeasible, time_limit, error, stopped (on request, before a plan)
    objective: float | None
    relaxed: bool
    best_bound: float | None = None  # proven bound on the last objective solved (integer runs)
    gap: float | None = None  # relative gap between objective and best bound
    levels: list[Level] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)  # value of every objective term
    flows: list[FlowRow] = field(default_factory=list)
    units: list[UnitYear] = field(default_factory=list)
    goals: list[GoalReport] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)  # smallest set of conflicting goals when infeasible
    explanation: list[str] = field(default_factory=list)
    message: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanResult:
        """Build a result from its JSON form."""
        return from_json(cls, data)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        value = to_json(self)
        assert isinstance(value, dict)
        return value

    def flow(self, year: int, unit: str, grade: str) -> FlowRow:
        """Return the flow row of one year, unit and grade."""
        return next(r for r in self.flows if (r.year, r.unit, r.grade) == (year, unit, grade))
