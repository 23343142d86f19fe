"""Assessments: exactly one subject, a 0–100 score, no future date; refusals change nothing."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from planner.assessments.models import Assessment
from planner.assessments.services import (
    AssessmentFilters,
    AssessmentInput,
    create_assessment,
    search_assessments,
    update_assessment,
)
from planner.enums import AssessmentSource
from planner.errors import InvalidInput
from tests import factories

TODAY = dt.date(2026, 3, 15)


def _input(dimension, **changes) -> AssessmentInput:
    fields = {
        "dimension_id": dimension.id,
        "employee_no": "E1",
        "candidate_reference": "",
        "score": 80.0,
        "assessed_on": TODAY,
        "source": AssessmentSource.SUPERVISOR,
    } | changes
    return AssessmentInput(**fields)


@pytest.fixture
def dimension(db):
    factories.ManagerFactory(employee_no="E1")
    factories.CandidateFactory(reference="C1")
    return factories.DimensionFactory()


def test_assessment_of_a_cm_is_recorded_on_today(db, dimension):
    assessment = create_assessment(db, _input(dimension), today=TODAY)
    assert (assessment.manager.employee_no, assessment.candidate_id, assessment.score) == ("E1", None, 80.0)


def test_assessment_of_a_candidate_is_recorded(db, dimension):
    assessment = create_assessment(
        db, _input(dimension, employee_no="", candidate_reference="C1"), today=TODAY
    )
    assert (assessment.manager_id, assessment.candidate.reference) == (None, "C1")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"candidate_reference": "C1"}, "employee_no"),
        ({"employee_no": ""}, "employee_no"),
        ({"employee_no": "E404"}, "employee_no"),
        ({"employee_no": "", "candidate_reference": "C404"}, "candidate_reference"),
        ({"score": 100.5}, "score"),
        ({"score": -1.0}, "score"),
        ({"assessed_on": TODAY + dt.timedelta(days=1)}, "assessed_on"),
        ({"dimension_id": 999_999}, "dimension_id"),
    ],
)
def test_bad_assessments_are_refused_on_the_right_field(db, dimension, changes, field):
    with pytest.raises(InvalidInput) as error:
        create_assessment(db, _input(dimension, **changes), today=TODAY)
    assert error.value.field == field
    assert db.scalar(select(func.count()).select_from(Assessment)) == 0


def test_update_can_move_an_assessment_from_a_cm_to_a_candidate(db, dimension):
    assessment = create_assessment(db, _input(dimension), today=TODAY)
    update_assessment(
        db, assessment, _input(dimension, employee_no="", candidate_reference="C1", score=90.0), today=TODAY
    )
    db.refresh(assessment)
    assert (assessment.manager_id, assessment.candidate.reference, assessment.score) == (None, "C1", 90.0)


def test_search_matches_the_employee_number_or_the_reference_exactly(db, dimension):
    cm = create_assessment(db, _input(dimension), today=TODAY)
    candidate = create_assessment(
        db, _input(dimension, employee_no="", candidate_reference="C1"), today=TODAY
    )
    assert db.scalars(search_assessments(AssessmentFilters(search="E1"))).all() == [cm]
    assert db.scalars(search_assessments(AssessmentFilters(search="C1"))).all() == [candidate]
    assert db.scalars(search_assessments(AssessmentFilters(search="E"))).all() == []
