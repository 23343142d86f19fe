"""Test data for KPI schemes and reviews: a worked two-indicator scheme and CMs in one branch."""

from __future__ import annotations

from planner.enums import IndicatorDirection, Normalisation, Segment
from tests import factories


def worked_scheme(name: str = "两指标方案"):  # type: ignore[no-untyped-def]
    """Return (scheme, deposits, npl): deposits 0.6 min–max in the peer group, NPL ratio 0.4 band 3–5%."""
    scheme = factories.KpiSchemeFactory(name=name, is_active=True)
    deposits = factories.IndicatorFactory(
        scheme=scheme,
        code="deposits",
        name_zh="存款",
        name_en="Deposits",
        weight=0.6,
        position=0,
        direction=IndicatorDirection.HIGHER_IS_BETTER,
        normalisation=Normalisation.PEER_MIN_MAX,
        unit_label="万元",
    )
    npl = factories.IndicatorFactory(
        scheme=scheme,
        code="npl",
        name_zh="不良贷款率",
        name_en="NPL ratio",
        weight=0.4,
        position=1,
        direction=IndicatorDirection.LOWER_IS_BETTER,
        normalisation=Normalisation.TOLERANCE_BAND,
        band_low=3.0,
        band_high=5.0,
        unit_label="%",
    )
    return scheme, deposits, npl


def managers_in_one_branch(count: int, segment: Segment = Segment.RETAIL, prefix: str = "经理"):  # type: ignore[no-untyped-def]
    """Return (branch, managers): ``count`` CMs in outlets of one branch, all in ``segment``."""
    branch = factories.BranchFactory()
    outlets = [factories.OutletFactory(parent=branch), factories.OutletFactory(parent=branch)]
    managers = [
        factories.ManagerFactory(unit=outlets[i % 2], segment=segment, name=f"{prefix}{i}")
        for i in range(count)
    ]
    return branch, managers
