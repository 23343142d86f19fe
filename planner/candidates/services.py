"""Create, change and delete candidates; every rule a record must meet is checked here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.candidates.models import Candidate, CandidatePreference
from planner.candidates.pipeline import record_status_change
from planner.enums import CandidateChannel, Education, Gender, PipelineStatus, UnitKind
from planner.errors import InvalidInput, StillReferenced
from planner.messages import N_
from planner.org.models import OrgUnit
from planner.persistence import count_referring, delete_row

ID_NUMBER_PATTERN = re.compile(r"^\d{17}[\dX]$")
PHONE_PATTERN = re.compile(r"^\d{11}$")
MIN_AGE, MAX_AGE = 18, 60
MAX_PREFERENCES = 3
SCORE_FIELDS = ("written_score", "interview_score", "personality_score")


@dataclass
class CandidateData:
    """Everything a planner enters about a candidate (the pipeline status is changed by moves only)."""

    reference: str
    channel: CandidateChannel
    name: str
    gender: Gender
    birth_date: dt.date
    education: Education
    applied_on: dt.date
    employee_no: str | None = None
    id_number: str | None = None
    phone: str | None = None
    major: str = ""
    years_experience: int = 0
    written_score: float | None = None
    interview_score: float | None = None
    personality_score: float | None = None
    credit_record_clean: bool = True
    has_disciplinary_record: bool = False
    qualification_passed_on: dt.date | None = None
    # Unit ids, first choice first.
    preferences: list[int] = field(default_factory=list)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Return the age in whole years on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def normalise(data: CandidateData) -> CandidateData:
    """Trim text and turn empty optional values into None (an ID number's x becomes X)."""
    data.reference = data.reference.strip()
    data.name = data.name.strip()
    data.major = (data.major or "").strip()
    data.employee_no = (data.employee_no or "").strip() or None
    data.id_number = (data.id_number or "").strip().upper() or None
    data.phone = (data.phone or "").strip() or None
    return data


def check_candidate(
    session: Session, data: CandidateData, today: dt.date, existing: Candidate | None = None
) -> None:
    """Raise ``InvalidInput`` naming the first field that breaks a rule."""
    if not data.reference:
        raise InvalidInput("reference", N_("A reference is required."))
    taken = select(Candidate.id).where(Candidate.reference == data.reference)
    if existing is not None:
        taken = taken.where(Candidate.id != existing.id)
    if session.scalar(taken) is not None:
        raise InvalidInput(
            "reference", N_("Reference %(reference)s is already used.", reference=data.reference)
        )
    if not data.name:
        raise InvalidInput("name", N_("The full name is required."))
    if data.channel.is_internal and not data.employee_no:
        raise InvalidInput(
            "employee_no",
            N_("Internal candidates (counter staff, internal competition) need an employee number."),
        )
    if data.id_number is not None and not ID_NUMBER_PATTERN.match(data.id_number):
        raise InvalidInput("id_number", N_("An ID number has 18 characters: 17 digits, then a digit or X."))
    if data.phone is not None and not PHONE_PATTERN.match(data.phone):
        raise InvalidInput("phone", N_("A phone number has 11 digits."))
    if data.applied_on > today:
        raise InvalidInput("applied_on", N_("The application date cannot be in the future."))
    # Age at application, so that records of past campaigns stay valid as years go by.
    age = age_on(data.birth_date, data.applied_on)
    if not MIN_AGE <= age <= MAX_AGE:
        raise InvalidInput(
            "birth_date",
            N_(
                "The candidate must be %(low)s to %(high)s years old when applying (is %(age)s).",
                low=MIN_AGE,
                high=MAX_AGE,
                age=age,
            ),
        )
    if data.years_experience < 0:
        raise InvalidInput("years_experience", N_("Years of experience cannot be negative."))
    for name in SCORE_FIELDS:
        score = getattr(data, name)
        if score is not None and not 0 <= score <= 100:
            raise InvalidInput(name, N_("A score lies between 0 and 100."))
    if data.qualification_passed_on is not None and data.qualification_passed_on > today:
        raise InvalidInput("qualification_passed_on", N_("The qualification date cannot be in the future."))
    _check_preferences(session, data.preferences)


def _check_preferences(session: Session, unit_ids: list[int]) -> None:
    if len(unit_ids) > MAX_PREFERENCES:
        raise InvalidInput("preferences", N_("At most %(count)s preferences.", count=MAX_PREFERENCES))
    if len(set(unit_ids)) != len(unit_ids):
        raise InvalidInput("preferences", N_("Each preferred unit may be chosen only once."))
    if not unit_ids:
        return
    kinds = {
        row.id: row.kind
        for row in session.execute(select(OrgUnit.id, OrgUnit.kind).where(OrgUnit.id.in_(unit_ids)))
    }
    for unit_id in unit_ids:
        if kinds.get(unit_id) not in (UnitKind.BRANCH, UnitKind.OUTLET):
            raise InvalidInput("preferences", N_("A preference must be a branch or an outlet."))


def _apply(session: Session, candidate: Candidate, data: CandidateData) -> None:
    for name in (
        "reference",
        "channel",
        "employee_no",
        "name",
        "gender",
        "birth_date",
        "id_number",
        "phone",
        "education",
        "major",
        "years_experience",
        *SCORE_FIELDS,
        "credit_record_clean",
        "has_disciplinary_record",
        "qualification_passed_on",
        "applied_on",
    ):
        setattr(candidate, name, getattr(data, name))
    current = [preference.unit_id for preference in candidate.preferences]
    if current != data.preferences:
        # Old rows go first: new ranks and units would otherwise collide with the unique constraints.
        candidate.preferences.clear()
        session.flush()
        for rank, unit_id in enumerate(data.preferences, start=1):
            candidate.preferences.append(CandidatePreference(unit_id=unit_id, rank=rank))


def create_candidate(
    session: Session, data: CandidateData, actor_id: int | None, today: dt.date
) -> Candidate:
    """Add a candidate in the "applied" state and record that first step of the history."""
    normalise(data)
    check_candidate(session, data, today)
    candidate = Candidate(status=PipelineStatus.APPLIED)
    session.add(candidate)
    _apply(session, candidate, data)
    record_status_change(session, candidate, None, PipelineStatus.APPLIED, actor_id)
    session.flush()
    return candidate


def update_candidate(
    session: Session, candidate: Candidate, data: CandidateData, today: dt.date
) -> Candidate:
    """Change a candidate's facts, scores and preferences (not the pipeline status)."""
    normalise(data)
    check_candidate(session, data, today, existing=candidate)
    _apply(session, candidate, data)
    session.flush()
    return candidate


def delete_candidate(session: Session, candidate: Candidate) -> None:
    """Delete a candidate with preferences and history; refuse while competency assessments refer to them."""
    assessments = count_referring(session, "assessment", "candidate_id", [candidate.id])
    if assessments:
        raise StillReferenced(
            "candidate",
            N_(
                "Candidate %(reference)s still has %(count)s competency assessments; delete them first.",
                reference=candidate.reference,
                count=assessments,
            ),
        )
    delete_row(session, candidate, candidate.reference)
