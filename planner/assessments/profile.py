"""A person's competency profile: the latest score on each dimension, per group and overall."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.assessments.models import Assessment
from planner.competency.models import CompetencyFramework


@dataclass(frozen=True)
class DimensionScore:
    """The latest score on one dimension (None when never assessed)."""

    group_code: str
    code: str
    name_zh: str
    name_en: str
    score: float | None


@dataclass(frozen=True)
class GroupScore:
    """Weighted mean of a group's assessed dimensions."""

    code: str
    name_zh: str
    name_en: str
    weight: float
    score: float | None


@dataclass(frozen=True)
class CompetencyProfile:
    """Scores of one CM or candidate under one framework."""

    framework_id: int
    dimensions: list[DimensionScore]
    groups: list[GroupScore]
    overall: float | None


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    total_weight = sum(weight for weight, _ in pairs)
    if not pairs or total_weight <= 0:
        return None
    return round(sum(weight * score for weight, score in pairs) / total_weight, 2)


def competency_profile(
    session: Session,
    framework: CompetencyFramework,
    *,
    manager_id: int | None = None,
    candidate_id: int | None = None,
) -> CompetencyProfile:
    """Build the profile of a CM or a candidate from their latest assessment on each dimension."""
    if (manager_id is None) == (candidate_id is None):
        raise ValueError("give exactly one of manager_id and candidate_id")
    subject = Assessment.manager_id == manager_id if manager_id else Assessment.candidate_id == candidate_id
    rows = session.execute(
        select(Assessment.dimension_id, Assessment.score)
        .where(subject)
        .order_by(Assessment.assessed_on, Assessment.id)
    ).all()
    latest = {dimension_id: score for dimension_id, score in rows}  # later rows overwrite earlier ones

    dimensions: list[DimensionScore] = []
    groups: list[GroupScore] = []
    for group in framework.groups:
        pairs = []
        for dimension in group.dimensions:
            score = latest.get(dimension.id)
            dimensions.append(
                DimensionScore(group.code, dimension.code, dimension.name_zh, dimension.name_en, score)
            )
            if score is not None:
                pairs.append((dimension.weight, score))
        groups.append(
            GroupScore(group.code, group.name_zh, group.name_en, group.weight, _weighted_mean(pairs))
        )
    overall = _weighted_mean([(g.weight, g.score) for g in groups if g.score is not None])
    return CompetencyProfile(framework.id, dimensions, groups, overall)
