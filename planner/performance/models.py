"""KPI schemes and their indicators; performance reviews with indicator values."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from planner.db import Base, TimestampMixin
from planner.enums import IndicatorDirection, Normalisation, Segment, enum_column_type
from planner.org.models import OrgUnit
from planner.people.models import Manager


class KpiScheme(TimestampMixin, Base):
    """A multi-indicator performance scheme (绩效考核方案)."""

    __tablename__ = "kpi_scheme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(500), default="")

    indicators: Mapped[list[KpiIndicator]] = relationship(
        back_populates="scheme", order_by="KpiIndicator.position", cascade="all, delete-orphan"
    )


class KpiIndicator(Base):
    """One indicator of a scheme, e.g. loans managed, NPL ratio, customer satisfaction."""

    __tablename__ = "kpi_indicator"
    __table_args__ = (
        UniqueConstraint("scheme_id", "code"),
        CheckConstraint("weight >= 0", name="weight_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("kpi_scheme.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    unit_label: Mapped[str] = mapped_column(String(20), default="")
    direction: Mapped[IndicatorDirection] = mapped_column(enum_column_type(IndicatorDirection))
    weight: Mapped[float] = mapped_column(Float)
    normalisation: Mapped[Normalisation] = mapped_column(enum_column_type(Normalisation))
    # For TARGET: the value that scores 100. For TOLERANCE_BAND: full score up to band_low, zero from
    # band_high (e.g. NPL ratio 3% and 5%), linear in between.
    target: Mapped[float | None] = mapped_column(Float)
    band_low: Mapped[float | None] = mapped_column(Float)
    band_high: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)

    scheme: Mapped[KpiScheme] = relationship(back_populates="indicators")


class PerformanceReview(TimestampMixin, Base):
    """A CM's review for one period under one scheme; score and rank are computed by the scoring service."""

    __tablename__ = "performance_review"
    __table_args__ = (
        UniqueConstraint("manager_id", "scheme_id", "period"),
        Index("ix_performance_review_peer", "scheme_id", "period", "unit_id", "segment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id", ondelete="CASCADE"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("kpi_scheme.id", ondelete="RESTRICT"))
    # Period label such as "2025" or "2025H1".
    period: Mapped[str] = mapped_column(String(16))
    # The unit (branch) and segment at review time define the peer group the CM is ranked in.
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"))
    segment: Mapped[Segment] = mapped_column(enum_column_type(Segment))
    # Computed: weighted 0–100 composite over the indicators, and 1-based rank inside the peer group.
    composite_score: Mapped[float | None] = mapped_column(Float)
    peer_rank: Mapped[int | None] = mapped_column(Integer)
    peer_group_size: Mapped[int | None] = mapped_column(Integer)

    # Deleting a CM deletes their reviews through the session (so the audit log keeps them); declared here,
    # above people, so people need not import performance.
    manager: Mapped[Manager] = relationship(backref=backref("reviews", cascade="save-update, merge, delete"))
    scheme: Mapped[KpiScheme] = relationship()
    unit: Mapped[OrgUnit] = relationship()
    values: Mapped[list[IndicatorValue]] = relationship(back_populates="review", cascade="all, delete-orphan")


class IndicatorValue(Base):
    """The measured value of one indicator in one review."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("review_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("performance_review.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("kpi_indicator.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)

    review: Mapped[PerformanceReview] = relationship(back_populates="values")
    indicator: Mapped[KpiIndicator] = relationship()
