"""Finding candidates for lists, and what a candidate's page shows beyond the row itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from planner.candidates.gates import GateRules, gate_rules, passes_all_gates_condition
from planner.candidates.models import Candidate, CandidatePreference, CandidateStatusChange
from planner.candidates.scoring import composite_expression
from planner.enums import CandidateChannel, Education, PipelineStatus, UnitKind
from planner.org.models import OrgUnit


@dataclass
class CandidateFilters:
    """What a list of candidates is narrowed to; None means "any"."""

    channel: CandidateChannel | None = None
    status: PipelineStatus | None = None
    education: Education | None = None
    # A unit the candidate prefers, at any rank.
    unit_id: int | None = None
    passes_gates: bool | None = None
    # Matches the reference, and the name too when ``search_names`` is on (roles allowed to see names).
    text: str = ""
    search_names: bool = False
    # "reference" or "composite" (best first).
    sort: str = "reference"
    # Needed by the gate filter and the composite sort; read from settings when not given.
    rules: GateRules | None = None
    today: dt.date | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_candidates(session: Session, filters: CandidateFilters) -> Select[Any]:
    """Return the query of candidates matching ``filters``, in a stable order, preferences preloaded."""
    stmt = select(Candidate).options(selectinload(Candidate.preferences).joinedload(CandidatePreference.unit))
    if filters.channel is not None:
        stmt = stmt.where(Candidate.channel == filters.channel)
    if filters.status is not None:
        stmt = stmt.where(Candidate.status == filters.status)
    if filters.education is not None:
        stmt = stmt.where(Candidate.education == filters.education)
    if filters.unit_id is not None:
        stmt = stmt.where(
            exists().where(
                CandidatePreference.candidate_id == Candidate.id,
                CandidatePreference.unit_id == filters.unit_id,
            )
        )
    text = filters.text.strip()
    if text:
        pattern = f"%{_escape_like(text)}%"
        matches = [Candidate.reference.ilike(pattern, escape="\\")]
        if filters.search_names:
            matches.append(Candidate.name.ilike(pattern, escape="\\"))
        stmt = stmt.where(or_(*matches))
    rules = filters.rules
    if rules is None and (filters.passes_gates is not None or filters.sort == "composite"):
        rules = gate_rules(session)
    if filters.passes_gates is not None and rules is not None:
        condition = passes_all_gates_condition(rules, filters.today or dt.date.today())
        stmt = stmt.where(condition if filters.passes_gates else not_(condition))
    if filters.sort == "composite" and rules is not None:
        stmt = stmt.order_by(
            composite_expression(rules.written_weight).desc().nulls_last(), Candidate.reference
        )
    else:
        stmt = stmt.order_by(Candidate.reference)
    return stmt


def preferable_units(session: Session) -> list[OrgUnit]:
    """Return the units a candidate may prefer: branches and outlets, by code."""
    return list(
        session.scalars(
            select(OrgUnit).where(OrgUnit.kind.in_([UnitKind.BRANCH, UnitKind.OUTLET])).order_by(OrgUnit.code)
        )
    )


def load_candidate(session: Session, candidate_id: int) -> Candidate | None:
    """Return a candidate with preferences and history (and their users) loaded, or None."""
    return session.scalar(
        select(Candidate)
        .where(Candidate.id == candidate_id)
        .options(
            selectinload(Candidate.preferences).joinedload(CandidatePreference.unit),
            selectinload(Candidate.history).joinedload(CandidateStatusChange.changed_by),
        )
    )
