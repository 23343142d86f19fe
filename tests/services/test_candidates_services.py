"""Creating, changing and deleting candidates: every rule, and nothing changed when one is broken."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.candidates.models import Candidate, CandidatePreference, CandidateStatusChange
from planner.candidates.services import CandidateData, create_candidate, delete_candidate, update_candidate
from planner.enums import AuditAction, CandidateChannel, Education, Gender, PipelineStatus
from planner.errors import InvalidInput, StillReferenced
from tests.factories import (
    AssessmentFactory,
    BankFactory,
    BranchFactory,
    CandidateFactory,
    OutletFactory,
    PreferenceFactory,
    UserFactory,
)

TODAY = dt.date(2026, 11, 23)


def data(**changes: object) -> CandidateData:
    """A valid campus candidate, changed as a test needs."""
    base = CandidateData(
        reference="XZ2026-001",
        channel=CandidateChannel.CAMPUS,
        name="王小明",
        gender=Gender.MALE,
        birth_date=dt.date(2003, 4, 2),
        education=Education.BACHELOR,
        applied_on=dt.date(2026, 10, 8),
        id_number="42010220030402001x",
        phone="13912345678",
        written_score=81.5,
        interview_score=77.0,
    )
    return replace(base, **changes)


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_create_stores_the_candidate_as_applied_with_a_first_history_entry(db):
    user = UserFactory()
    branch, outlet = BranchFactory(), OutletFactory()
    candidate = create_candidate(db, data(preferences=[outlet.id, branch.id]), user.id, TODAY)
    assert candidate.status is PipelineStatus.APPLIED
    assert candidate.id_number == "42010220030402001X"
    assert [(p.rank, p.unit_id) for p in candidate.preferences] == [(1, outlet.id), (2, branch.id)]
    [first] = candidate.history
    assert (first.from_status, first.to_status, first.changed_by_id) == (
        None,
        PipelineStatus.APPLIED,
        user.id,
    )


def test_create_is_written_to_the_audit_log(db):
    candidate = create_candidate(db, data(), None, TODAY)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.entity == "candidate"))
    assert (entry.action, entry.entity_id) == (AuditAction.CREATE, str(candidate.id))


def test_empty_optional_text_becomes_none(db):
    candidate = create_candidate(db, data(id_number="  ", phone="", employee_no=" "), None, TODAY)
    assert (candidate.id_number, candidate.phone, candidate.employee_no) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": " "}, "reference"),
        ({"name": ""}, "name"),
        ({"channel": CandidateChannel.COUNTER_TRANSFER}, "employee_no"),
        ({"channel": CandidateChannel.INTERNAL, "employee_no": ""}, "employee_no"),
        ({"id_number": "4201022003040200"}, "id_number"),
        ({"id_number": "42010220030402001Y"}, "id_number"),
        ({"phone": "1391234567"}, "phone"),
        ({"phone": "139-1234-5678"}, "phone"),
        ({"birth_date": dt.date(2008, 10, 9)}, "birth_date"),  # 17 on the day of applying
        ({"birth_date": dt.date(1965, 10, 8)}, "birth_date"),  # 61 that day
        ({"written_score": 100.5}, "written_score"),
        ({"interview_score": -1.0}, "interview_score"),
        ({"personality_score": 101.0}, "personality_score"),
        ({"qualification_passed_on": dt.date(2026, 11, 24)}, "qualification_passed_on"),
        ({"applied_on": dt.date(2026, 11, 24)}, "applied_on"),
        ({"years_experience": -1}, "years_experience"),
    ],
)
def test_broken_rule_names_its_field_and_stores_nothing(db, changes, field):
    with pytest.raises(InvalidInput) as raised:
        create_candidate(db, data(**changes), None, TODAY)
    assert raised.value.field == field
    assert count(db, Candidate) == 0


def test_ages_18_and_60_on_the_day_of_applying_are_accepted(db):
    create_candidate(db, data(reference="A", birth_date=dt.date(2008, 10, 8)), None, TODAY)
    create_candidate(db, data(reference="B", birth_date=dt.date(1965, 10, 9)), None, TODAY)
    assert count(db, Candidate) == 2


def test_internal_candidate_with_employee_number_is_accepted(db):
    candidate = create_candidate(
        db, data(channel=CandidateChannel.COUNTER_TRANSFER, employee_no="E001234"), None, TODAY
    )
    assert candidate.employee_no == "E001234"


def test_reference_must_be_unique(db):
    CandidateFactory(reference="XZ2026-001")
    with pytest.raises(InvalidInput) as raised:
        create_candidate(db, data(), None, TODAY)
    assert raised.value.field == "reference"
    assert raised.value.message == "Reference XZ2026-001 is already used."


def test_more_than_three_preferences_are_refused(db):
    units = [OutletFactory().id for _ in range(4)]
    with pytest.raises(InvalidInput) as raised:
        create_candidate(db, data(preferences=units), None, TODAY)
    assert raised.value.field == "preferences"


def test_the_same_unit_twice_is_refused(db):
    outlet = OutletFactory()
    with pytest.raises(InvalidInput, match="only once"):
        create_candidate(db, data(preferences=[outlet.id, outlet.id]), None, TODAY)


def test_the_bank_itself_is_not_a_preference(db):
    bank = BankFactory()
    with pytest.raises(InvalidInput, match="branch or an outlet"):
        create_candidate(db, data(preferences=[bank.id]), None, TODAY)


def test_update_changes_facts_and_reorders_preferences(db):
    first, second = OutletFactory(), OutletFactory()
    candidate = create_candidate(db, data(preferences=[first.id, second.id]), None, TODAY)
    update_candidate(db, candidate, data(written_score=90.0, preferences=[second.id, first.id]), TODAY)
    db.expire_all()
    stored = db.get(Candidate, candidate.id)
    assert stored.written_score == 90.0
    assert [(p.rank, p.unit_id) for p in stored.preferences] == [(1, second.id), (2, first.id)]


def test_update_keeps_its_own_reference_and_the_status(db):
    candidate = CandidateFactory(reference="XZ2026-001", status=PipelineStatus.INTERVIEW)
    update_candidate(db, candidate, data(), TODAY)
    assert (candidate.reference, candidate.status) == ("XZ2026-001", PipelineStatus.INTERVIEW)


def test_update_refusing_a_rule_changes_nothing(db):
    candidate = CandidateFactory(written_score=70.0)
    db.commit()
    with pytest.raises(InvalidInput):
        update_candidate(db, candidate, data(written_score=88.0, phone="123"), TODAY)
    db.rollback()
    assert db.get(Candidate, candidate.id).written_score == 70.0


def test_delete_removes_candidate_preferences_and_history(db):
    candidate = create_candidate(db, data(preferences=[OutletFactory().id]), None, TODAY)
    delete_candidate(db, candidate)
    assert (count(db, Candidate), count(db, CandidatePreference), count(db, CandidateStatusChange)) == (
        0,
        0,
        0,
    )


def test_delete_is_refused_while_competency_assessments_refer_to_the_candidate(db):
    candidate = CandidateFactory(reference="XZ2026-009")
    AssessmentFactory(candidate=candidate, manager=None)
    PreferenceFactory(candidate=candidate)
    with pytest.raises(StillReferenced) as raised:
        delete_candidate(db, candidate)
    assert raised.value.message.params == {"reference": "XZ2026-009", "count": 1}
    assert count(db, Candidate) == 1
    assert count(db, CandidatePreference) == 1
