"""Read the bank's data a plan needs, in a few grouped queries, into plain records the adapter turns into
solver input. Nothing here knows the solver; the rules that decide (gates, rotation, staffing need) are the
planner's own functions, called here once."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.assessments.models import Assessment
from planner.audit.models import AuditEntry
from planner.candidates.gates import evaluate_gates, gate_rules
from planner.candidates.models import Candidate, CandidatePreference
from planner.competency.models import CompetencyDimension
from planner.enums import AuditAction, Education, ManagerStatus, PipelineStatus, TitleLevel, UnitKind
from planner.org.models import OrgUnit, UnitStaffCount
from planner.people.models import AvoidanceLink, Grade, Manager, TerritoryAssignment
from planner.people.rotation import years_in_territory
from planner.performance.models import PerformanceReview
from planner.settings.services import get_setting
from planner.territories.models import Territory, TerritoryThreshold
from planner.territories.staffing import staffing_need, staffing_norms

# Candidates already hired, rejected or withdrawn are not in the pool.
FINAL_STATUSES = (PipelineStatus.HIRED, PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN)
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320


@dataclass
class BranchRecord:
    """A plan unit: a branch (支行) with its coordinates and total staff by year."""

    id: int
    code: str
    x: float
    y: float
    total_staff: dict[int, int] = field(default_factory=dict)


@dataclass
class ManagerRecord:
    """A CM as the plan, the named decisions and the assignment see them."""

    id: int
    code: str  # employee number
    branch: str  # branch code
    outlet: str  # outlet (unit) code
    grade: str
    segment: str
    status: ManagerStatus
    age: float
    bachelor: bool
    mid_title: bool
    years_as_cm: float
    years_in_grade: float  # since the last recorded grade change, else since becoming a CM
    months_since_promotion: float | None  # since the last recorded move up the ladder; None: none recorded
    performance: float
    competency: float
    competencies: dict[str, int]
    home_x: float
    home_y: float
    territory: str | None
    years_in_territory: float


@dataclass
class TerritoryRecord:
    """A territory with its staffing need and requirements."""

    id: int
    code: str
    outlet: str
    branch: str
    segment: str
    need: int
    min_grade: str | None
    competency_min: dict[str, int]
    x: float
    y: float


@dataclass
class CandidateRecord:
    """A candidate with the planner's gate outcome (the first gate not met, if any)."""

    id: int
    reference: str
    channel: str
    written: float
    interview: float | None
    education: str
    bachelor: bool
    age: float
    preferences: list[str]  # branch codes, first choice first
    failed_gate: str | None
    gate_reason: str


@dataclass
class BankData:
    """Everything the adapter reads from the database, as plain records."""

    today: date
    base_year: int
    grades: list[str]  # the bank's ladder, lowest first
    branches: list[BranchRecord]
    outlets: dict[str, tuple[str, float, float]]  # outlet code → (branch code, x, y)
    managers: list[ManagerRecord]
    exited_last_year: dict[str, int]  # grade → CMs who left in the last twelve months
    territories: list[TerritoryRecord]
    avoidance: list[tuple[str, str]]
    candidates: list[CandidateRecord]
    written_weight: float
    min_composite: float
    rotation_years: float
    attrition_setting: float
    first_year_attrition_setting: float


def _xy(lat: float | None, lon: float | None, origin: tuple[float, float]) -> tuple[float, float]:
    """Project WGS-84 coordinates onto a local plane in km around ``origin`` (good over a county)."""
    if lat is None or lon is None:
        return 0.0, 0.0
    x = (lon - origin[1]) * KM_PER_DEGREE_LON * math.cos(math.radians(origin[0]))
    return round(x, 3), round((lat - origin[0]) * KM_PER_DEGREE_LAT, 3)


def _years(start: date, today: date) -> float:
    return round(max(0, (today - start).days) / 365.25, 3)


def load_bank(session: Session, today: date) -> BankData:
    """Read the bank's org, CMs, territories and candidates for planning as of ``today``."""
    units = list(session.scalars(select(OrgUnit)))
    bank = next((u for u in units if u.kind is UnitKind.BANK), None)
    origin = (bank.latitude or 0.0, bank.longitude or 0.0) if bank else (0.0, 0.0)
    by_id = {u.id: u for u in units}
    branches = {
        u.id: BranchRecord(u.id, u.code, *_xy(u.latitude, u.longitude, origin))
        for u in units
        if u.kind is UnitKind.BRANCH
    }
    for row in session.execute(
        select(UnitStaffCount.unit_id, UnitStaffCount.year, UnitStaffCount.total_staff)
    ):
        if row.unit_id in branches:
            branches[row.unit_id].total_staff[row.year] = row.total_staff
    years = [y for b in branches.values() for y in b.total_staff]
    base_year = max(years) if years else today.year

    def branch_of(unit_id: int) -> OrgUnit | None:
        unit = by_id.get(unit_id)
        while unit is not None and unit.kind is not UnitKind.BRANCH:
            unit = by_id.get(unit.parent_id) if unit.parent_id else None
        return unit

    outlets = {}
    for u in units:
        branch = branch_of(u.id)
        if branch is not None:
            outlets[u.code] = (branch.code, *_xy(u.latitude, u.longitude, origin))
    grades = list(session.scalars(select(Grade).order_by(Grade.rank)))
    grade_code = {g.id: g.code for g in grades}
    rank_code = {g.rank: g.code for g in grades}
    territories = _territories(session, by_id, branch_of, rank_code, origin)
    territory_code = {t.id: t.code for t in territories}
    managers, exited = _managers(session, by_id, branch_of, grade_code, territory_code, origin, today)
    return BankData(
        today=today,
        base_year=base_year,
        grades=[g.code for g in grades],
        branches=sorted(branches.values(), key=lambda b: b.code),
        outlets=outlets,
        managers=managers,
        exited_last_year=exited,
        territories=territories,
        avoidance=_avoidance(session),
        candidates=_candidates(session, by_id, branch_of, today),
        written_weight=gate_rules(session).written_weight,
        min_composite=gate_rules(session).min_composite_score,
        rotation_years=float(get_setting(session, "rotation_years")),
        attrition_setting=float(get_setting(session, "attrition_rate")),
        first_year_attrition_setting=float(get_setting(session, "first_year_attrition_rate")),
    )


def _territories(session, by_id, branch_of, rank_code, origin) -> list[TerritoryRecord]:
    norms = staffing_norms(session)
    thresholds: dict[int, dict[str, int]] = defaultdict(dict)
    for territory_id, code, score in session.execute(
        select(TerritoryThreshold.territory_id, CompetencyDimension.code, TerritoryThreshold.min_score).join(
            CompetencyDimension, CompetencyDimension.id == TerritoryThreshold.dimension_id
        )
    ):
        thresholds[territory_id][code] = round(score)
    out = []
    for t in session.scalars(select(Territory).order_by(Territory.code)):
        branch = branch_of(t.unit_id)
        if branch is None:
            continue
        x, y = _xy(t.latitude, t.longitude, origin)
        out.append(
            TerritoryRecord(
                id=t.id,
                code=t.code,
                outlet=by_id[t.unit_id].code,
                branch=branch.code,
                segment=t.segment.value,
                need=staffing_need(t, norms).count,
                min_grade=rank_code.get(t.min_grade_rank) if t.min_grade_rank is not None else None,
                competency_min=thresholds.get(t.id, {}),
                x=x,
                y=y,
            )
        )
    return out


def _latest_scores(session: Session) -> tuple[dict[int, float], dict[int, dict[str, int]]]:
    """Return each CM's latest performance score and latest score per competency dimension."""
    latest = (
        select(PerformanceReview.manager_id, func.max(PerformanceReview.period).label("period"))
        .group_by(PerformanceReview.manager_id)
        .subquery()
    )
    performance = {
        manager_id: score or 0.0
        for manager_id, score in session.execute(
            select(PerformanceReview.manager_id, PerformanceReview.composite_score).join(
                latest,
                (latest.c.manager_id == PerformanceReview.manager_id)
                & (latest.c.period == PerformanceReview.period),
            )
        )
    }
    competencies: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(Assessment.manager_id, CompetencyDimension.code, Assessment.score)
        .join(CompetencyDimension, CompetencyDimension.id == Assessment.dimension_id)
        .where(Assessment.manager_id.is_not(None))
        .order_by(Assessment.assessed_on, Assessment.id)
    )
    for manager_id, code, score in rows:
        if manager_id is None:  # excluded by the query; says so to the type checker
            continue
        competencies[manager_id][code] = round(score)  # later assessments overwrite earlier ones
    return performance, competencies


def _grade_changes(session: Session, today: date) -> tuple[dict[int, date], dict[int, date]]:
    """Return per CM id the day of their last grade change and of their last promotion, from the audit log.

    The CM record keeps no grade start; the audit log records every change of ``grade_id`` with its day.
    A change to a grade of higher rank is a promotion. Changes made with the audit switched off (the demo's
    bulk load) leave no trace, so those CMs have neither day.
    """
    rank: dict[int, int] = {gid: r for gid, r in session.execute(select(Grade.id, Grade.rank))}
    changed: dict[int, date] = {}
    promoted: dict[int, date] = {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.changes)
        .where(AuditEntry.entity == Manager.__tablename__, AuditEntry.action == AuditAction.UPDATE)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    for entity_id, at, changes in rows:
        grade = (changes or {}).get("grade_id")
        if not grade or at.date() > today or not entity_id.isdigit():
            continue
        old, new = grade
        manager_id = int(entity_id)
        changed[manager_id] = at.date()
        if old in rank and new in rank and rank[new] > rank[old]:
            promoted[manager_id] = at.date()
    return changed, promoted


def _months(start: date, today: date) -> float:
    return round(max(0, (today - start).days) / (365.25 / 12), 2)


def _managers(session, by_id, branch_of, grade_code, territory_code, origin, today):
    performance, competencies = _latest_scores(session)
    grade_changed, promoted_on = _grade_changes(session, today)
    last_end = dict(
        session.execute(
            select(TerritoryAssignment.manager_id, func.max(TerritoryAssignment.ended_on)).group_by(
                TerritoryAssignment.manager_id
            )
        ).all()
    )
    out: list[ManagerRecord] = []
    exited: dict[str, int] = defaultdict(int)
    for m in session.scalars(select(Manager).order_by(Manager.employee_no)):
        grade = grade_code[m.grade_id]
        if m.status is ManagerStatus.EXITED:
            ended = last_end.get(m.id)
            if ended is not None and (today - ended).days <= 365:
                exited[grade] += 1
            continue
        branch = branch_of(m.unit_id)
        if branch is None:
            continue
        scores = competencies.get(m.id, {})
        home = _xy(m.home_latitude, m.home_longitude, origin)
        in_territory = m.territory_id is not None and m.territory_since is not None
        out.append(
            ManagerRecord(
                id=m.id,
                code=m.employee_no,
                branch=branch.code,
                outlet=by_id[m.unit_id].code,
                grade=grade,
                segment=m.segment.value,
                status=m.status,
                age=_years(m.birth_date, today),
                bachelor=m.education.rank >= Education.BACHELOR.rank,
                mid_title=m.title_level in (TitleLevel.MIDDLE, TitleLevel.SENIOR),
                years_as_cm=_years(m.cm_since, today),
                years_in_grade=_years(grade_changed.get(m.id, m.cm_since), today),
                months_since_promotion=_months(promoted_on[m.id], today) if m.id in promoted_on else None,
                performance=round(performance.get(m.id, 0.0), 4),
                competency=round(sum(scores.values()) / len(scores), 2) if scores else 0.0,
                competencies=scores,
                home_x=home[0],
                home_y=home[1],
                territory=territory_code.get(m.territory_id) if in_territory else None,
                years_in_territory=years_in_territory(m.territory_since, today) if in_territory else 0.0,
            )
        )
    return out, dict(exited)


def _avoidance(session: Session) -> list[tuple[str, str]]:
    a, b = Manager.__table__.alias("a"), Manager.__table__.alias("b")
    rows = session.execute(
        select(a.c.employee_no, b.c.employee_no)
        .select_from(AvoidanceLink)
        .join(a, a.c.id == AvoidanceLink.manager_a_id)
        .join(b, b.c.id == AvoidanceLink.manager_b_id)
        .order_by(a.c.employee_no, b.c.employee_no)
    )
    return [(x, y) for x, y in rows]


def _candidates(session, by_id, branch_of, today) -> list[CandidateRecord]:
    rules = gate_rules(session)
    preferences: dict[int, list[str]] = defaultdict(list)
    for candidate_id, unit_id in session.execute(
        select(CandidatePreference.candidate_id, CandidatePreference.unit_id).order_by(
            CandidatePreference.candidate_id, CandidatePreference.rank
        )
    ):
        branch = branch_of(unit_id)
        if branch is not None and branch.code not in preferences[candidate_id]:
            preferences[candidate_id].append(branch.code)
    out = []
    for c in session.scalars(
        select(Candidate).where(~Candidate.status.in_(FINAL_STATUSES)).order_by(Candidate.reference)
    ):
        failed = next((r for r in evaluate_gates(c, rules, today) if not r.outcome.is_met), None)
        out.append(
            CandidateRecord(
                id=c.id,
                reference=c.reference,
                channel=c.channel.value,
                written=c.written_score or 0.0,
                interview=c.interview_score,
                education=c.education.value,
                bachelor=c.education.rank >= Education.BACHELOR.rank,
                age=_years(c.birth_date, today),
                preferences=preferences.get(c.id, []),
                failed_gate=failed.gate.value if failed else None,
                gate_reason=failed.text if failed else "",
            )
        )
    return out


def passes_gates(candidate: CandidateRecord) -> bool:
    """Tell whether the planner's gates let the candidate through (pending counts as not yet)."""
    return candidate.failed_gate is None
