"""Composite exam score of competitive hiring (公开竞聘): written exam and interview, weighted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case

from planner.candidates.models import Candidate


def composite_score(written: float | None, interview: float | None, written_weight: float) -> float | None:
    """Return written × weight + interview × (1 − weight), or None until both scores exist."""
    if written is None or interview is None:
        return None
    return written * written_weight + interview * (1 - written_weight)


def composite_expression(written_weight: float) -> ColumnElement[Any]:
    """Return the composite score as a SQL expression (NULL until both scores exist)."""
    both = and_(Candidate.written_score.is_not(None), Candidate.interview_score.is_not(None))
    weighted = Candidate.written_score * written_weight + Candidate.interview_score * (1 - written_weight)
    return case((both, weighted), else_=None)
