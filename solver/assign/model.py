"""Typed input and result of territory assignment, with their JSON form (see README.md in this package).

Two shapes share one problem type: with ``territories`` the CMs are assigned to territories (each territory
needs ``need`` CMs); with ``grids`` the grids are assigned to CMs (网格化: each grid uses part of a CM's
``capacity``). Grades are ordered levels: 见习 trainee < 初级 junior < 中级 intermediate < 高级 senior <
资深 principal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from solver.jsonread import ProblemFormatError, from_json, to_json

GRADES = ("trainee", "junior", "intermediate", "senior", "principal")
Segment = Literal["retail", "corporate", "small_business", "agriculture"]  # 零售 对公 小微 三农
SEGMENTS: tuple[Segment, ...] = ("retail", "corporate", "small_business", "agriculture")
# A grade by name (``GRADES``) or by rank on the bank's ladder (0 = entry grade, as the planner's Grade.rank).
GradeRef = str | int


def grade_level(grade: GradeRef, ladder: tuple[str, ...] | list[str] = GRADES) -> int:
    """Return the rank of a grade: its position on ``ladder`` (lowest first), or the rank given as it is."""
    if isinstance(grade, bool):
        raise ProblemFormatError(f"grade {grade!r} is neither a name nor a rank")
    if isinstance(grade, int):
        if grade < 0:
            raise ProblemFormatError(f"grade rank {grade} is negative")
        return grade
    try:
        return list(ladder).index(grade)
    except ValueError:
        raise ProblemFormatError(
            f"unknown grade {grade!r}; expected a rank or one of {tuple(ladder)}"
        ) from None


@dataclass
class Unit:
    """An outlet (网点) or team that owns territories; avoidance and senior rules can work per unit."""

    id: str
    x: float = 0.0  # km, on a local plane
    y: float = 0.0
    neighbours: list[str] = field(default_factory=list)  # units a CM of this unit may also serve (reach)


@dataclass
class Territory:
    """A territory that needs ``need`` CMs of its segment, grade and competencies."""

    id: str
    unit: str
    segment: str = "retail"  # one of SEGMENTS (checked when read)
    need: int = 1
    min_grade: str = "trainee"  # a grade of the problem's ladder (JSON: a name or a rank)
    competency_min: dict[str, int] = field(default_factory=dict)  # skill -> minimum score
    x: float | None = None  # defaults to the unit's location
    y: float | None = None


@dataclass
class Manager:
    """A customer manager (客户经理) with grade, segments, competencies, home and current post."""

    id: str
    grade: str = "junior"  # a grade of the problem's ladder (JSON: a name or a rank)
    segments: list[str] = field(default_factory=lambda: ["retail"])  # of SEGMENTS (checked when read)
    competencies: dict[str, int] = field(default_factory=dict)
    home_x: float = 0.0
    home_y: float = 0.0
    current: str | None = None  # current territory (shape 1); unused for grids
    years: float = 0.0  # years in the current territory
    capacity: int = 0  # workload units the CM can carry (shape 2)
    unit: str | None = None  # own unit for the reach rule; None = the unit of the current territory


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
    """Which rules are on, whether they are hard, and what they weigh (cost units per unit of breach).

    The defaults and the reasons for them are tabled in README.md ("Defaults").
    """

    reach: Literal["any", "own", "neighbours"] = "any"  # units a CM may serve: any, own, own + neighbours
    reach_max_km: float | None = None  # and/or: a territory's unit at most this far from the CM's unit
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
    senior_scope: Literal["territory", "unit"] = "territory"
    senior_weight: float = 200.0
    rotation: bool = True
    rotation_years: float = 3.0  # more than this many years in the territory: staying costs (soft)
    rotation_must_years: float = 5.0  # more than this many years in the territory: must move (hard)
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
    travel_from: Literal["home", "outlet"] = "home"  # outlet = the unit of the current territory
    balance: bool = False
    balance_mode: Literal["deviation", "max"] = "deviation"  # deviation from the mean load, or max load
    balance_weight: float = 1.0  # per workload unit
    shortfall_weight: float = 1000.0  # per missing CM (or workload unit over capacity in shape 2)
    surplus_weight: float = 1000.0  # per extra CM
    shortfall_hard: bool = False  # no territory below its need (shape 2: no CM over capacity)
    surplus_hard: bool = False  # no territory above its need (shape 2: no CM over capacity)
    unassigned_weight: float = 5000.0  # per CM (or grid) left without a territory (CM)
    assign_all_hard: bool = False
    candidates_per_manager: int = 30  # keep the k cheapest territories of each CM (plus current and pins)
    candidates_per_territory: int = 10  # and the k cheapest CMs of each territory


@dataclass
class PairCost:
    """An explicit cost added to one pair (CM and territory, or grid and CM): negative for a preference."""

    who: str
    to: str
    cost: float


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
    pair_costs: list[PairCost] = field(default_factory=list)  # extra cost of listed pairs
    rules: Rules = field(default_factory=Rules)
    # The bank's grade ladder, lowest first (the planner passes its configured ladder).
    grades: list[str] = field(default_factory=lambda: list(GRADES))

    @property
    def shape(self) -> str:
        """Return ``"grids"`` when grids go to CMs, else ``"territories"`` (CMs go to territories)."""
        return "grids" if self.grids else "territories"

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (plain dicts and lists)."""
        return dict(to_json(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        """Build a problem from its JSON form; unknown keys, bad types, segments and grades name their path.

        A grade may be given by name or by rank on the problem's ladder (``grades``, 0 = entry grade).
        """
        problem = from_json(cls, _grades_by_name(data))
        _check_names(problem)
        return problem


def _grades_by_name(data: Any) -> Any:
    """Return the JSON form with every grade given as a rank replaced by its name on the ladder."""
    if not isinstance(data, dict):
        return data
    ladder = data.get("grades", list(GRADES))
    if not isinstance(ladder, list):
        return data

    def name(value: Any, path: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < len(ladder):
                raise ProblemFormatError(
                    f"{path}: grade rank {value} is not on the ladder (0-{len(ladder) - 1})"
                )
            return ladder[value]
        return value

    out = dict(data)
    for key, field_name in (("managers", "grade"), ("territories", "min_grade")):
        rows = out.get(key)
        if isinstance(rows, list):
            out[key] = [
                {**row, field_name: name(row[field_name], f"$.{key}[{i}].{field_name}")}
                if isinstance(row, dict) and field_name in row
                else row
                for i, row in enumerate(rows)
            ]
    rules = out.get("rules")
    if isinstance(rules, dict) and "senior_grade" in rules:
        out["rules"] = {**rules, "senior_grade": name(rules["senior_grade"], "$.rules.senior_grade")}
    return out


def _check_names(problem: Problem) -> None:
    """Raise ProblemFormatError naming the path of the first unknown grade or segment."""
    refs = [(f"$.managers[{i}].grade", m.grade) for i, m in enumerate(problem.managers)]
    refs += [(f"$.territories[{i}].min_grade", t.min_grade) for i, t in enumerate(problem.territories)]
    refs.append(("$.rules.senior_grade", problem.rules.senior_grade))
    for path, grade in refs:
        try:
            grade_level(grade, problem.grades)
        except ProblemFormatError as error:
            raise ProblemFormatError(f"{path}: {error}") from None
    segments = [(f"$.territories[{i}].segment", t.segment) for i, t in enumerate(problem.territories)]
    segments += [(f"$.grids[{i}].segment", g.segment) for i, g in enumerate(problem.grids)]
    segments += [
        (f"$.managers[{i}].segments[{k}]", seg)
        for i, m in enumerate(problem.managers)
        for k, seg in enumerate(m.segments)
    ]
    for path, seg in segments:
        if seg not in SEGMENTS:
            choices = ", ".join(map(repr, SEGMENTS))
            raise ProblemFormatError(f"{path}: expected one of {choices}, got {seg!r}")


@dataclass
class Assignment:
    """Who goes where, and what it costs by component (cost units)."""

    who: str  # CM (shape 1) or grid (shape 2)
    to: str  # territory (shape 1) or CM (shape 2)
    fit: float = 0.0  # segment, grade and competency penalties
    travel: float = 0.0
    continuity: float = 0.0  # move cost and rotation
    balance: float = 0.0  # share of the CM's load-balance penalty (shape 2)
    adjustment: float = 0.0  # the problem's explicit pair cost (``pair_costs``)


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
        return dict(to_json(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        """Build a result from its JSON form."""
        return from_json(cls, data)
