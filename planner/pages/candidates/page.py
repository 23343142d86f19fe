"""Everything the candidate page shows: facts, composite score, gates, assessments and pipeline history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from planner.assessments.models import Assessment
from planner.candidates.gates import GateResult, GateRules, evaluate_gates, gate_rules, passes_all_gates
from planner.candidates.models import Candidate, CandidateStatusChange
from planner.candidates.queries import load_candidate
from planner.candidates.scoring import composite_score
from planner.competency.models import CompetencyDimension
from planner.errors import NotFound
from planner.messages import N_


def today() -> dt.date:
    """Return today's date in Beijing, where the bank works."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def candidate_assessments(session: Session, candidate_id: int) -> list[Assessment]:
    """Return the candidate's competency assessments, latest first, with their dimension and group."""
    return list(
        session.scalars(
            select(Assessment)
            .where(Assessment.candidate_id == candidate_id)
            .options(joinedload(Assessment.dimension).joinedload(CompetencyDimension.group))
            .order_by(Assessment.assessed_on.desc(), Assessment.id)
        )
    )


@dataclass(frozen=True)
class CandidatePage:
    """The candidate page; who may see the name is the web layer's concern."""

    candidate: Candidate
    rules: GateRules
    composite: float | None
    gates: list[GateResult]
    passes_all: bool
    assessments: list[Assessment]
    # Oldest change first.
    history: list[CandidateStatusChange]


def candidate_page_data(session: Session, candidate_id: int, today: dt.date) -> CandidatePage:
    """Gather the page of ``candidate_id`` (raise ``NotFound`` when there is no such candidate)."""
    candidate = load_candidate(session, candidate_id)
    if candidate is None:
        raise NotFound(N_("Candidate %(ident)s does not exist.", ident=candidate_id))
    rules = gate_rules(session)
    results = evaluate_gates(candidate, rules, today)
    return CandidatePage(
        candidate=candidate,
        rules=rules,
        composite=composite_score(candidate.written_score, candidate.interview_score, rules.written_weight),
        gates=results,
        passes_all=passes_all_gates(results),
        assessments=list(candidate_assessments(session, candidate.id)),
        history=sorted(candidate.history, key=lambda change: (change.changed_at, change.id)),
    )
