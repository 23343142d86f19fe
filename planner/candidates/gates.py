"""Entry gates of competitive hiring: rules every candidate must meet before an offer.

Each gate is a small function giving a ``GateResult`` with a reason. The same rules exist as one SQL condition
(``passes_all_gates_condition``) so lists can filter on them; tests keep the two in step.

Credit-qualification rule (信贷资格): the exam is valid ``qualification_validity_years`` from the day it was
passed. Internal candidates (counter-staff transfer, internal competition) are already employees and must hold
a valid qualification. External candidates (campus, experienced hire, referral) take it after hiring: when it
is missing or expired the gate says so but does not block.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from planner.candidates.models import Candidate
from planner.candidates.scoring import composite_score
from planner.enums import CandidateChannel, Education
from planner.messages import N_

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Floating-point slack so that 59.99999999 from 0.4/0.6 weights still counts as 60, in Python and SQL alike.
SCORE_TOLERANCE = 1e-9


class Gate(enum.StrEnum):
    """The entry gates, in the order they are shown."""

    CREDIT = "credit"
    DISCIPLINE = "discipline"
    QUALIFICATION = "qualification"
    EDUCATION = "education"
    COMPOSITE = "composite"


GATE_NAMES = {
    Gate.CREDIT: N_("Clean credit record"),
    Gate.DISCIPLINE: N_("No serious disciplinary record"),
    Gate.QUALIFICATION: N_("Credit-qualification exam"),
    Gate.EDUCATION: N_("Education"),
    Gate.COMPOSITE: N_("Composite score"),
}


class GateOutcome(enum.StrEnum):
    """What a gate says about a candidate."""

    PASSED = "passed"
    FAILED = "failed"
    # Not decidable yet (e.g. the interview has not taken place).
    PENDING = "pending"
    # Not required before hiring; the candidate meets it after joining (external channels' qualification).
    AFTER_HIRING = "after_hiring"

    @property
    def is_met(self) -> bool:
        """Tell whether this outcome lets the candidate through."""
        return self in (GateOutcome.PASSED, GateOutcome.AFTER_HIRING)


OUTCOME_NAMES = {
    GateOutcome.PASSED: N_("Passed"),
    GateOutcome.FAILED: N_("Failed"),
    GateOutcome.PENDING: N_("Pending"),
    GateOutcome.AFTER_HIRING: N_("After hiring"),
}


@dataclass(frozen=True)
class GateRules:
    """The bank's thresholds for the gates (from settings)."""

    written_weight: float = 0.5
    min_composite_score: float = 60.0
    min_education: Education = Education.JUNIOR_COLLEGE
    qualification_validity_years: int = 2

    @property
    def interview_weight(self) -> float:
        """Return the interview's weight in the composite: what the written exam leaves."""
        return round(1.0 - self.written_weight, 6)


@dataclass(frozen=True)
class GateResult:
    """One gate's verdict; ``reason`` is an English template (translatable) filled with ``params``."""

    gate: Gate
    outcome: GateOutcome
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Return the gate's English name (a translatable msgid)."""
        return GATE_NAMES[self.gate]

    @property
    def text(self) -> str:
        """Return the reason in English, filled in."""
        return self.reason % self.params if self.params else self.reason


class GateSubject(Protocol):
    """What the gates read from a candidate (a ``Candidate`` row or any object alike)."""

    channel: CandidateChannel
    education: Education
    credit_record_clean: bool
    has_disciplinary_record: bool
    qualification_passed_on: dt.date | None
    written_score: float | None
    interview_score: float | None


def gate_rules(session: Session) -> GateRules:
    """Build the gate rules from the bank's settings."""
    from planner.settings.models import Setting
    from planner.settings.services import DEFAULTS

    keys = ("exam_written_weight", "min_composite_score", "min_education", "qualification_validity_years")
    # One query for the four settings: every list and candidate page needs them.
    stored = {row.key: row.value for row in session.scalars(select(Setting).where(Setting.key.in_(keys)))}
    values = {key: stored.get(key, DEFAULTS[key]) for key in keys}
    return GateRules(
        written_weight=float(values["exam_written_weight"]),
        min_composite_score=float(values["min_composite_score"]),
        min_education=Education(values["min_education"]),
        qualification_validity_years=int(values["qualification_validity_years"]),
    )


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def qualification_cutoff(rules: GateRules, today: dt.date) -> dt.date:
    """Return the latest pass date that is already too old: valid means passed strictly after it."""
    return years_before(today, rules.qualification_validity_years)


def credit_gate(candidate: GateSubject, rules: GateRules, today: dt.date) -> GateResult:
    """征信: the candidate's credit record must be clean."""
    if candidate.credit_record_clean:
        return GateResult(Gate.CREDIT, GateOutcome.PASSED, N_("The credit record is clean."))
    return GateResult(Gate.CREDIT, GateOutcome.FAILED, N_("The credit record is not clean."))


def discipline_gate(candidate: GateSubject, rules: GateRules, today: dt.date) -> GateResult:
    """No serious disciplinary record."""
    if not candidate.has_disciplinary_record:
        return GateResult(Gate.DISCIPLINE, GateOutcome.PASSED, N_("No serious disciplinary record."))
    return GateResult(Gate.DISCIPLINE, GateOutcome.FAILED, N_("Has a serious disciplinary record."))


def qualification_gate(candidate: GateSubject, rules: GateRules, today: dt.date) -> GateResult:
    """信贷资格: passed and still valid; internal candidates need it now, external ones after hiring."""
    passed_on = candidate.qualification_passed_on
    internal = candidate.channel.is_internal
    if passed_on is None:
        if internal:
            return GateResult(
                Gate.QUALIFICATION,
                GateOutcome.FAILED,
                N_("Not passed; internal candidates must hold a valid qualification."),
            )
        return GateResult(
            Gate.QUALIFICATION, GateOutcome.AFTER_HIRING, N_("Not passed yet; to be taken after hiring.")
        )
    years = rules.qualification_validity_years
    params = {"passed_on": passed_on.isoformat(), "years": years}
    if passed_on > qualification_cutoff(rules, today):
        return GateResult(
            Gate.QUALIFICATION,
            GateOutcome.PASSED,
            N_("Passed on %(passed_on)s, valid for %(years)s years."),
            params,
        )
    if internal:
        return GateResult(
            Gate.QUALIFICATION,
            GateOutcome.FAILED,
            N_("Passed on %(passed_on)s, more than %(years)s years ago: expired."),
            params,
        )
    return GateResult(
        Gate.QUALIFICATION,
        GateOutcome.AFTER_HIRING,
        N_("Passed on %(passed_on)s, more than %(years)s years ago: to be re-taken after hiring."),
        params,
    )


def education_gate(candidate: GateSubject, rules: GateRules, today: dt.date) -> GateResult:
    """Education at least the bank's minimum (usually 大专)."""
    # Values are enum codes; the web layer shows their labels.
    # Enum members: they read as their codes in English and as their labels where the edge translates.
    params = {"education": candidate.education, "minimum": rules.min_education}
    if candidate.education.rank >= rules.min_education.rank:
        return GateResult(
            Gate.EDUCATION, GateOutcome.PASSED, N_("%(education)s meets the minimum (%(minimum)s)."), params
        )
    return GateResult(
        Gate.EDUCATION, GateOutcome.FAILED, N_("%(education)s is below the minimum (%(minimum)s)."), params
    )


def composite_gate(candidate: GateSubject, rules: GateRules, today: dt.date) -> GateResult:
    """Composite of written exam and interview at least the minimum, once both scores exist."""
    score = composite_score(candidate.written_score, candidate.interview_score, rules.written_weight)
    if score is None:
        return GateResult(
            Gate.COMPOSITE, GateOutcome.PENDING, N_("Waiting for both the written exam and the interview.")
        )
    params = {"score": f"{score:.2f}", "minimum": f"{rules.min_composite_score:g}"}
    if score + SCORE_TOLERANCE >= rules.min_composite_score:
        return GateResult(
            Gate.COMPOSITE, GateOutcome.PASSED, N_("%(score)s is at least %(minimum)s."), params
        )
    return GateResult(Gate.COMPOSITE, GateOutcome.FAILED, N_("%(score)s is below %(minimum)s."), params)


GATES: list[Callable[[GateSubject, GateRules, dt.date], GateResult]] = [
    credit_gate,
    discipline_gate,
    qualification_gate,
    education_gate,
    composite_gate,
]


def evaluate_gates(candidate: GateSubject, rules: GateRules, today: dt.date) -> list[GateResult]:
    """Return every gate's verdict on ``candidate``, in display order."""
    return [gate(candidate, rules, today) for gate in GATES]


def passes_all_gates(results: list[GateResult]) -> bool:
    """Tell whether every gate lets the candidate through (pending counts as not yet)."""
    return all(result.outcome.is_met for result in results)


def passes_all_gates_condition(rules: GateRules, today: dt.date) -> ColumnElement[bool]:
    """Return the SQL condition true exactly for candidates ``passes_all_gates`` accepts."""
    internal = [channel for channel in CandidateChannel if channel.is_internal]
    high_enough = [level for level in Education if level.rank >= rules.min_education.rank]
    weighted = Candidate.written_score * rules.written_weight + Candidate.interview_score * (
        1 - rules.written_weight
    )
    # Every NULL test is explicit so the condition is never NULL and its negation means "does not pass".
    return and_(
        Candidate.credit_record_clean.is_(true()),
        Candidate.has_disciplinary_record.is_(false()),
        or_(
            Candidate.channel.not_in(internal),
            and_(
                Candidate.qualification_passed_on.is_not(None),
                Candidate.qualification_passed_on > qualification_cutoff(rules, today),
            ),
        ),
        Candidate.education.in_(high_enough),
        Candidate.written_score.is_not(None),
        Candidate.interview_score.is_not(None),
        weighted >= rules.min_composite_score - SCORE_TOLERANCE,
    )
