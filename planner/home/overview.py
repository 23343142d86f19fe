"""The home page's figures: the CM team by grade and segment, qualifications, the candidate pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planner.candidates.models import Candidate
from planner.enums import ManagerStatus, PipelineStatus, Segment
from planner.org.models import OrgUnit
from planner.people.models import Manager
from planner.people.qualification import QualificationState
from planner.people.queries import qualification_condition
from planner.settings.models import Grade
from planner.settings.services import get_setting
from planner.territories.models import Territory

IN_TEAM = (ManagerStatus.ACTIVE, ManagerStatus.PROBATION, ManagerStatus.LEAVE)


@dataclass(frozen=True)
class Overview:
    """Headline counts and the distributions the home page charts."""

    units: int
    territories: int
    managers: int
    candidates_in_pipeline: int
    by_grade: list[tuple[Grade, int]]
    by_segment: list[tuple[Segment, int]]
    by_status: list[tuple[ManagerStatus, int]]
    qualification: dict[QualificationState, int]
    pipeline: list[tuple[PipelineStatus, int]]


def _count(session: Session, stmt: Select[int]) -> int:
    return session.scalar(stmt) or 0


def build_overview(session: Session, today: date) -> Overview:
    """Gather the home page's figures in a handful of grouped queries."""
    in_team = Manager.status.in_(IN_TEAM)
    grades = {grade.id: grade for grade in session.scalars(select(Grade).order_by(Grade.rank))}
    grade_counts = dict(
        session.execute(
            select(Manager.grade_id, func.count()).where(in_team).group_by(Manager.grade_id)
        ).all()
    )
    segment_counts = dict(
        session.execute(select(Manager.segment, func.count()).where(in_team).group_by(Manager.segment)).all()
    )
    status_counts = dict(session.execute(select(Manager.status, func.count()).group_by(Manager.status)).all())
    pipeline_counts = dict(
        session.execute(select(Candidate.status, func.count()).group_by(Candidate.status)).all()
    )
    validity = int(get_setting(session, "qualification_validity_years"))
    warning = int(get_setting(session, "qualification_warning_days"))
    qualification = {
        state: _count(
            session,
            select(func.count())
            .select_from(Manager)
            .where(in_team, qualification_condition(state, today, validity, warning)),
        )
        for state in QualificationState
    }
    open_statuses = [status for status in PipelineStatus if not status.is_final]
    return Overview(
        units=_count(session, select(func.count()).select_from(OrgUnit)),
        territories=_count(session, select(func.count()).select_from(Territory)),
        managers=sum(segment_counts.values()),
        candidates_in_pipeline=sum(pipeline_counts.get(status, 0) for status in open_statuses),
        by_grade=[(grade, grade_counts.get(grade_id, 0)) for grade_id, grade in grades.items()],
        by_segment=[(segment, segment_counts.get(segment, 0)) for segment in Segment],
        by_status=[(status, status_counts.get(status, 0)) for status in ManagerStatus],
        qualification=qualification,
        pipeline=[(status, pipeline_counts.get(status, 0)) for status in PipelineStatus],
    )
