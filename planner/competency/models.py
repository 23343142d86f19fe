"""Competency frameworks, their groups and dimensions, and assessments of CMs and candidates."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base, TimestampMixin


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
