"""Each list's rows as the import reads them back: references by code, grades by name, names masked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.assessments.models import Assessment
from planner.assessments.services import AssessmentFilters, search_assessments
from planner.candidates.models import Candidate
from planner.candidates.privacy import mask_name
from planner.candidates.queries import CandidateFilters, search_candidates
from planner.pages.territories.queries import search_territories
from planner.people.models import Grade, Manager
from planner.people.queries import ManagerFilters, search_managers
from planner.performance.models import KpiScheme, PerformanceReview
from planner.performance.reviews import ReviewFilters, search_reviews
from planner.spreadsheets.exports import ExportFile, build_export, stream
from planner.spreadsheets.kinds.assessments import COLUMNS as ASSESSMENT_COLUMNS
from planner.spreadsheets.kinds.candidates import COLUMNS as CANDIDATE_COLUMNS
from planner.spreadsheets.kinds.candidates import FIELDS as CANDIDATE_FIELDS
from planner.spreadsheets.kinds.manager_columns import COLUMNS as MANAGER_COLUMNS
from planner.spreadsheets.kinds.reviews import COLUMNS as REVIEW_COLUMNS
from planner.spreadsheets.kinds.reviews import indicator_column
from planner.spreadsheets.kinds.territories import COLUMNS as TERRITORY_COLUMNS
from planner.spreadsheets.kinds.thresholds import PREFIX as THRESHOLD_PREFIX
from planner.spreadsheets.kinds.thresholds import dimensions, threshold_column
from planner.territories.models import Territory, TerritoryThreshold
from planner.territories.services import TerritoryFilters
from planner.territories.staffing import StaffingNorms

TERRITORY_PLAIN = [c.key for c in TERRITORY_COLUMNS if c.key not in ("unit", "min_grade")]
# What viewers do not see of a candidate, on the pages and in exports.
PERSONAL_FIELDS = ("birth_date", "id_number", "phone")


def manager_record(manager: Manager, language: str) -> dict[str, Any]:
    """Return a CM's values by import column key."""
    grade = manager.grade
    return {
        "employee_no": manager.employee_no,
        "name": manager.name,
        "gender": manager.gender,
        "birth_date": manager.birth_date,
        "bank_hire_date": manager.bank_hire_date,
        "cm_since": manager.cm_since,
        "grade": grade.name_zh if language == "zh" else grade.name_en,
        "segment": manager.segment,
        "unit": manager.unit.code,
        "education": manager.education,
        "title_level": manager.title_level,
        "territory": manager.territory.code if manager.territory else None,
        "territory_since": manager.territory_since,
        "qualification_passed_on": manager.qualification_passed_on,
        "credit_record_clean": manager.credit_record_clean,
        "has_disciplinary_record": manager.has_disciplinary_record,
        "status": manager.status,
        "home_latitude": manager.home_latitude,
        "home_longitude": manager.home_longitude,
    }


def export_managers(
    session: Session, filters: ManagerFilters, today: dt.date, language: str, fmt: str
) -> ExportFile:
    """Export the CMs the list shows with ``filters``."""
    managers = stream(session, search_managers(session, filters, today))
    records = (manager_record(m, language) for m in managers)
    return build_export("managers", MANAGER_COLUMNS, records, language, fmt, today)


def masked(name: str, personal: bool) -> str:
    """Return the name as the role may see it (surname and ** for viewers)."""
    return name if personal else mask_name(name)


def territory_record(territory: Territory, language: str) -> dict[str, Any]:
    """Return a territory's values by import column key (the minimum grade by name)."""
    return {
        **{name: getattr(territory, name) for name in TERRITORY_PLAIN},
        "unit": territory.unit.code,
        "min_grade": None,
    }


def export_territories(
    session: Session, filters: TerritoryFilters, norms: StaffingNorms, today: dt.date, language: str, fmt: str
) -> ExportFile:
    """Export the territories the list shows with ``filters``."""
    grades = {g.rank: (g.name_zh if language == "zh" else g.name_en) for g in session.scalars(select(Grade))}
    stmt = search_territories(filters, norms).with_only_columns(Territory)
    stmt = stmt.options(selectinload(Territory.thresholds))
    used = set(session.scalars(select(TerritoryThreshold.dimension_id).distinct()))
    columns = [*TERRITORY_COLUMNS, *(threshold_column(d) for d in dimensions(session) if d.id in used)]

    def records() -> Iterator[dict[str, Any]]:
        for territory in stream(session, stmt):
            record = territory_record(territory, language)
            rank = territory.min_grade_rank
            record["min_grade"] = grades.get(rank) if rank is not None else None
            for threshold in territory.thresholds:
                record[f"{THRESHOLD_PREFIX}{threshold.dimension_id}"] = threshold.min_score
            yield record

    return build_export("territories", columns, records(), language, fmt, today)


def candidate_record(candidate: Candidate, personal: bool) -> dict[str, Any]:
    """Return a candidate's values; without ``personal`` the name is masked and personal data left out."""
    record = {name: getattr(candidate, name) for name in CANDIDATE_FIELDS}
    record["name"] = masked(candidate.name, personal)
    if not personal:
        for name in PERSONAL_FIELDS:
            record[name] = None
    for preference in candidate.preferences:
        record[f"preference_{preference.rank}"] = preference.unit.code
    return record


def export_candidates(
    session: Session, filters: CandidateFilters, personal: bool, today: dt.date, language: str, fmt: str
) -> ExportFile:
    """Export the candidates the list shows with ``filters``, masked as on the pages unless ``personal``."""
    candidates = stream(session, search_candidates(session, filters))
    records = (candidate_record(c, personal) for c in candidates)
    return build_export("candidates", CANDIDATE_COLUMNS, records, language, fmt, today)


def assessment_record(assessment: Assessment) -> dict[str, Any]:
    """Return an assessment's values by import column key."""
    return {
        "employee_no": assessment.manager.employee_no if assessment.manager else None,
        "candidate_reference": assessment.candidate.reference if assessment.candidate else None,
        "dimension": assessment.dimension.code,
        "score": assessment.score,
        "assessed_on": assessment.assessed_on,
        "source": assessment.source,
    }


def export_assessments(
    session: Session, filters: AssessmentFilters, today: dt.date, language: str, fmt: str
) -> ExportFile:
    """Export the assessments the list shows with ``filters``."""
    records = (assessment_record(a) for a in stream(session, search_assessments(filters)))
    return build_export("assessments", ASSESSMENT_COLUMNS, records, language, fmt, today)


def export_reviews(
    session: Session, filters: ReviewFilters, today: dt.date, language: str, fmt: str
) -> ExportFile:
    """Export the reviews the list shows, one column per indicator of the schemes they belong to."""
    stmt = search_reviews(filters).options(selectinload(PerformanceReview.values))
    schemes = {}
    scheme_ids = set(
        session.scalars(stmt.with_only_columns(PerformanceReview.scheme_id).distinct().order_by(None))
    )
    for scheme in session.scalars(
        select(KpiScheme).where(KpiScheme.id.in_(scheme_ids)).order_by(KpiScheme.id)
    ):
        schemes[scheme.id] = scheme
    indicators = [indicator for scheme in schemes.values() for indicator in scheme.indicators]
    columns = [*REVIEW_COLUMNS, *(indicator_column(indicator) for indicator in indicators)]

    def records() -> Iterator[dict[str, Any]]:
        for review in stream(session, stmt):
            record: dict[str, Any] = {
                "employee_no": review.manager.employee_no,
                "period": review.period,
                "scheme": review.scheme.name,
            }
            for value in review.values:
                record[f"indicator_{value.indicator_id}"] = value.value
            yield record

    return build_export("reviews", columns, records(), language, fmt, today)
