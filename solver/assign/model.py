"""Typed input and result of territory assignment, with their JSON form (see README.md in this package).

Two shapes share one problem type: with ``territories`` the CMs are assigned to territories (each territory
needs ``need`` CMs); with ``grids`` the grids are assigned to CMs (网格化: each grid uses part of a CM's
``capacity``). Grades are ordered levels: 见习 trainee < 初级 junior < 中级 intermediate < 高级 senior <
资深 principal.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

GRADES = ("trainee", "junior", "intermediate", "senior", "principal")
SEGMENTS = ("retail", "corporate", "small_business", "agriculture")  # 零售 对公 小微 三农


def grade_level(grade: str, ladder: tuple[str, ...] | list[str] = GRADES) -> int:
    """Return the position of a grade on ``ladder`` (lowest first; the default ladder's trainee = 0)."""
    try:
        return list(ladder).index(grade)
    except ValueError:
        raise ValueError(f"unknown grade {grade!r}; expected one of {tuple(ladder)}") from None


@dataclass
class Unit:
    """An outlet (网点) or team that owns territories; avoidance and senior rules can work per unit."""

    id: str
    x: float = 0.0  # km, on a local plane
    y: float = 0.0


@dataclass
class Territory:
    """A territory that needs ``need`` CMs of its segment, grade and competencies."""

    id: str
    unit: str
    segment: str = "retail"
    need: int = 1
    min_grade: str = "trainee"
    competency_min: dict[str, int] = field(default_factory=dict)  # skill -> minimum score
    x: float | None = None  # defaults to the unit's location
    y: float | None = None


@dataclass
class Manager:
    """A customer manager (客户经理) with grade, segments, competencies, home and current post."""

    id: str
    grade: str = "junior"
    segments: list[str] = field(default_factory=lambda: ["retail"])
    competencies: dict[str, int] = field(default_factory=dict)
    home_x: float = 0.0
    home_y: float = 0.0
    current: str | None = None  # current territory (shape 1); unused for grids
    years: float = 0.0  # years in the current territory
    capacity: int = 0  # workload units the CM can carry (shape 2)


@dataclass
class Grid:
    """A grid (网格) of customers with a workload that one CM serves (shape 2)."""

    id: str
    workload: int
    x: float = 0.0
    y: float = 0.0
    segment: str = "retail"
    current: str | None = None  # CM serving it today


@dataclass
class Rules:
    """Which rules are on, whether they are hard, and what they weigh (cost units per unit of breach)."""

    segment: bool = True
    segment_hard: bool = True
    segment_weight: float = 50.0
    grade: bool = True
    grade_hard: bool = True
    grade_weight: float = 30.0  # per level below the minimum
    competency: bool = True
    competency_hard: bool = False
    competency_weight: float = 1.0  # per point below a threshold
    senior: bool = True
    senior_hard: bool = False
    senior_grade: str = "senior"
    senior_scope: str = "territory"  # "territory" or "unit"
    senior_weight: float = 200.0
    rotation: bool = True
    rotation_years: float = 3.0  # more than this: should move (soft)
    rotation_must_years: float = 5.0  # at least this: must move (hard)
    rotation_weight: float = 40.0
    avoidance: bool = True
    avoidance_hard: bool = True
    avoidance_weight: float = 500.0
    pins: bool = True
    forbidden: bool = True
    continuity: bool = True
    move_cost: float = 10.0
    max_moves: int | None = None
    travel: bool = True
    travel_weight: float = 1.0  # per km
    travel_max_km: float | None = None
    travel_from: str = "home"  # "home" or "outlet" (the unit of the current territory)
    balance: bool = False
    balance_mode: str = "deviation"  # "deviation" from the mean load, or "max" load
    balance_weight: float = 1.0  # per workload unit
    shortfall_weight: float = 1000.0  # per missing CM (or workload unit over capacity in shape 2)
    surplus_weight: float = 1000.0  # per extra CM
    shortfall_hard: bool = False
    unassigned_weight: float = 5000.0  # per CM (or grid) left without a territory (CM)
    assign_all_hard: bool = False
    candidates_per_manager: int = 30  # keep the k cheapest territories of each CM (plus current and pins)
    candidates_per_territory: int = 10  # and the k cheapest CMs of each territory


@dataclass
class Problem:
    """A territory-assignment scenario: the org, the people, the rules."""

    units: list[Unit] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    managers: list[Manager] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    avoidance: list[tuple[str, str]] = field(default_factory=list)  # linked CMs (回避)
    pins: list[tuple[str, str]] = field(default_factory=list)  # (CM, territory) or (grid, CM), never changed
    forbidden: list[tuple[str, str]] = field(default_factory=list)  # (CM, territory) or (grid, CM)
    rules: Rules = field(default_factory=Rules)
    # The bank's grade ladder, lowest first (the planner passes its configured ladder).
    grades: list[str] = field(default_factory=lambda: list(GRADES))

    @property
    def shape(self) -> str:
        """Return ``"grids"`` when grids go to CMs, else ``"territories"`` (CMs go to territories)."""
        return "grids" if self.grids else "territories"

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (plain dicts and lists)."""
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        """Build a problem from its JSON form; unknown keys are errors."""
        return cls(
            units=[_from(Unit, u) for u in data.get("units", [])],
            territories=[_from(Territory, t) for t in data.get("territories", [])],
            managers=[_from(Manager, m) for m in data.get("managers", [])],
            grids=[_from(Grid, g) for g in data.get("grids", [])],
            avoidance=[(a, b) for a, b in data.get("avoidance", [])],
            pins=[(a, b) for a, b in data.get("pins", [])],
            forbidden=[(a, b) for a, b in data.get("forbidden", [])],
            rules=_from(Rules, data.get("rules", {})),
            grades=list(data.get("grades", GRADES)),
        )


@dataclass
class Assignment:
    """Who goes where, and what it costs by component (cost units)."""

    who: str  # CM (shape 1) or grid (shape 2)
    to: str  # territory (shape 1) or CM (shape 2)
    fit: float = 0.0  # segment, grade and competency penalties
    travel: float = 0.0
    continuity: float = 0.0  # move cost
    balance: float = 0.0  # share of the CM's load-balance penalty (shape 2)


@dataclass
class Penalty:
    """A soft rule that was paid for: which rule, by whom, how much (cost units) and the breach amount."""

    rule: str
    who: str
    amount: float
    breach: float = 1.0


@dataclass
class Move:
    """A CM (or grid) leaving its current territory (CM)."""

    who: str
    before: str
    after: str | None


@dataclass
class Result:
    """Outcome of one solve: status, objective, best bound, gap, time, assignments and explanations."""

    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None  # (objective - bound) / max(1, |objective|)
    seconds: float = 0.0
    assignments: list[Assignment] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)  # smallest set of hard rules that cannot all hold
    stats: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        """Build a result from its JSON form."""
        plain = {k: v for k, v in data.items() if k not in ("assignments", "penalties", "moves")}
        return cls(
            **plain,
            assignments=[_from(Assignment, a) for a in data.get("assignments", [])],
            penalties=[_from(Penalty, p) for p in data.get("penalties", [])],
            moves=[_from(Move, m) for m in data.get("moves", [])],
        )


T = TypeVar("T")


def _from(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
    return cls(**data)


def _to_json(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [_to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _to_json(v) for k, v in obj.items()}
    return obj
