"""Each list page's filters read from the query string, the same way the list reads them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from planner.assessments.forms import AssessmentFilterForm
from planner.assessments.services import AssessmentFilters
from planner.candidates.forms import CandidateFilterForm
from planner.candidates.gates import gate_rules
from planner.candidates.queries import CandidateFilters, preferable_units
from planner.enums import (
    AssessmentSource,
    CandidateChannel,
    Education,
    ManagerStatus,
    PipelineStatus,
    Segment,
)
from planner.people.forms import ManagerFilterForm
from planner.people.qualification import QualificationState
from planner.people.queries import ManagerFilters
from planner.performance.forms import ReviewFilterForm
from planner.performance.reviews import ReviewFilters
from planner.settings.services import get_setting
from planner.territories.forms import TerritoryFilterForm
from planner.territories.services import TerritoryFilters


def _member(enum_cls: Any, value: str | None) -> Any:
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def manager_filters(session: Session, args: MultiDict[str, str]) -> ManagerFilters:
    """Return the CM list's filters."""
    form = ManagerFilterForm(session, formdata=args, meta={"csrf": False})
    return ManagerFilters(
        branch_id=form.branch.data,
        outlet_id=form.outlet.data,
        segment=_member(Segment, form.segment.data),
        grade_id=form.grade.data,
        status=_member(ManagerStatus, form.status.data),
        qualification=_member(QualificationState, form.qualification.data),
        search=(form.q.data or "")[:60],
        validity_years=int(get_setting(session, "qualification_validity_years")),
        warning_days=int(get_setting(session, "qualification_warning_days")),
    )


def territory_filters(session: Session, args: MultiDict[str, str]) -> TerritoryFilters:
    """Return the territory list's filters."""
    return TerritoryFilterForm(session, formdata=args, meta={"csrf": False}).filters()


def candidate_filters(
    session: Session, args: MultiDict[str, str], personal: bool, today: dt.date
) -> CandidateFilters:
    """Return the candidate list's filters (names are searched only for roles that may see them)."""
    form = CandidateFilterForm(preferable_units(session), formdata=args, meta={"csrf": False})
    form.validate()
    return CandidateFilters(
        channel=_member(CandidateChannel, form.channel.data),
        status=_member(PipelineStatus, form.status.data),
        education=_member(Education, form.education.data),
        unit_id=form.unit.data if not form.unit.errors else None,
        passes_gates={"yes": True, "no": False}.get(args.get("gates") or ""),
        text=(form.q.data or "")[:60],
        search_names=personal,
        sort="composite" if form.sort.data == "composite" else "reference",
        rules=gate_rules(session),
        today=today,
    )


def review_filters(session: Session, args: MultiDict[str, str]) -> ReviewFilters:
    """Return the review list's filters."""
    form = ReviewFilterForm(session, args, meta={"csrf": False})
    form.validate()
    return ReviewFilters(
        scheme_id=None if form.scheme.errors else form.scheme.data,
        period=None if form.period.errors else form.period.data or None,
        branch_id=None if form.branch.errors else form.branch.data,
        segment=Segment(form.segment.data) if form.segment.data and not form.segment.errors else None,
        search=form.q.data or "",
    )


def assessment_filters(session: Session, args: MultiDict[str, str]) -> AssessmentFilters:
    """Return the assessment list's filters."""
    form = AssessmentFilterForm(session, args, meta={"csrf": False})
    form.validate()
    return AssessmentFilters(
        subject_kind=form.kind.data or None,
        dimension_id=None if form.dimension.errors else form.dimension.data,
        source=_member(AssessmentSource, form.source.data) if not form.source.errors else None,
        date_from=None if form.date_from.errors else form.date_from.data,
        date_to=None if form.date_to.errors else form.date_to.data,
        search=form.q.data or "",
    )
