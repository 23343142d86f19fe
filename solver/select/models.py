"""Inputs of the named decisions: candidates and openings, CMs and the counts the plan asks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from solver.jsonread import ProblemFormatError, from_json, to_json

# Education ladder, lowest first; English aliases are accepted in problem files.
EDUCATION_LEVELS = ("高中", "中专", "大专", "本科", "硕士", "博士")
EDUCATION_ALIASES = {
    "high_school": "高中",
    "secondary": "中专",
    "associate": "大专",
    "bachelor": "本科",
    "master": "硕士",
    "doctor": "博士",
}


def education_rank(level: str) -> int:
    """Return the position of an education level on the ladder (大专 is 2)."""
    name = EDUCATION_ALIASES.get(level, level)
    if name not in EDUCATION_LEVELS:
        raise ProblemFormatError(f"unknown education level {level!r}")
    return EDUCATION_LEVELS.index(name)


@dataclass
class Candidate:
    """A candidate for a CM post (应聘者) with exam scores and ranked unit preferences."""

    id: str
    channel: str
    written: float  # written exam score, 0..100
    interview: float | None = None  # interview score; None when not interviewed
    personality: str | None = None  # personality/psychological test: reference only, never scored
    education: str = "本科"
    credit_ok: bool = True  # clean personal credit record
    discipline_ok: bool = True  # no serious disciplinary record
    qualified: bool = True  # holds a valid credit-qualification certificate
    # The gate the planner found failed (None: all passed) and why; read when ``HiringPolicy.gates_given``.
    failed_gate: str | None = None
    gate_reason: str = ""
    preferences: list[str] = field(default_factory=list)  # unit names, first choice first
    attributes: dict[str, float] = field(default_factory=dict)  # e.g. degree 1/0 for structure goals


@dataclass
class Opening:
    """Openings of one unit for one channel in the plan's first year."""

    unit: str
    count: int
    channel: str
    grade: str = ""


@dataclass
class HiringGoal:
    """A structure goal over each unit's (or all) hires: share of an attribute at least ``min_share``."""

    name: str
    attribute: str
    min_share: float
    unit: str | None = None
    penalty: float = 1000.0  # composite points per head short of the share


@dataclass
class HiringPolicy:
    """How competitive hiring (公开竞聘 / 择优录用) scores, gates and shortlists candidates."""

    written_weight: float = 0.5
    interview_weight: float = 0.5
    min_score: float = 60.0
    min_education: str = "大专"
    shortlist_ratio: float = 3.0  # interview shortlist per opening, by written score (1:3)
    preference_step: float = 0.5  # composite points given up per step down a candidate's preferences
    # True: each candidate carries the planner's gate outcome (``failed_gate``) and the solver applies no gate
    # of its own, so the entry rules have one definition (the planner's). False: the flags below are checked.
    gates_given: bool = False
    goals: list[HiringGoal] = field(default_factory=list)


@dataclass
class Manager:
    """A CM in post, with the scores that rank them."""

    id: str
    unit: str
    grade: str
    performance: float  # composite multi-indicator performance score
    competency: float = 0.0  # competency-model score (胜任素质)
    peer_group: str | None = None  # ranking group; defaults to the unit
    years_of_service: float = 5.0
    years_in_grade: float = 2.0
    on_leave: bool = False
    months_since_promotion: float | None = None
    attributes: dict[str, float] = field(default_factory=dict)  # e.g. age, bachelor 1/0 (structure metrics)

    def group(self) -> str:
        """Return the peer group this CM is ranked in."""
        return self.peer_group or self.unit


@dataclass
class ExitSelectionPolicy:
    """Bottom-ranked exits (末位淘汰): protections and the order in which actions go to the lowest ranks."""

    protect_first_year: bool = True
    protect_on_leave: bool = True
    protect_promoted_within_months: float | None = 12.0
    default_count: int = 3  # per peer group when the plan gives no counts
    action_order: list[str] = field(default_factory=lambda: ["retraining", "demotion", "back_office"])


@dataclass
class ExitCount:
    """How many CMs of one grade of one unit leave by one action (from the plan)."""

    unit: str
    grade: str
    action: str
    count: int


@dataclass
class PromotionPolicy:
    """Who may move up and how candidates for promotion are scored."""

    performance_weight: float = 0.6
    competency_weight: float = 0.4
    min_years_in_grade: float = 1.0
    min_performance: float = 0.0


@dataclass
class PromotionCount:
    """How many CMs of one unit move from one grade to another (from the plan)."""

    unit: str
    from_grade: str
    to_grade: str
    count: int


@dataclass
class SelectionProblem:
    """The named decisions of the plan's first year."""

    openings: list[Opening] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    hiring: HiringPolicy = field(default_factory=HiringPolicy)
    managers: list[Manager] = field(default_factory=list)
    exit_counts: list[ExitCount] | None = None  # None: ``default_count`` per group by the first action
    exits: ExitSelectionPolicy = field(default_factory=ExitSelectionPolicy)
    promotion_counts: list[PromotionCount] = field(default_factory=list)
    promotions: PromotionPolicy = field(default_factory=PromotionPolicy)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SelectionProblem:
        """Build a selection problem from its JSON form."""
        problem = from_json(cls, data)
        education_rank(problem.hiring.min_education)
        for candidate in problem.candidates:
            education_rank(candidate.education)
        return problem

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        value = to_json(self)
        assert isinstance(value, dict)
        return value
