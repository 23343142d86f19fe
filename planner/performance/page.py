"""Everything the KPI scheme page shows: indicators with their share of the weights, the sum, the periods."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planner.performance.models import KpiIndicator, KpiScheme
from planner.performance.schemes import WEIGHT_SUM_TOLERANCE, load_scheme, periods_of, weight_sum
from planner.persistence import get_or_404


@dataclass(frozen=True)
class IndicatorShare:
    """An indicator and its weight as a share of the scheme's weights (None while they add up to 0)."""

    indicator: KpiIndicator
    share: float | None


@dataclass(frozen=True)
class SchemePage:
    """The scheme page; ``sum_ok`` says whether the weights add up to 1 (within the tolerance)."""

    scheme: KpiScheme
    total: float
    sum_ok: bool
    indicators: list[IndicatorShare]
    # (period, number of reviews), latest first.
    periods: list[tuple[str, int]]


def scheme_page_data(session: Session, scheme_id: int) -> SchemePage:
    """Gather the page of ``scheme_id`` (raise ``NotFound`` when there is no such scheme)."""
    scheme = load_scheme(session, scheme_id) or get_or_404(session, KpiScheme, scheme_id)
    total = weight_sum(scheme)
    return SchemePage(
        scheme=scheme,
        total=total,
        sum_ok=abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE,
        indicators=[IndicatorShare(i, i.weight / total if total > 0 else None) for i in scheme.indicators],
        periods=periods_of(session, scheme.id),
    )
