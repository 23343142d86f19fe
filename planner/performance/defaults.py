"""The default multi-indicator KPI scheme: never deposits alone (不以存款论英雄)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import IndicatorDirection, Normalisation
from planner.performance.models import KpiIndicator, KpiScheme

DEFAULT_SCHEME_NAME = "客户经理综合绩效考核"

HIGHER, LOWER = IndicatorDirection.HIGHER_IS_BETTER, IndicatorDirection.LOWER_IS_BETTER
PEER, TARGET, BAND = Normalisation.PEER_MIN_MAX, Normalisation.TARGET, Normalisation.TOLERANCE_BAND

# code, 中文, English, unit, direction, weight, normalisation, target, band_low, band_high
DEFAULT_INDICATORS = [
    ("deposits", "存款日均余额", "Average deposits", "万元", HIGHER, 0.20, PEER, None, None, None),
    ("loans", "贷款余额", "Loans outstanding", "万元", HIGHER, 0.20, PEER, None, None, None),
    ("new_customers", "新增有效客户", "New active customers", "户", HIGHER, 0.15, PEER, None, None, None),
    ("npl_ratio", "不良贷款率", "Non-performing-loan ratio", "%", LOWER, 0.15, BAND, None, 3.0, 5.0),
    (
        "fee_income",
        "中间业务收入",
        "Intermediate-business income",
        "万元",
        HIGHER,
        0.10,
        PEER,
        None,
        None,
        None,
    ),
    ("satisfaction", "客户满意度", "Customer satisfaction", "分", HIGHER, 0.10, TARGET, 95.0, None, None),
    ("compliance", "合规检查得分", "Compliance check score", "分", HIGHER, 0.10, TARGET, 100.0, None, None),
]


def seed_default_scheme(session: Session) -> KpiScheme:
    """Create the default KPI scheme (active) unless it already exists; return it."""
    existing = session.scalar(select(KpiScheme).where(KpiScheme.name == DEFAULT_SCHEME_NAME))
    if existing is not None:
        return existing
    scheme = KpiScheme(
        name=DEFAULT_SCHEME_NAME,
        is_active=True,
        description="存贷款、新增客户、资产质量、中间业务、满意度与合规并重",
    )
    for position, (code, zh, en, unit, direction, weight, norm, target, low, high) in enumerate(
        DEFAULT_INDICATORS
    ):
        scheme.indicators.append(
            KpiIndicator(
                code=code,
                name_zh=zh,
                name_en=en,
                unit_label=unit,
                direction=direction,
                weight=weight,
                normalisation=norm,
                target=target,
                band_low=low,
                band_high=high,
                position=position,
            )
        )
    session.add(scheme)
    session.flush()
    return scheme
