"""Performance reviews: a CM's indicator values for a period, scored and ranked inside the peer group.

After every change the whole scheme and period is rescored in the same transaction, so stored composites and
ranks (the input of 末位淘汰, bottom-ranked exits) never go stale.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from planner.enums import Segment, UnitKind
from planner.errors import InvalidInput
from planner.messages import N_
from planner.org.models import OrgUnit
from planner.people.models import Manager
from planner.performance.models import IndicatorValue, KpiIndicator, KpiScheme, PerformanceReview
from planner.performance.scoring import IndicatorRule, indicator_score, recompute_scores
from planner.search import clean_term, starts_with

# A year ("2025"), a half-year ("2025H1") or a quarter ("2025Q3").
PERIOD_PATTERN = re.compile(r"^(19|20)\d{2}(H[12]|Q[1-4])?$")


@dataclass(frozen=True)
class ReviewFilters:
    """What the review list is narrowed to; None or "" means no restriction."""

    scheme_id: int | None = None
    period: str | None = None
    branch_id: int | None = None
    segment: Segment | None = None
    # An employee number (exact) or the start of a name.
    search: str = ""


def search_reviews(filters: ReviewFilters) -> Select[PerformanceReview]:
    """Return the query of reviews matching ``filters``, by peer group and then rank."""
    stmt = (
        select(PerformanceReview)
        .join(Manager, Manager.id == PerformanceReview.manager_id)
        .join(OrgUnit, OrgUnit.id == PerformanceReview.unit_id)
        .options(
            joinedload(PerformanceReview.manager),
            joinedload(PerformanceReview.unit),
            joinedload(PerformanceReview.scheme),
        )
    )
    if filters.scheme_id:
        stmt = stmt.where(PerformanceReview.scheme_id == filters.scheme_id)
    if filters.period:
        stmt = stmt.where(PerformanceReview.period == filters.period)
    if filters.branch_id:
        stmt = stmt.where(PerformanceReview.unit_id == filters.branch_id)
    if filters.segment:
        stmt = stmt.where(PerformanceReview.segment == filters.segment)
    term = clean_term(filters.search)
    if term:
        stmt = stmt.where(or_(Manager.employee_no == term, starts_with(Manager.name, term)))
    return stmt.order_by(
        PerformanceReview.scheme_id,
        PerformanceReview.period.desc(),
        OrgUnit.code,
        PerformanceReview.segment,
        PerformanceReview.peer_rank.is_(None),
        PerformanceReview.peer_rank,
        Manager.employee_no,
    )


def peer_unit(manager: Manager) -> OrgUnit:
    """Return the branch a CM is ranked in: the outlet's parent, or the unit itself above outlet level."""
    unit = manager.unit
    if unit.kind is UnitKind.OUTLET and unit.parent is not None:
        return unit.parent
    return unit


def load_review(session: Session, review_id: int) -> PerformanceReview | None:
    """Return a review with its CM, unit, scheme, indicators and values loaded."""
    return session.scalar(
        select(PerformanceReview)
        .where(PerformanceReview.id == review_id)
        .options(
            joinedload(PerformanceReview.manager),
            joinedload(PerformanceReview.unit),
            joinedload(PerformanceReview.scheme).selectinload(KpiScheme.indicators),
            selectinload(PerformanceReview.values),
        )
    )


def check_period(period: str) -> str:
    """Return the period label cleaned up, or raise if it is not like 2025, 2025H1 or 2025Q3."""
    period = (period or "").strip().upper()
    if not PERIOD_PATTERN.match(period):
        raise InvalidInput(
            "period", N_("Write the period as a year (2025), a half-year (2025H1) or a quarter (2025Q3).")
        )
    return period


def _checked_values(scheme: KpiScheme, values: dict[int, float | None]) -> dict[int, float]:
    checked = {}
    for indicator in scheme.indicators:
        value = values.get(indicator.id)
        if value is None or not math.isfinite(value):
            raise InvalidInput(f"value_{indicator.id}", N_("A value is required for every indicator."))
        checked[indicator.id] = float(value)
    return checked


def _refuse_duplicate(
    session: Session, manager_id: int, scheme_id: int, period: str, review_id: int | None
) -> None:
    clash = session.scalar(
        select(PerformanceReview.id).where(
            PerformanceReview.manager_id == manager_id,
            PerformanceReview.scheme_id == scheme_id,
            PerformanceReview.period == period,
            PerformanceReview.id != (review_id or 0),
        )
    )
    if clash is not None:
        raise InvalidInput(
            "period", N_("This CM already has a review under this scheme for %(period)s.", period=period)
        )


def create_review(
    session: Session, *, employee_no: str, scheme_id: int, period: str, values: dict[int, float | None]
) -> PerformanceReview:
    """Record a CM's review in the peer group of their branch and segment, then rescore the period."""
    employee_no = (employee_no or "").strip()
    manager = session.scalar(
        select(Manager).where(Manager.employee_no == employee_no).options(joinedload(Manager.unit))
    )
    if manager is None:
        raise InvalidInput("employee_no", N_("No CM has employee number %(no)s.", no=employee_no))
    scheme = session.scalar(
        select(KpiScheme).where(KpiScheme.id == scheme_id).options(selectinload(KpiScheme.indicators))
    )
    if scheme is None or not scheme.is_active:
        raise InvalidInput("scheme_id", N_("Choose an active scheme."))
    period = check_period(period)
    checked = _checked_values(scheme, values)
    _refuse_duplicate(session, manager.id, scheme.id, period, None)
    review = PerformanceReview(
        manager=manager,
        scheme=scheme,
        period=period,
        unit=peer_unit(manager),
        segment=manager.segment,
        values=[IndicatorValue(indicator_id=iid, value=value) for iid, value in checked.items()],
    )
    session.add(review)
    session.flush()
    _rescore_group(session, review.scheme_id, period, review.unit_id, review.segment)
    session.refresh(review)
    return review


def update_review(
    session: Session, review: PerformanceReview, *, period: str, values: dict[int, float | None]
) -> PerformanceReview:
    """Change a review's period or values (its peer group stays as recorded), then rescore."""
    period = check_period(period)
    checked = _checked_values(review.scheme, values)
    _refuse_duplicate(session, review.manager_id, review.scheme_id, period, review.id)
    old_period = review.period
    review.period = period
    stored = {v.indicator_id: v for v in review.values}
    for indicator_id, value in checked.items():
        if indicator_id in stored:
            stored[indicator_id].value = value
        else:
            review.values.append(IndicatorValue(indicator_id=indicator_id, value=value))
    session.flush()
    _rescore_group(session, review.scheme_id, period, review.unit_id, review.segment)
    if old_period != period:
        _rescore_group(session, review.scheme_id, old_period, review.unit_id, review.segment)
    session.refresh(review)
    return review


def delete_review(session: Session, review: PerformanceReview) -> None:
    """Delete a review and rescore the rest of its period."""
    scheme_id, period, unit_id, segment = review.scheme_id, review.period, review.unit_id, review.segment
    session.delete(review)
    session.flush()
    _rescore_group(session, scheme_id, period, unit_id, segment)


def _rescore_group(session: Session, scheme_id: int, period: str, unit_id: int, segment: Segment) -> None:
    """Rescore the one peer group a change touched (only its scores and ranks can move)."""
    recompute_scores(session, scheme_id, period, unit_id=unit_id, segment=segment)


def recompute(session: Session, scheme_id: int, period: str) -> int:
    """Rescore one scheme and period; return the number of reviews scored."""
    return recompute_scores(session, scheme_id, check_period(period))


@dataclass(frozen=True)
class IndicatorLine:
    """Why a composite is what it is: one indicator's value, 0–100 score and weighted contribution."""

    indicator: KpiIndicator
    value: float | None
    score: float
    weight_share: float
    contribution: float


def review_breakdown(session: Session, review: PerformanceReview) -> list[IndicatorLine]:
    """Score each indicator of ``review`` against its peer group, as ``recompute_scores`` does."""
    indicators = review.scheme.indicators
    peers = session.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.value)
        .join(PerformanceReview, PerformanceReview.id == IndicatorValue.review_id)
        .where(
            PerformanceReview.scheme_id == review.scheme_id,
            PerformanceReview.period == review.period,
            PerformanceReview.unit_id == review.unit_id,
            PerformanceReview.segment == review.segment,
        )
    ).all()
    peer_values: dict[int, list[float]] = {}
    for indicator_id, peer_value in peers:
        peer_values.setdefault(indicator_id, []).append(peer_value)
    own = {v.indicator_id: v.value for v in review.values}
    total_weight = sum(i.weight for i in indicators) or 1.0
    lines = []
    for indicator in indicators:
        rule = IndicatorRule(
            indicator.id,
            indicator.direction,
            indicator.weight,
            indicator.normalisation,
            indicator.target,
            indicator.band_low,
            indicator.band_high,
        )
        value = own.get(indicator.id)
        # A missing value scores 0, as in the composite: leaving data out never helps.
        score = 0.0 if value is None else indicator_score(rule, value, peer_values.get(indicator.id, [value]))
        share = indicator.weight / total_weight
        lines.append(IndicatorLine(indicator, value, score, share, share * score))
    return lines


def review_periods(session: Session) -> list[str]:
    """Return the periods that have reviews, latest first."""
    return list(
        session.scalars(select(PerformanceReview.period).distinct().order_by(PerformanceReview.period.desc()))
    )


def indicator_count(session: Session, scheme_id: int) -> int:
    """Return the number of indicators of a scheme."""
    return (
        session.scalar(
            select(func.count()).select_from(KpiIndicator).where(KpiIndicator.scheme_id == scheme_id)
        )
        or 0
    )
