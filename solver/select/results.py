"""Outputs of the named decisions, each carrying the reason it was taken."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from solver.jsonread import from_json, to_json


@dataclass
class HireDecision:
    """A candidate placed in a unit's opening, with the score, rank and preference that placed them."""

    candidate: str
    unit: str
    channel: str
    grade: str
    score: float
    rank: int  # rank on the unit's shortlist by composite score
    shortlist_size: int
    preference: int  # 1 = first choice
    reason: str


@dataclass
class Rejection:
    """A candidate not hired, and the gate or rank that stopped them."""

    candidate: str
    stage: str  # credit, discipline, qualification, education, interview, min_score, shortlist, ranking
    reason: str


@dataclass
class ExitDecision:
    """A CM leaving the CM team by rank (末位淘汰), with the action taken."""

    manager: str
    unit: str
    grade: str
    peer_group: str
    rank: int  # 1 = best in the peer group
    group_size: int
    score: float
    action: str
    reason: str


@dataclass
class PromotionDecision:
    """A CM moving up a grade, with the rank that earned it."""

    manager: str
    unit: str
    from_grade: str
    to_grade: str
    rank: int
    eligible: int
    score: float
    reason: str


@dataclass
class Shortfall:
    """Places the named lists could not fill: openings without candidates, exits without unprotected CMs."""

    kind: str  # hire, exit, promotion
    unit: str
    grade: str
    wanted: int
    filled: int
    reason: str


@dataclass
class SelectionResult:
    """The named decisions of one year."""

    status: str
    hires: list[HireDecision] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    exits: list[ExitDecision] = field(default_factory=list)
    promotions: list[PromotionDecision] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    intake_quality: float = 0.0  # sum of the hires' composite scores
    agreement: list[str] = field(default_factory=list)  # mismatches with the plan's counts, if checked

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SelectionResult:
        """Build a result from its JSON form."""
        return from_json(cls, data)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        value = to_json(self)
        assert isinstance(value, dict)
        return value
