"""Customer managers, territory history and avoidance (回避) links."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base, TimestampMixin
from planner.enums import (
    AvoidanceRelation,
    Education,
    Gender,
    ManagerStatus,
    Segment,
    TitleLevel,
    enum_column_type,
)
from planner.org.models import OrgUnit
from planner.settings.models import Grade
from planner.territories.models import Territory


class Manager(TimestampMixin, Base):
    """A customer manager (客户经理, CM)."""

    __tablename__ = "manager"
    __table_args__ = (
        Index("ix_manager_unit_status", "unit_id", "status"),
        Index("ix_manager_name", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    gender: Mapped[Gender] = mapped_column(enum_column_type(Gender))
    birth_date: Mapped[date] = mapped_column(Date)
    bank_hire_date: Mapped[date] = mapped_column(Date)
    cm_since: Mapped[date] = mapped_column(Date)
    grade_id: Mapped[int] = mapped_column(ForeignKey("grade.id", ondelete="RESTRICT"), index=True)
    segment: Mapped[Segment] = mapped_column(enum_column_type(Segment), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"))
    territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("territory.id", ondelete="RESTRICT"), index=True
    )
    territory_since: Mapped[date | None] = mapped_column(Date)
    education: Mapped[Education] = mapped_column(enum_column_type(Education))
    title_level: Mapped[TitleLevel] = mapped_column(enum_column_type(TitleLevel), default=TitleLevel.NONE)
    # Date the credit-qualification exam (信贷资格考试) was passed; it expires after the configured validity.
    qualification_passed_on: Mapped[date | None] = mapped_column(Date, index=True)
    # True when the personal credit record (征信) shows no bad entries.
    credit_record_clean: Mapped[bool] = mapped_column(Boolean, default=True)
    # True when the CM has a serious disciplinary record (违规违纪).
    has_disciplinary_record: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ManagerStatus] = mapped_column(
        enum_column_type(ManagerStatus), default=ManagerStatus.ACTIVE, index=True
    )
    home_latitude: Mapped[float | None] = mapped_column(Float)
    home_longitude: Mapped[float | None] = mapped_column(Float)

    grade: Mapped[Grade] = relationship()
    unit: Mapped[OrgUnit] = relationship()
    territory: Mapped[Territory | None] = relationship()
    assignments: Mapped[list[TerritoryAssignment]] = relationship(
        back_populates="manager",
        order_by="TerritoryAssignment.started_on.desc()",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Manager {self.employee_no}>"


class TerritoryAssignment(Base):
    """A period during which a CM worked a territory; ``ended_on`` is empty for the current one."""

    __tablename__ = "territory_assignment"
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="period_ordered"),
        Index("ix_territory_assignment_manager", "manager_id", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id", ondelete="CASCADE"))
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id", ondelete="RESTRICT"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    manager: Mapped[Manager] = relationship(back_populates="assignments")
    territory: Mapped[Territory] = relationship()


class AvoidanceLink(Base):
    """Two people who must not work in the same unit (回避), e.g. spouses; stored once, lower id first."""

    __tablename__ = "avoidance_link"
    __table_args__ = (
        UniqueConstraint("manager_a_id", "manager_b_id"),
        CheckConstraint("manager_a_id < manager_b_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_a_id: Mapped[int] = mapped_column(ForeignKey("manager.id", ondelete="CASCADE"), index=True)
    manager_b_id: Mapped[int] = mapped_column(ForeignKey("manager.id", ondelete="CASCADE"), index=True)
    relation: Mapped[AvoidanceRelation] = mapped_column(enum_column_type(AvoidanceRelation))

    manager_a: Mapped[Manager] = relationship(foreign_keys=[manager_a_id])
    manager_b: Mapped[Manager] = relationship(foreign_keys=[manager_b_id])
