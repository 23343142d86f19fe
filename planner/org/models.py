"""Organisation units and their total staff per year."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base, TimestampMixin
from planner.enums import UnitKind, enum_column_type


class OrgUnit(TimestampMixin, Base):
    """A unit of the bank: the bank itself, a branch (支行) or an outlet (网点)."""

    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[UnitKind] = mapped_column(enum_column_type(UnitKind), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"), index=True)
    # WGS-84 coordinates, used for travel distances.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(
        back_populates="parent", order_by="OrgUnit.code", passive_deletes="all"
    )
    staff_counts: Mapped[list[UnitStaffCount]] = relationship(
        back_populates="unit", order_by="UnitStaffCount.year", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code} {self.kind.value}>"


class UnitStaffCount(Base):
    """Total staff of a unit in a year (all employees, not only CMs): the base of "CMs as a share"."""

    __tablename__ = "unit_staff_count"
    __table_args__ = (
        UniqueConstraint("unit_id", "year"),
        CheckConstraint("total_staff >= 0", name="total_staff_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    total_staff: Mapped[int] = mapped_column(Integer)

    unit: Mapped[OrgUnit] = relationship(back_populates="staff_counts")
