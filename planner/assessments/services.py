"""Competency assessments of CMs and candidates: one 0–100 score on one dimension."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from planner.assessments.models import Assessment
from planner.candidates.models import Candidate
from planner.competency.models import CompetencyDimension, CompetencyGroup
from planner.enums import AssessmentSource
from planner.errors import InvalidInput
from planner.messages import N_
from planner.people.models import Manager

SUBJECT_MANAGER = "manager"
SUBJECT_CANDIDATE = "candidate"


@dataclass(frozen=True)
class AssessmentFilters:
    """What the assessment list is narrowed to; None or "" means no restriction."""

    subject_kind: str | None = None
    dimension_id: int | None = None
    source: AssessmentSource | None = None
    date_from: date | None = None
    date_to: date | None = None
    # An employee number or a candidate reference, matched exactly.
    search: str = ""


def search_assessments(filters: AssessmentFilters) -> Select[Assessment]:
    """Return the query of assessments matching ``filters``, newest first."""
    stmt = select(Assessment).options(
        joinedload(Assessment.dimension)
        .joinedload(CompetencyDimension.group)
        .joinedload(CompetencyGroup.framework),
        joinedload(Assessment.manager),
        joinedload(Assessment.candidate),
    )
    if filters.subject_kind == SUBJECT_MANAGER:
        stmt = stmt.where(Assessment.manager_id.is_not(None))
    elif filters.subject_kind == SUBJECT_CANDIDATE:
        stmt = stmt.where(Assessment.candidate_id.is_not(None))
    if filters.dimension_id:
        stmt = stmt.where(Assessment.dimension_id == filters.dimension_id)
    if filters.source:
        stmt = stmt.where(Assessment.source == filters.source)
    if filters.date_from:
        stmt = stmt.where(Assessment.assessed_on >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Assessment.assessed_on <= filters.date_to)
    term = (filters.search or "").strip()
    if term:
        # Unique, indexed columns: resolve them to ids first so the main query stays on assessment indexes.
        managers = select(Manager.id).where(Manager.employee_no == term)
        candidates = select(Candidate.id).where(Candidate.reference == term)
        stmt = stmt.where(
            or_(
                Assessment.manager_id.in_(managers.scalar_subquery()),
                Assessment.candidate_id.in_(candidates.scalar_subquery()),
            )
        )
    return stmt.order_by(Assessment.assessed_on.desc(), Assessment.id.desc())


@dataclass(frozen=True)
class AssessmentInput:
    """The fields of an assessment as a user enters them."""

    dimension_id: int | None
    employee_no: str
    candidate_reference: str
    score: float | None
    assessed_on: date | None
    source: AssessmentSource | None


def _subject(session: Session, data: AssessmentInput) -> tuple[int | None, int | None]:
    """Resolve the employee number or candidate reference to (manager_id, candidate_id)."""
    employee_no = (data.employee_no or "").strip()
    reference = (data.candidate_reference or "").strip()
    if bool(employee_no) == bool(reference):
        raise InvalidInput(
            "employee_no", N_("Give either a CM's employee number or a candidate's reference, not both.")
        )
    if employee_no:
        manager_id = session.scalar(select(Manager.id).where(Manager.employee_no == employee_no))
        if manager_id is None:
            raise InvalidInput("employee_no", N_("No CM has employee number %(no)s.", no=employee_no))
        return manager_id, None
    candidate_id = session.scalar(select(Candidate.id).where(Candidate.reference == reference))
    if candidate_id is None:
        raise InvalidInput("candidate_reference", N_("No candidate has reference %(ref)s.", ref=reference))
    return None, candidate_id


@dataclass(frozen=True)
class _Checked:
    """An assessment's values once every rule holds."""

    dimension_id: int
    score: float
    assessed_on: date
    source: AssessmentSource


def _check(session: Session, data: AssessmentInput, today: date) -> _Checked:
    if data.dimension_id is None or session.get(CompetencyDimension, data.dimension_id) is None:
        raise InvalidInput("dimension_id", N_("Choose a dimension."))
    if data.score is None or not 0 <= data.score <= 100:
        raise InvalidInput("score", N_("The score must be between 0 and 100."))
    if data.assessed_on is None:
        raise InvalidInput("assessed_on", N_("A date is required."))
    if data.assessed_on > today:
        raise InvalidInput("assessed_on", N_("The date cannot be in the future."))
    if data.source is None:
        raise InvalidInput("source", N_("Choose a source."))
    return _Checked(data.dimension_id, float(data.score), data.assessed_on, data.source)


def create_assessment(session: Session, data: AssessmentInput, *, today: date | None = None) -> Assessment:
    """Record a score for a CM or a candidate on one dimension."""
    checked = _check(session, data, today or date.today())
    manager_id, candidate_id = _subject(session, data)
    assessment = Assessment(
        dimension_id=checked.dimension_id,
        manager_id=manager_id,
        candidate_id=candidate_id,
        score=checked.score,
        assessed_on=checked.assessed_on,
        source=checked.source,
    )
    session.add(assessment)
    session.flush()
    return assessment


def update_assessment(
    session: Session, assessment: Assessment, data: AssessmentInput, *, today: date | None = None
) -> Assessment:
    """Change an assessment's subject, dimension, score, date or source."""
    checked = _check(session, data, today or date.today())
    assessment.manager_id, assessment.candidate_id = _subject(session, data)
    assessment.dimension_id = checked.dimension_id
    assessment.score = checked.score
    assessment.assessed_on = checked.assessed_on
    assessment.source = checked.source
    session.flush()
    return assessment


def delete_assessment(session: Session, assessment: Assessment) -> None:
    """Delete an assessment."""
    session.delete(assessment)
    session.flush()
