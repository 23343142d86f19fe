"""The workforce-plan problem (客户经理队伍规划): typed input models and their JSON form.

Years are numbered 1..``years``; year 0 is the opening position. Headcounts are end-of-year (closing)
figures. See ``solver/plan/README.md`` for the JSON form with an example of every field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from solver.plan.jsonform import ProblemFormatError, from_json, to_json


@dataclass
class ShortTime:
    """Short-time working: staff kept on reduced hours count as a fraction of a worker."""

    max_per_year: float  # per unit and year
    cost: float  # per person and year
    counts_as: float = 0.5


@dataclass
class Grade:
    """One rung of the grade ladder (见习 → 初级 → 中级 → 高级 → 资深)."""

    name: str
    attrition: float  # yearly wastage of staff with more than one year of service
    first_year_attrition: float | None = None  # wastage in the first year; defaults to ``attrition``
    label: str = ""
    short_time: ShortTime | None = None
    attributes: dict[str, float] = field(default_factory=dict)  # mean of each attribute over the grade

    def first_year_rate(self) -> float:
        """Return the wastage rate of staff in their first year."""
        return self.attrition if self.first_year_attrition is None else self.first_year_attrition


@dataclass
class Unit:
    """A unit (branch, sub-branch or unit × segment) holding CMs."""

    name: str
    opening: dict[str, float]  # headcount per grade at the start of year 1
    peer_group: str | None = None  # 末位淘汰 ranking group; defaults to the unit itself
    other_staff: list[float] | None = None  # non-CM staff per year 1..N (for share targets)

    def group(self) -> str:
        """Return the peer group this unit ranks in."""
        return self.peer_group or self.name


@dataclass
class Channel:
    """An intake channel (校园招聘, 社会招聘, 柜员转岗, 内部竞聘, referral) entering at one grade."""

    name: str
    grade: str
    kind: str = "campus"
    cost: float = 0.0  # per hire
    max_per_year: float | None = None  # over all units
    max_per_unit_year: float | None = None
    # A yearly cap of its own for some units (e.g. the qualified candidates applying to that unit).
    unit_caps: dict[str, float] | None = None
    pipeline: list[float] | None = None  # qualified candidates available per year 1..N
    from_other_staff: bool = False  # counter staff moving to the front line leave the non-CM staff
    lead_time_years: int = 0  # years before the channel's first hires arrive (e.g. a campus cycle)
    attributes: dict[str, float] = field(default_factory=dict)  # mean attribute of this channel's hires


@dataclass
class Transition:
    """Promotion, demotion or retraining of staff from one grade to another."""

    name: str
    from_grade: str
    to_grade: str
    kind: str = "promotion"  # promotion, demotion or retraining
    cost: float = 0.0
    max_per_year: float | None = None  # per unit and year
    max_share: float | None = None  # of ``share_of_grade``'s workforce in the unit
    share_of_grade: str | None = None  # defaults to ``from_grade``
    share_basis: str = "opening"  # "opening" (start of year) or "closing" (end of year) workforce
    retention: float | None = None  # share that stays after the move; default 1 - attrition of to_grade


@dataclass
class ExitAction:
    """What an exit does (调离): back-office transfer, demotion, retraining (待岗培训) or redundancy."""

    name: str
    cost: dict[str, float] | float = 0.0  # per person, by grade or flat
    label: str = ""
    to_grade_offset: int | None = None  # None: leaves the CM team; -1: one grade down, stays a CM
    retention: float = 1.0  # share of demoted staff who stay
    to_other_staff: bool = False  # joins the unit's non-CM staff (counts in total staff)

    def cost_for(self, grade: str) -> float:
        """Return the cost of this action for one person of ``grade``."""
        return self.cost.get(grade, 0.0) if isinstance(self.cost, dict) else self.cost


@dataclass
class ExitPolicy:
    """Bottom-ranked exits (末位淘汰): a yearly count per peer group between a minimum and a maximum."""

    min_per_group: int = 3
    max_per_group: int = 5
    years: list[int] | None = None  # years the policy applies; all when None
    only_from_opening_stock: bool = True  # first-year staff are protected
    # Peer groups a unit holds when they are finer than the unit (outlets, segments): its group's bounds
    # count each of them once, so every peer group inside still exits between the minimum and the maximum.
    groups_per_unit: dict[str, int] | None = None


@dataclass
class Target:
    """A headcount goal for one year: a count, a share of total staff, or a need from territory workload."""

    name: str
    year: int
    kind: str = "count"  # count, share or workload
    value: float = 0.0  # heads for count, share (0..1) for share
    unit: str | None = None  # None: all units together
    grades: list[str] | None = None  # None: all grades
    workload: float | None = None  # for kind "workload": total territory workload
    capacity_per_cm: float | None = None  # workload one CM carries
    surplus_max: float | None = None  # heads above target allowed; None: unlimited
    surplus_cost: float = 0.0  # per head above target and year
    surplus_pool: str | None = None  # shares a yearly cap with other targets
    shortfall_max: float | None = None  # None: unlimited penalised slack; 0: a hard goal
    shortfall_cost: float = 1.0  # penalty per head short

    def required_heads(self) -> float:
        """Return the heads needed for a count or workload target."""
        if self.kind == "workload":
            if not self.workload or not self.capacity_per_cm:
                raise ProblemFormatError(f"target {self.name}: workload needs workload and capacity_per_cm")
            return float(math.ceil(self.workload / self.capacity_per_cm - 1e-9))
        return self.value


@dataclass
class SurplusPool:
    """A yearly cap on the surplus of several targets together (e.g. overmanning of 150 in total)."""

    name: str
    max_per_year: float


@dataclass
class StructureGoal:
    """A workforce-structure goal: average of an attribute at most/least a bound, or new-blood share."""

    name: str
    attribute: str  # an attribute name, or "new_blood" (hires of the year / closing headcount)
    sense: str  # "max" or "min"
    bound: float
    unit: str | None = None  # None: all units together
    years: list[int] | None = None
    penalty: float | None = None  # per unit of violation (× heads); None: a hard goal


@dataclass
class Attribute:
    """A cohort attribute tracked per grade and channel (age, degree share, title share)."""

    name: str
    drift_per_year: float = 0.0  # 1.0 for age: everyone ages a year a year


@dataclass
class DecisionCap:
    """An upper bound on one decision of one unit in one year, e.g. what the named decisions can fill.

    ``kind``: "hire" (``name`` a channel), "move" (``name`` a transition) or "exit" (``name`` an exit
    action, ``grade`` the grade leaving). The planning loop caps the first year's decisions at what its named
    lists filled, so the re-solved plan asks only for hires, exits and promotions that can be named.
    """

    kind: str
    year: int
    unit: str
    name: str
    max: float
    grade: str | None = None


@dataclass
class Budget:
    """Spending caps on the plan's costs."""

    max_per_year: float | None = None
    max_total: float | None = None


@dataclass
class Objective:
    """Weighted sum of objective terms, or a lexicographic order of them."""

    mode: str = "weighted"  # weighted or lexicographic
    weights: dict[str, float] = field(default_factory=lambda: {"shortfall": 1000.0, "cost": 1.0})
    order: list[str] = field(default_factory=list)
    tolerance: float = 1e-9  # relative slack when fixing an earlier lexicographic level


@dataclass
class PlanProblem:
    """The whole multi-year workforce-plan problem."""

    years: int
    grades: list[Grade]
    units: list[Unit]
    name: str = ""
    channels: list[Channel] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    exit_actions: list[ExitAction] = field(default_factory=list)
    exit_policy: ExitPolicy | None = None
    targets: list[Target] = field(default_factory=list)
    surplus_pools: list[SurplusPool] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    structure_goals: list[StructureGoal] = field(default_factory=list)
    budget: Budget | None = None
    objective: Objective = field(default_factory=Objective)
    caps: list[DecisionCap] = field(default_factory=list)
    # "expected": wastage is rate × stock, headcounts fractional (the textbook model, e.g. Williams);
    # "whole_people": leavers are whole people too, round(rate × stock) (within ±0.5), so headcounts are
    # integers and the integer model is pure-integer.
    wastage: str = "expected"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanProblem:
        """Build and validate a problem from its JSON form."""
        problem = from_json(cls, data)
        problem.validate()
        return problem

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return typing_dict(to_json(self))

    def grade(self, name: str) -> Grade:
        """Return the grade called ``name``."""
        return next(g for g in self.grades if g.name == name)

    def year_range(self) -> range:
        """Return the plan years 1..N."""
        return range(1, self.years + 1)

    def validate(self) -> None:
        """Raise ``ProblemFormatError`` naming the first reference to an unknown grade, unit or pool."""
        grades = {g.name for g in self.grades}
        units = {u.name for u in self.units}
        pools = {p.name for p in self.surplus_pools}
        checks: list[tuple[str, str | None, set[str]]] = []
        for unit in self.units:
            checks += [(f"unit {unit.name} opening", g, grades) for g in unit.opening]
            if unit.other_staff is not None and len(unit.other_staff) != self.years:
                raise ProblemFormatError(f"unit {unit.name}: other_staff needs one value per year")
        checks += [(f"channel {c.name}", c.grade, grades) for c in self.channels]
        checks += [
            (f"channel {c.name} unit_caps", u, units) for c in self.channels for u in c.unit_caps or {}
        ]
        for t in self.transitions:
            checks += [
                (f"transition {t.name}", g, grades) for g in (t.from_grade, t.to_grade, t.share_of_grade)
            ]
        for target in self.targets:
            checks += [
                (f"target {target.name}", target.unit, units),
                (f"target {target.name}", target.surplus_pool, pools),
            ]
            checks += [(f"target {target.name}", g, grades) for g in target.grades or []]
            if not 1 <= target.year <= self.years:
                raise ProblemFormatError(
                    f"target {target.name}: year {target.year} is outside 1..{self.years}"
                )
        checks += [(f"structure goal {s.name}", s.unit, units) for s in self.structure_goals]
        for goal in self.structure_goals:
            missing = [
                g.name
                for g in self.grades
                if goal.attribute != "new_blood" and goal.attribute not in g.attributes
            ]
            if missing:
                raise ProblemFormatError(
                    f"structure goal {goal.name}: grade(s) {', '.join(missing)} lack {goal.attribute!r}"
                )
            if goal.sense not in ("max", "min"):
                raise ProblemFormatError(f"structure goal {goal.name}: sense must be 'max' or 'min'")
        names = {
            "hire": {c.name for c in self.channels},
            "move": {t.name for t in self.transitions},
            "exit": {a.name for a in self.exit_actions},
        }
        for cap in self.caps:
            where = f"cap {cap.kind} {cap.unit} {cap.name}"
            if cap.kind not in names:
                raise ProblemFormatError(f"{where}: kind must be hire, move or exit")
            if not 1 <= cap.year <= self.years:
                raise ProblemFormatError(f"{where}: year {cap.year} is outside 1..{self.years}")
            if cap.kind == "exit" and cap.grade is None:
                raise ProblemFormatError(f"{where}: an exit cap names the grade leaving")
            checks += [
                (where, cap.unit, units),
                (where, cap.name, names[cap.kind]),
                (where, cap.grade, grades),
            ]
        for where, name, known in checks:
            if name is not None and name not in known:
                raise ProblemFormatError(f"{where}: unknown name {name!r}")
        if self.wastage not in ("expected", "whole_people"):
            raise ProblemFormatError(f"wastage: unknown mode {self.wastage!r}; use expected or whole_people")
        if self.objective.mode not in ("weighted", "lexicographic"):
            raise ProblemFormatError(f"objective: unknown mode {self.objective.mode!r}")


def typing_dict(value: Any) -> dict[str, Any]:
    """Narrow a JSON value known to be an object."""
    assert isinstance(value, dict)
    return value
