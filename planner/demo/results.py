"""Performance-review values and competency scores of the demo CMs, correlated with ability and grade."""

from __future__ import annotations

import math
import random
from datetime import date

from planner.demo.staff import ManagerPlan
from planner.enums import Segment

REVIEW_YEARS = (2023, 2024, 2025)
# Balances and income scale by segment: corporate books are larger, agriculture books smaller.
SEGMENT_SCALE = {
    Segment.RETAIL: 1.0,
    Segment.AGRICULTURE: 0.7,
    Segment.SMALL_BUSINESS: 1.3,
    Segment.CORPORATE: 3.0,
}


def reviewed_years(cm: ManagerPlan) -> list[int]:
    """Return the review years in which ``cm`` had been a CM for at least half the year."""
    return [year for year in REVIEW_YEARS if cm.cm_since <= date(year, 6, 30)]


def kpi_values(rng: random.Random, cm: ManagerPlan, year: int) -> dict[str, float]:
    """Return one year's indicator values (by indicator code) for ``cm``."""
    form = cm.ability + rng.gauss(0, 0.6)
    growth = 1.0 + 0.06 * (year - REVIEW_YEARS[0])
    scale = SEGMENT_SCALE[cm.segment] * growth * math.exp(0.18 * form)
    new_customers = (40 if cm.segment in (Segment.RETAIL, Segment.AGRICULTURE) else 12) * math.exp(0.2 * form)
    # NPL ratios of rural books: mostly 0.5–6%, better managers lower.
    npl = min(12.0, max(0.2, math.exp(rng.gauss(0.85 - 0.12 * form, 0.45))))
    return {
        "deposits": round(3_000 * scale * rng.uniform(0.8, 1.2), 2),
        "loans": round(2_200 * scale * rng.uniform(0.75, 1.25), 2),
        "new_customers": float(max(0, round(new_customers * rng.uniform(0.7, 1.3)))),
        "npl_ratio": round(npl, 2),
        "fee_income": round(18 * scale * rng.uniform(0.6, 1.4), 2),
        "satisfaction": round(min(100.0, max(70.0, 90 + 2.5 * form + rng.gauss(0, 3))), 1),
        "compliance": round(min(100.0, max(70.0, 94 + 1.5 * form + rng.gauss(0, 3))), 1),
    }


def competency_score(rng: random.Random, cm: ManagerPlan) -> float:
    """Return one 0–100 dimension score for ``cm``."""
    return round(min(100.0, max(30.0, 66 + 5 * cm.ability + rng.gauss(0, 7))), 1)
