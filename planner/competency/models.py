"""Competency frameworks, their groups and dimensions, and assessments of CMs and candidates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base, TimestampMixin
from planner.enums import AssessmentSource, enum_column_type

if TYPE_CHECKING:
    from planner.candidates.models import Candidate
    from planner.people.models import Manager


class CompetencyFramework(TimestampMixin, Base):
    """A versioned competency model; only one version is active at a time."""

    __tablename__ = "competency_framework"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(500), default="")

    groups: Mapped[list[CompetencyGroup]] = relationship(
        back_populates="framework", order_by="CompetencyGroup.position", cascade="all, delete-orphan"
    )


class CompetencyGroup(Base):
    """A group of dimensions, e.g. 品德素质, 业务素质, 心理素质."""

    __tablename__ = "competency_group"
    __table_args__ = (
        UniqueConstraint("framework_id", "code"),
        CheckConstraint("weight >= 0", name="weight_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("competency_framework.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    # Relative weight of the group in the overall competency score.
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    framework: Mapped[CompetencyFramework] = relationship(back_populates="groups")
    dimensions: Mapped[list[CompetencyDimension]] = relationship(
        back_populates="group", order_by="CompetencyDimension.position", cascade="all, delete-orphan"
    )


class CompetencyDimension(Base):
    """One scored dimension, e.g. 风险控制 (risk control)."""

    __tablename__ = "competency_dimension"
    __table_args__ = (
        UniqueConstraint("group_id", "code"),
        CheckConstraint("weight >= 0", name="weight_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("competency_group.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    # Relative weight of the dimension inside its group.
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    group: Mapped[CompetencyGroup] = relationship(back_populates="dimensions")


class Assessment(TimestampMixin, Base):
    """A score of 0–100 on one dimension for one subject: a CM or a candidate (exactly one of them)."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("(manager_id IS NULL) <> (candidate_id IS NULL)", name="exactly_one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("competency_dimension.id", ondelete="RESTRICT"), index=True
    )
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("manager.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    assessed_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[AssessmentSource] = mapped_column(enum_column_type(AssessmentSource))

    dimension: Mapped[CompetencyDimension] = relationship()
    manager: Mapped[Manager | None] = relationship()
    candidate: Mapped[Candidate | None] = relationship()
