"""Territories and their competency thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base, TimestampMixin
from planner.enums import Segment, enum_column_type
from planner.org.models import OrgUnit

if TYPE_CHECKING:
    from planner.competency.models import CompetencyDimension


class Territory(TimestampMixin, Base):
    """A territory (片区 / 网格) of households, merchants or companies served by one or more CMs."""

    __tablename__ = "territory"
    __table_args__ = (
        CheckConstraint("households >= 0", name="households_non_negative"),
        CheckConstraint("customers >= 0", name="customers_non_negative"),
        CheckConstraint(
            "staffing_need_override IS NULL OR staffing_need_override >= 0", name="need_non_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"), index=True)
    segment: Mapped[Segment] = mapped_column(enum_column_type(Segment), index=True)
    households: Mapped[int] = mapped_column(Integer, default=0)
    customers: Mapped[int] = mapped_column(Integer, default=0)
    villages: Mapped[int] = mapped_column(Integer, default=0)
    # Balances in ten thousand yuan (万元), the unit bank reports use.
    loan_balance: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    deposit_balance: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # When set, replaces the need derived from workload by the staffing norm.
    staffing_need_override: Mapped[int | None] = mapped_column(Integer)
    # Rank on the grade ladder (see Grade.rank) a CM needs to work here; None means any grade.
    min_grade_rank: Mapped[int | None] = mapped_column(Integer)

    unit: Mapped[OrgUnit] = relationship()
    thresholds: Mapped[list[TerritoryThreshold]] = relationship(
        back_populates="territory", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Territory {self.code}>"


class TerritoryThreshold(Base):
    """Minimum score on a competency dimension for CMs working a territory."""

    __tablename__ = "territory_threshold"
    __table_args__ = (
        UniqueConstraint("territory_id", "dimension_id"),
        CheckConstraint("min_score >= 0 AND min_score <= 100", name="min_score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id", ondelete="CASCADE"))
    dimension_id: Mapped[int] = mapped_column(ForeignKey("competency_dimension.id", ondelete="RESTRICT"))
    min_score: Mapped[float] = mapped_column(Float)

    territory: Mapped[Territory] = relationship(back_populates="thresholds")
    dimension: Mapped[CompetencyDimension] = relationship()
