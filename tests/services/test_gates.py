"""Entry gates of competitive hiring: each gate alone, then all together, in Python and in SQL alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from planner.candidates.gates import (
    Gate,
    GateOutcome,
    GateRules,
    composite_gate,
    credit_gate,
    discipline_gate,
    education_gate,
    evaluate_gates,
    gate_rules,
    passes_all_gates,
    passes_all_gates_condition,
    qualification_gate,
    years_before,
)
from planner.candidates.models import Candidate
from planner.enums import CandidateChannel, Education
from planner.settings.services import set_setting
from tests.factories import CandidateFactory

TODAY = dt.date(2026, 11, 23)
RULES = GateRules()


@dataclass
class Applicant:
    """A candidate as the gates see it: everything passes unless a test says otherwise."""

    channel: CandidateChannel = CandidateChannel.CAMPUS
    education: Education = Education.BACHELOR
    credit_record_clean: bool = True
    has_disciplinary_record: bool = False
    qualification_passed_on: dt.date | None = None
    written_score: float | None = 70.0
    interview_score: float | None = 70.0


def test_clean_credit_record_passes():
    assert credit_gate(Applicant(), RULES, TODAY).outcome is GateOutcome.PASSED


def test_unclean_credit_record_fails_with_its_reason():
    result = credit_gate(Applicant(credit_record_clean=False), RULES, TODAY)
    assert (result.gate, result.outcome, result.text) == (
        Gate.CREDIT,
        GateOutcome.FAILED,
        "The credit record is not clean.",
    )


def test_serious_disciplinary_record_fails():
    result = discipline_gate(Applicant(has_disciplinary_record=True), RULES, TODAY)
    assert (result.outcome, result.text) == (GateOutcome.FAILED, "Has a serious disciplinary record.")


def test_no_disciplinary_record_passes():
    assert discipline_gate(Applicant(), RULES, TODAY).outcome is GateOutcome.PASSED


@pytest.mark.parametrize("channel", [CandidateChannel.COUNTER_TRANSFER, CandidateChannel.INTERNAL])
def test_internal_candidate_without_qualification_fails(channel):
    result = qualification_gate(Applicant(channel=channel), RULES, TODAY)
    assert result.outcome is GateOutcome.FAILED
    assert result.text == "Not passed; internal candidates must hold a valid qualification."


@pytest.mark.parametrize(
    "channel", [CandidateChannel.CAMPUS, CandidateChannel.EXPERIENCED, CandidateChannel.REFERRAL]
)
def test_external_candidate_without_qualification_takes_it_after_hiring(channel):
    result = qualification_gate(Applicant(channel=channel), RULES, TODAY)
    assert (result.outcome, result.text) == (
        GateOutcome.AFTER_HIRING,
        "Not passed yet; to be taken after hiring.",
    )
    assert result.outcome.is_met


def test_qualification_passed_within_validity_passes():
    # Passed 2024-11-24: two years end on 2026-11-23, the last valid day.
    result = qualification_gate(
        Applicant(channel=CandidateChannel.INTERNAL, qualification_passed_on=dt.date(2024, 11, 24)),
        RULES,
        TODAY,
    )
    assert (result.outcome, result.text) == (GateOutcome.PASSED, "Passed on 2024-11-24, valid for 2 years.")


def test_qualification_exactly_validity_years_old_has_expired_for_internal_candidate():
    result = qualification_gate(
        Applicant(channel=CandidateChannel.INTERNAL, qualification_passed_on=dt.date(2024, 11, 23)),
        RULES,
        TODAY,
    )
    assert (result.outcome, result.text) == (
        GateOutcome.FAILED,
        "Passed on 2024-11-23, more than 2 years ago: expired.",
    )


def test_expired_qualification_of_external_candidate_is_retaken_after_hiring():
    result = qualification_gate(Applicant(qualification_passed_on=dt.date(2023, 5, 1)), RULES, TODAY)
    assert result.outcome is GateOutcome.AFTER_HIRING


def test_qualification_validity_follows_the_setting():
    rules = GateRules(qualification_validity_years=3)
    applicant = Applicant(channel=CandidateChannel.INTERNAL, qualification_passed_on=dt.date(2024, 1, 1))
    assert qualification_gate(applicant, rules, TODAY).outcome is GateOutcome.PASSED
    assert qualification_gate(applicant, RULES, TODAY).outcome is GateOutcome.FAILED


def test_years_before_turns_29_february_into_28_february():
    assert years_before(dt.date(2028, 2, 29), 2) == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("education", "outcome"),
    [
        (Education.HIGH_SCHOOL, GateOutcome.FAILED),
        (Education.JUNIOR_COLLEGE, GateOutcome.PASSED),
        (Education.MASTER, GateOutcome.PASSED),
    ],
)
def test_education_must_reach_junior_college_by_default(education, outcome):
    assert education_gate(Applicant(education=education), RULES, TODAY).outcome is outcome


def test_education_minimum_follows_the_rules():
    rules = GateRules(min_education=Education.BACHELOR)
    result = education_gate(Applicant(education=Education.JUNIOR_COLLEGE), rules, TODAY)
    assert result.outcome is GateOutcome.FAILED
    assert result.params == {"education": "junior_college", "minimum": "bachelor"}


def test_composite_at_the_minimum_passes():
    # 50 × 0.5 + 70 × 0.5 = 60.
    result = composite_gate(Applicant(written_score=50, interview_score=70), RULES, TODAY)
    assert (result.outcome, result.text) == (GateOutcome.PASSED, "60.00 is at least 60.")


def test_composite_below_the_minimum_fails():
    # 50 × 0.5 + 69 × 0.5 = 59.5.
    result = composite_gate(Applicant(written_score=50, interview_score=69), RULES, TODAY)
    assert (result.outcome, result.text) == (GateOutcome.FAILED, "59.50 is below 60.")


def test_composite_uses_the_written_weight():
    # 40/60 weighting: 80 × 0.4 + 50 × 0.6 = 62 passes; at 50/50 it would be 65, at 0.7 it is 71.
    rules = GateRules(written_weight=0.4, min_composite_score=62)
    result = composite_gate(Applicant(written_score=80, interview_score=50), rules, TODAY)
    assert (result.outcome, result.params["score"]) == (GateOutcome.PASSED, "62.00")


@pytest.mark.parametrize(("written", "interview"), [(None, 80.0), (80.0, None), (None, None)])
def test_composite_is_pending_until_both_scores_exist(written, interview):
    result = composite_gate(Applicant(written_score=written, interview_score=interview), RULES, TODAY)
    assert result.outcome is GateOutcome.PENDING
    assert not result.outcome.is_met


def test_evaluate_gates_lists_every_gate_in_order():
    results = evaluate_gates(Applicant(), RULES, TODAY)
    assert [result.gate for result in results] == [
        Gate.CREDIT,
        Gate.DISCIPLINE,
        Gate.QUALIFICATION,
        Gate.EDUCATION,
        Gate.COMPOSITE,
    ]
    assert passes_all_gates(results)


def test_one_failed_gate_means_not_all_gates_pass():
    assert not passes_all_gates(evaluate_gates(Applicant(has_disciplinary_record=True), RULES, TODAY))


def test_a_pending_gate_means_not_all_gates_pass_yet():
    assert not passes_all_gates(evaluate_gates(Applicant(interview_score=None), RULES, TODAY))


def test_gate_rules_come_from_the_defaults(db):
    assert gate_rules(db) == GateRules(
        written_weight=0.5,
        min_composite_score=60.0,
        min_education=Education.JUNIOR_COLLEGE,
        qualification_validity_years=2,
    )


def test_gate_rules_follow_changed_settings(db):
    set_setting(db, "exam_written_weight", 0.4)
    set_setting(db, "min_composite_score", 65)
    set_setting(db, "min_education", "bachelor")
    set_setting(db, "qualification_validity_years", 3)
    db.flush()
    assert gate_rules(db) == GateRules(0.4, 65.0, Education.BACHELOR, 3)


SQL_CASES = {
    "passes": {},
    "unclean credit": {"credit_record_clean": False},
    "disciplinary record": {"has_disciplinary_record": True},
    "internal without qualification": {"channel": CandidateChannel.INTERNAL, "employee_no": "E1"},
    "internal, valid qualification": {
        "channel": CandidateChannel.COUNTER_TRANSFER,
        "employee_no": "E2",
        "qualification_passed_on": dt.date(2025, 1, 1),
    },
    "internal, expired qualification": {
        "channel": CandidateChannel.INTERNAL,
        "employee_no": "E3",
        "qualification_passed_on": dt.date(2024, 11, 23),
    },
    "external, expired qualification": {"qualification_passed_on": dt.date(2020, 1, 1)},
    "high school": {"education": Education.HIGH_SCHOOL},
    "no interview yet": {"interview_score": None},
    "composite exactly 60 at 40/60": {"written_score": 45.0, "interview_score": 70.0},
    "composite just below": {"written_score": 45.0, "interview_score": 69.9},
}


def test_sql_condition_agrees_with_the_python_gates(db):
    # 45 × 0.4 + 70 × 0.6 = 60 exactly on paper, 59.99999999999999 in floating point.
    rules = GateRules(written_weight=0.4)
    for reference, overrides in SQL_CASES.items():
        CandidateFactory(reference=reference, **overrides)
    db.flush()
    candidates = db.scalars(select(Candidate)).all()
    expected = {c.reference for c in candidates if passes_all_gates(evaluate_gates(c, rules, TODAY))}
    in_sql = set(
        db.scalars(select(Candidate.reference).where(passes_all_gates_condition(rules, TODAY))).all()
    )
    assert expected == {
        "passes",
        "internal, valid qualification",
        "external, expired qualification",
        "composite exactly 60 at 40/60",
    }
    assert in_sql == expected
