"""Moving a candidate through the selection pipeline, with a history of every step."""

from __future__ import annotations

from sqlalchemy.orm import Session

from planner.candidates.models import Candidate, CandidateStatusChange
from planner.db import utcnow
from planner.enums import PipelineStatus
from planner.errors import InvalidInput
from planner.messages import N_

NOTE_MAX_LENGTH = 500


def allowed_moves(status: PipelineStatus) -> list[PipelineStatus]:
    """Return the statuses a candidate in ``status`` may move to, in pipeline order."""
    return [target for target in PipelineStatus if status.can_move_to(target)]


def record_status_change(
    session: Session,
    candidate: Candidate,
    from_status: PipelineStatus | None,
    to_status: PipelineStatus,
    actor_id: int | None,
    note: str = "",
) -> CandidateStatusChange:
    """Append one step to the candidate's pipeline history."""
    change = CandidateStatusChange(
        from_status=from_status,
        to_status=to_status,
        changed_at=utcnow(),
        changed_by_id=actor_id,
        note=note.strip(),
    )
    candidate.history.append(change)
    session.add(change)
    return change


def move_candidate(
    session: Session, candidate: Candidate, to_status: PipelineStatus, actor_id: int | None, note: str = ""
) -> CandidateStatusChange:
    """Move ``candidate`` to ``to_status`` if the pipeline allows it, recording who did it and why."""
    if not candidate.status.can_move_to(to_status):
        raise InvalidInput(
            "to_status",
            N_(
                "A candidate cannot move from %(from_status)s to %(to_status)s.",
                from_status=candidate.status,
                to_status=to_status,
            ),
        )
    if len(note.strip()) > NOTE_MAX_LENGTH:
        raise InvalidInput("note", N_("The note is longer than %(limit)s characters.", limit=NOTE_MAX_LENGTH))
    change = record_status_change(session, candidate, candidate.status, to_status, actor_id, note)
    candidate.status = to_status
    session.flush()
    return change
