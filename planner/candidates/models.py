"""Candidates, their ranked unit preferences and their pipeline history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.db import Base, TimestampMixin, utcnow
from planner.enums import CandidateChannel, Education, Gender, PipelineStatus, enum_column_type
from planner.org.models import OrgUnit


class Candidate(TimestampMixin, Base):
    """A person applying to join the CM team (公开竞聘)."""

    __tablename__ = "candidate"
    __table_args__ = (
        CheckConstraint(
            "written_score IS NULL OR (written_score >= 0 AND written_score <= 100)", name="written"
        ),
        CheckConstraint(
            "interview_score IS NULL OR (interview_score >= 0 AND interview_score <= 100)", name="interview"
        ),
        CheckConstraint("years_experience >= 0", name="experience_non_negative"),
        Index("ix_candidate_channel_status", "channel", "status"),
        Index("ix_candidate_name", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[CandidateChannel] = mapped_column(enum_column_type(CandidateChannel))
    # Employee number of an internal candidate (counter staff, internal competition).
    employee_no: Mapped[str | None] = mapped_column(String(32))
    # Personal data: shown only to roles that need it (admin, planner).
    name: Mapped[str] = mapped_column(String(60))
    gender: Mapped[Gender] = mapped_column(enum_column_type(Gender))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[Education] = mapped_column(enum_column_type(Education), index=True)
    major: Mapped[str] = mapped_column(String(80), default="")
    years_experience: Mapped[int] = mapped_column(Integer, default=0)
    written_score: Mapped[float | None] = mapped_column(Float)
    interview_score: Mapped[float | None] = mapped_column(Float)
    # Personality test: kept as reference only, never part of the composite score.
    personality_score: Mapped[float | None] = mapped_column(Float)
    credit_record_clean: Mapped[bool] = mapped_column(Boolean, default=True)
    has_disciplinary_record: Mapped[bool] = mapped_column(Boolean, default=False)
    qualification_passed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PipelineStatus] = mapped_column(
        enum_column_type(PipelineStatus), default=PipelineStatus.APPLIED, index=True
    )
    applied_on: Mapped[date] = mapped_column(Date)

    preferences: Mapped[list[CandidatePreference]] = relationship(
        back_populates="candidate", order_by="CandidatePreference.rank", cascade="all, delete-orphan"
    )
    history: Mapped[list[CandidateStatusChange]] = relationship(
        back_populates="candidate", order_by="CandidateStatusChange.changed_at", cascade="all, delete-orphan"
    )


class CandidatePreference(Base):
    """A unit the candidate wants to work in, 1 = first choice."""

    __tablename__ = "candidate_preference"
    __table_args__ = (
        UniqueConstraint("candidate_id", "rank"),
        UniqueConstraint("candidate_id", "unit_id"),
        CheckConstraint("rank >= 1", name="rank_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="RESTRICT"), index=True)
    rank: Mapped[int] = mapped_column(Integer)

    candidate: Mapped[Candidate] = relationship(back_populates="preferences")
    unit: Mapped[OrgUnit] = relationship()


class CandidateStatusChange(Base):
    """One step of a candidate's pipeline history."""

    __tablename__ = "candidate_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[PipelineStatus | None] = mapped_column(enum_column_type(PipelineStatus))
    to_status: Mapped[PipelineStatus] = mapped_column(enum_column_type(PipelineStatus))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")

    candidate: Mapped[Candidate] = relationship(back_populates="history")
    changed_by: Mapped[User | None] = relationship()
