"""Pipeline moves: legal steps only, each recorded with who, when, from, to and a note."""

import pytest
from sqlalchemy import func, select

from planner.candidates.models import CandidateStatusChange
from planner.candidates.pipeline import allowed_moves, move_candidate
from planner.enums import PipelineStatus
from planner.errors import InvalidInput
from tests.factories import CandidateFactory, UserFactory

S = PipelineStatus


def test_allowed_moves_are_the_next_step_or_out():
    assert allowed_moves(S.SCREENED) == [S.WRITTEN_EXAM, S.REJECTED, S.WITHDRAWN]


def test_final_statuses_allow_no_move():
    assert allowed_moves(S.HIRED) == []
    assert allowed_moves(S.REJECTED) == []


def test_move_to_the_next_step_changes_status_and_records_it(db):
    user = UserFactory()
    candidate = CandidateFactory(status=S.APPLIED)
    change = move_candidate(db, candidate, S.SCREENED, user.id, "  材料齐全 ")
    assert candidate.status is S.SCREENED
    assert (change.from_status, change.to_status, change.changed_by_id, change.note) == (
        S.APPLIED,
        S.SCREENED,
        user.id,
        "材料齐全",
    )
    assert change.changed_at is not None


def test_whole_pipeline_can_be_walked_to_hired(db):
    candidate = CandidateFactory(status=S.APPLIED)
    for target in (S.SCREENED, S.WRITTEN_EXAM, S.INTERVIEW, S.OFFERED, S.HIRED):
        move_candidate(db, candidate, target, None)
    assert candidate.status is S.HIRED
    assert [c.to_status for c in candidate.history] == [
        S.SCREENED,
        S.WRITTEN_EXAM,
        S.INTERVIEW,
        S.OFFERED,
        S.HIRED,
    ]


@pytest.mark.parametrize("status", [S.APPLIED, S.WRITTEN_EXAM, S.OFFERED])
def test_rejection_is_possible_from_any_open_status(db, status):
    candidate = CandidateFactory(status=status)
    move_candidate(db, candidate, S.REJECTED, None, "综合成绩不足")
    assert candidate.status is S.REJECTED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.APPLIED, S.INTERVIEW),  # skips two steps
        (S.INTERVIEW, S.WRITTEN_EXAM),  # backwards
        (S.HIRED, S.WITHDRAWN),  # out of a final status
        (S.REJECTED, S.SCREENED),
        (S.APPLIED, S.APPLIED),
    ],
)
def test_illegal_move_raises_and_changes_nothing(db, start, target):
    candidate = CandidateFactory(status=start)
    db.flush()
    with pytest.raises(InvalidInput) as raised:
        move_candidate(db, candidate, target, None)
    assert raised.value.field == "to_status"
    assert raised.value.message.params == {"from_status": start.value, "to_status": target.value}
    assert candidate.status is start
    assert db.scalar(select(func.count()).select_from(CandidateStatusChange)) == 0


def test_overlong_note_is_refused(db):
    candidate = CandidateFactory(status=S.APPLIED)
    with pytest.raises(InvalidInput) as raised:
        move_candidate(db, candidate, S.SCREENED, None, "x" * 501)
    assert raised.value.field == "note"
    assert candidate.status is S.APPLIED
