"""The candidate list query: each filter, the search and the order return exactly the expected rows."""

from __future__ import annotations

import datetime as dt

from planner.candidates.gates import GateRules
from planner.candidates.queries import CandidateFilters, search_candidates
from planner.enums import CandidateChannel, Education, PipelineStatus
from tests.factories import CandidateFactory, OutletFactory, PreferenceFactory

TODAY = dt.date(2026, 11, 23)


def references(db, **filters) -> list[str]:
    return [c.reference for c in db.scalars(search_candidates(db, CandidateFilters(**filters))).all()]


def test_without_filters_every_candidate_is_listed_by_reference(db):
    for reference in ("C3", "C1", "C2"):
        CandidateFactory(reference=reference)
    assert references(db) == ["C1", "C2", "C3"]


def test_filter_by_channel(db):
    CandidateFactory(reference="campus")
    CandidateFactory(reference="counter", channel=CandidateChannel.COUNTER_TRANSFER, employee_no="E1")
    assert references(db, channel=CandidateChannel.COUNTER_TRANSFER) == ["counter"]


def test_filter_by_status(db):
    CandidateFactory(reference="a", status=PipelineStatus.APPLIED)
    CandidateFactory(reference="i", status=PipelineStatus.INTERVIEW)
    assert references(db, status=PipelineStatus.INTERVIEW) == ["i"]


def test_filter_by_education(db):
    CandidateFactory(reference="b", education=Education.BACHELOR)
    CandidateFactory(reference="m", education=Education.MASTER)
    assert references(db, education=Education.MASTER) == ["m"]


def test_filter_by_preferred_unit_matches_any_rank(db):
    wanted, other = OutletFactory(), OutletFactory()
    first = CandidateFactory(reference="first")
    PreferenceFactory(candidate=first, unit=wanted, rank=1)
    third = CandidateFactory(reference="third")
    PreferenceFactory(candidate=third, unit=other, rank=1)
    PreferenceFactory(candidate=third, unit=wanted, rank=3)
    elsewhere = CandidateFactory(reference="elsewhere")
    PreferenceFactory(candidate=elsewhere, unit=other, rank=1)
    CandidateFactory(reference="none")
    assert references(db, unit_id=wanted.id) == ["first", "third"]


def test_filter_by_passing_all_gates_yes_and_no(db):
    CandidateFactory(reference="ok")
    CandidateFactory(reference="credit", credit_record_clean=False)
    CandidateFactory(reference="pending", interview_score=None)
    rules = GateRules()
    assert references(db, passes_gates=True, rules=rules, today=TODAY) == ["ok"]
    assert references(db, passes_gates=False, rules=rules, today=TODAY) == ["credit", "pending"]


def test_search_matches_part_of_the_reference_ignoring_case(db):
    CandidateFactory(reference="XZ2026-017")
    CandidateFactory(reference="XZ2026-170")
    CandidateFactory(reference="SH2026-001")
    assert references(db, text="z2026-17") == ["XZ2026-170"]


def test_search_matches_names_only_when_allowed(db):
    CandidateFactory(reference="C1", name="王小明")
    CandidateFactory(reference="C2", name="李小红")
    assert references(db, text="小明", search_names=True) == ["C1"]
    assert references(db, text="小明", search_names=False) == []


def test_search_treats_percent_literally(db):
    CandidateFactory(reference="A%1")
    CandidateFactory(reference="AB1")
    assert references(db, text="%") == ["A%1"]


def test_filters_combine(db):
    CandidateFactory(reference="hit", education=Education.MASTER, status=PipelineStatus.SCREENED)
    CandidateFactory(reference="miss", education=Education.MASTER, status=PipelineStatus.APPLIED)
    assert references(db, education=Education.MASTER, status=PipelineStatus.SCREENED) == ["hit"]


def test_composite_order_puts_the_best_first_and_unscored_last(db):
    CandidateFactory(reference="A", written_score=60.0, interview_score=60.0)
    CandidateFactory(reference="B", written_score=90.0, interview_score=40.0)  # 40/60: 60, 50/50: 65
    CandidateFactory(reference="C", written_score=None)
    CandidateFactory(reference="D", written_score=70.0, interview_score=70.0)
    assert references(db, sort="composite", rules=GateRules(written_weight=0.4)) == ["D", "A", "B", "C"]
