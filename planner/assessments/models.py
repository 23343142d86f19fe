"""Competency assessments (胜任素质测评): one 0–100 score of a CM or a candidate on one dimension."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from planner.candidates.models import Candidate
from planner.competency.models import CompetencyDimension
from planner.db import Base, TimestampMixin
from planner.enums import AssessmentSource, enum_column_type
from planner.people.models import Manager


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
    # Deleting a CM deletes their assessments through the session (so the audit log keeps them); the cascade
    # is declared here, above people, so people need not import assessments.
    manager: Mapped[Manager | None] = relationship(
        backref=backref("assessments", cascade="save-update, merge, delete")
    )
    candidate: Mapped[Candidate | None] = relationship()
