"""KPI schemes (绩效考核方案) and their indicators: weights, normalisation rules, activation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from planner.bounds import is_finite_float
from planner.enums import IndicatorDirection, Normalisation
from planner.errors import InvalidInput, StillReferenced
from planner.messages import N_
from planner.performance.defaults import seed_default_scheme
from planner.performance.models import IndicatorValue, KpiIndicator, KpiScheme, PerformanceReview
from planner.performance.scoring import recompute_scores

# Weights of an active scheme must add up to 1 within this tolerance.
WEIGHT_SUM_TOLERANCE = 0.001


@dataclass(frozen=True)
class SchemeSummary:
    """One row of the scheme list."""

    scheme: KpiScheme
    indicators: int
    weight_sum: float
    reviews: int

    @property
    def weights_ok(self) -> bool:
        """Return whether the weights add up to 1 (within the tolerance)."""
        return abs(self.weight_sum - 1.0) <= WEIGHT_SUM_TOLERANCE


@dataclass(frozen=True)
class IndicatorInput:
    """The fields of an indicator as a user enters them."""

    code: str
    name_zh: str
    name_en: str
    unit_label: str
    direction: IndicatorDirection
    weight: float | None
    normalisation: Normalisation
    target: float | None = None
    band_low: float | None = None
    band_high: float | None = None


def list_schemes(session: Session) -> list[SchemeSummary]:
    """Return every scheme with its indicator count, weight sum and review count, by name."""
    indicators = (
        select(
            KpiIndicator.scheme_id, func.count().label("n"), func.sum(KpiIndicator.weight).label("weights")
        )
        .group_by(KpiIndicator.scheme_id)
        .subquery()
    )
    reviews = (
        select(PerformanceReview.scheme_id, func.count().label("n"))
        .group_by(PerformanceReview.scheme_id)
        .subquery()
    )
    rows = session.execute(
        select(
            KpiScheme,
            func.coalesce(indicators.c.n, 0),
            func.coalesce(indicators.c.weights, 0.0),
            func.coalesce(reviews.c.n, 0),
        )
        .outerjoin(indicators, indicators.c.scheme_id == KpiScheme.id)
        .outerjoin(reviews, reviews.c.scheme_id == KpiScheme.id)
        .order_by(KpiScheme.name)
    ).all()
    return [SchemeSummary(row[0], row[1], float(row[2]), row[3]) for row in rows]


def load_scheme(session: Session, scheme_id: int) -> KpiScheme | None:
    """Return a scheme with its indicators loaded."""
    return session.scalar(
        select(KpiScheme).where(KpiScheme.id == scheme_id).options(selectinload(KpiScheme.indicators))
    )


def weight_sum(scheme: KpiScheme) -> float:
    """Return the sum of the scheme's indicator weights."""
    return round(sum(i.weight for i in scheme.indicators), 6)


def periods_of(session: Session, scheme_id: int) -> list[tuple[str, int]]:
    """Return (period, number of reviews) of a scheme, latest period first."""
    rows = session.execute(
        select(PerformanceReview.period, func.count())
        .where(PerformanceReview.scheme_id == scheme_id)
        .group_by(PerformanceReview.period)
        .order_by(PerformanceReview.period.desc())
    ).all()
    return [(period, count) for period, count in rows]


def seed_default_model(session: Session) -> KpiScheme:
    """Create the default KPI scheme, but only while no scheme exists at all."""
    if session.scalar(select(func.count()).select_from(KpiScheme)):
        raise InvalidInput("scheme", N_("Schemes already exist; the default scheme is only seeded once."))
    return seed_default_scheme(session)


def _check_name(session: Session, name: str, scheme_id: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", N_("A name is required."))
    clash = session.scalar(
        select(KpiScheme.id).where(KpiScheme.name == name, KpiScheme.id != (scheme_id or 0))
    )
    if clash is not None:
        raise InvalidInput("name", N_("A scheme named “%(name)s” already exists.", name=name))
    return name


def create_scheme(session: Session, *, name: str, description: str = "") -> KpiScheme:
    """Create an empty, inactive scheme; add indicators, then activate it."""
    scheme = KpiScheme(name=_check_name(session, name, None), is_active=False, description=description or "")
    session.add(scheme)
    session.flush()
    return scheme


def update_scheme(session: Session, scheme: KpiScheme, *, name: str, description: str = "") -> KpiScheme:
    """Rename a scheme or change its description."""
    scheme.name = _check_name(session, name, scheme.id)
    scheme.description = description or ""
    session.flush()
    return scheme


def delete_scheme(session: Session, scheme: KpiScheme) -> None:
    """Delete a scheme that no review uses."""
    reviews = session.scalar(
        select(func.count()).select_from(PerformanceReview).where(PerformanceReview.scheme_id == scheme.id)
    )
    if reviews:
        raise StillReferenced(
            "kpi_scheme",
            N_(
                "This scheme cannot be deleted: %(count)d performance reviews use it. Deactivate it instead.",
                count=reviews,
            ),
        )
    session.delete(scheme)
    session.flush()


def activate_scheme(session: Session, scheme: KpiScheme) -> KpiScheme:
    """Open a scheme for reviews once its weights are all positive and add up to 1."""
    if not scheme.indicators:
        raise InvalidInput("weight", N_("Add at least one indicator before activating the scheme."))
    if any(i.weight <= 0 for i in scheme.indicators):
        raise InvalidInput("weight", N_("Every indicator needs a weight above 0."))
    total = weight_sum(scheme)
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise InvalidInput(
            "weight",
            N_(
                "The weights add up to %(total)s; they must add up to 1 before activation.",
                total=f"{total:g}",
            ),
        )
    scheme.is_active = True
    session.flush()
    return scheme


def deactivate_scheme(session: Session, scheme: KpiScheme) -> KpiScheme:
    """Close a scheme to new reviews; existing reviews stay."""
    scheme.is_active = False
    session.flush()
    return scheme


def _checked(scheme: KpiScheme, data: IndicatorInput, indicator_id: int | None) -> IndicatorInput:
    code = (data.code or "").strip()
    if not code:
        raise InvalidInput("code", N_("A code is required."))
    if any(i.code == code and i.id != indicator_id for i in scheme.indicators):
        raise InvalidInput("code", N_("The code “%(code)s” is already used in this scheme.", code=code))
    if not (data.name_zh or "").strip():
        raise InvalidInput("name_zh", N_("The Chinese name is required."))
    if not (data.name_en or "").strip():
        raise InvalidInput("name_en", N_("The English name is required."))
    if data.weight is None or not is_finite_float(data.weight) or data.weight <= 0:
        raise InvalidInput("weight", N_("The weight must be above 0."))
    if data.weight > 1:
        raise InvalidInput("weight", N_("The weight is a share of the composite score: at most 1."))
    target, low, high = data.target, data.band_low, data.band_high
    for name, value in (("target", target), ("band_low", low), ("band_high", high)):
        if value is not None and not is_finite_float(value):
            raise InvalidInput(name, N_("Enter a finite number."))
    if data.normalisation is Normalisation.TARGET:
        if target is None or target <= 0:
            raise InvalidInput("target", N_("A target above 0 is required."))
        low = high = None
    elif data.normalisation is Normalisation.TOLERANCE_BAND:
        if low is None or high is None or low >= high:
            raise InvalidInput("band_high", N_("The band needs a lower bound below its upper bound."))
        target = None
    else:
        target = low = high = None
    return IndicatorInput(
        code,
        data.name_zh.strip(),
        data.name_en.strip(),
        (data.unit_label or "").strip(),
        data.direction,
        float(data.weight),
        data.normalisation,
        target,
        low,
        high,
    )


def _apply(indicator: KpiIndicator, data: IndicatorInput) -> None:
    for field in (
        "code",
        "name_zh",
        "name_en",
        "unit_label",
        "direction",
        "weight",
        "normalisation",
        "target",
        "band_low",
        "band_high",
    ):
        setattr(indicator, field, getattr(data, field))


def _recompute_all_periods(session: Session, scheme_id: int) -> None:
    """Rescore every period of a scheme: an indicator change moves every composite and rank."""
    for period, _count in periods_of(session, scheme_id):
        recompute_scores(session, scheme_id, period)


def _check_active_sum(scheme: KpiScheme, weights: list[float]) -> None:
    """Refuse a change that would leave an active scheme's weights not adding up to 1."""
    total = round(sum(weights), 6)
    if scheme.is_active and abs(total - 1) > WEIGHT_SUM_TOLERANCE:
        raise InvalidInput(
            "weight",
            N_(
                "The weights of an active scheme must add up to 1; this change makes them %(total)s. "
                "Deactivate the scheme to rebalance its weights.",
                total=f"{total:g}",
            ),
        )


def create_indicator(session: Session, scheme: KpiScheme, data: IndicatorInput) -> KpiIndicator:
    """Add an indicator at the end of a scheme and rescore its reviews."""
    data = _checked(scheme, data, None)
    _check_active_sum(scheme, [*(i.weight for i in scheme.indicators), data.weight or 0.0])
    indicator = KpiIndicator(position=max((i.position for i in scheme.indicators), default=-1) + 1)
    _apply(indicator, data)
    scheme.indicators.append(indicator)
    session.flush()
    _recompute_all_periods(session, scheme.id)
    return indicator


def update_indicator(session: Session, indicator: KpiIndicator, data: IndicatorInput) -> KpiIndicator:
    """Change an indicator and rescore the reviews of its scheme."""
    data = _checked(indicator.scheme, data, indicator.id)
    others = [i.weight for i in indicator.scheme.indicators if i.id != indicator.id]
    _check_active_sum(indicator.scheme, [*others, data.weight or 0.0])
    _apply(indicator, data)
    session.flush()
    _recompute_all_periods(session, indicator.scheme_id)
    return indicator


def delete_indicator(session: Session, indicator: KpiIndicator) -> None:
    """Delete an indicator for which no review has a value."""
    values = session.scalar(
        select(func.count()).select_from(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)
    )
    if values:
        raise StillReferenced(
            "kpi_indicator",
            N_(
                "This indicator cannot be deleted: %(count)d reviews have a value for it. "
                "Create a new scheme instead.",
                count=values,
            ),
        )
    scheme = indicator.scheme
    _check_active_sum(scheme, [i.weight for i in scheme.indicators if i.id != indicator.id])
    scheme.indicators.remove(indicator)
    session.flush()
    _recompute_all_periods(session, scheme.id)
