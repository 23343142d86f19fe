"""Loading the demo bank's activity: performance reviews, competency assessments and candidates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.assessments.models import Assessment
from planner.candidates.models import Candidate, CandidatePreference, CandidateStatusChange
from planner.competency.defaults import seed_default_framework
from planner.competency.models import CompetencyDimension, CompetencyGroup
from planner.demo import candidates as candidate_gen
from planner.demo import results, staff
from planner.demo.bulk import insert_returning_ids, insert_rows
from planner.demo.streams import stream
from planner.enums import AssessmentSource
from planner.performance.defaults import seed_default_scheme
from planner.performance.models import IndicatorValue, KpiIndicator, PerformanceReview
from planner.performance.scoring import recompute_scores


def load_reviews(
    session: Session,
    seed: int,
    cms: list[staff.ManagerPlan],
    manager_ids: list[int],
    branch_of_outlet: list[int],
) -> int:
    """Insert three years of reviews under the default scheme and compute their scores and ranks."""
    scheme = seed_default_scheme(session)
    indicator_ids = dict(
        session.execute(
            select(KpiIndicator.code, KpiIndicator.id).where(KpiIndicator.scheme_id == scheme.id)
        ).all()
    )
    rng = stream(seed, "reviews")
    rows, values = [], []
    for cm, manager_id in zip(cms, manager_ids, strict=True):
        for year in results.reviewed_years(cm):
            rows.append(
                {
                    "manager_id": manager_id,
                    "scheme_id": scheme.id,
                    "period": str(year),
                    "unit_id": branch_of_outlet[cm.outlet],
                    "segment": cm.segment,
                }
            )
            values.append(results.kpi_values(rng, cm, year))
    review_ids = insert_returning_ids(session, PerformanceReview, rows)
    insert_rows(
        session,
        IndicatorValue,
        [
            {"review_id": review_id, "indicator_id": indicator_ids[code], "value": value}
            for review_id, by_code in zip(review_ids, values, strict=True)
            for code, value in by_code.items()
            if code in indicator_ids
        ],
    )
    for year in results.REVIEW_YEARS:
        recompute_scores(session, scheme.id, str(year))
    return len(review_ids)


def _dimension_ids(session: Session) -> list[int]:
    framework = seed_default_framework(session)
    return list(
        session.scalars(
            select(CompetencyDimension.id)
            .join(CompetencyGroup)
            .where(CompetencyGroup.framework_id == framework.id)
            .order_by(CompetencyGroup.position, CompetencyDimension.position)
        )
    )


def load_assessments(
    session: Session, seed: int, cms: list[staff.ManagerPlan], manager_ids: list[int], today: date
) -> int:
    """Insert this year's supervisor assessment of every CM on every dimension of the default framework."""
    dimension_ids = _dimension_ids(session)
    rng = stream(seed, "assessments")
    assessed_on = date(today.year, 6, 30)
    rows = [
        {
            "dimension_id": d,
            "manager_id": manager_id,
            "score": results.competency_score(rng, cm),
            "assessed_on": assessed_on,
            "source": AssessmentSource.SUPERVISOR,
        }
        for cm, manager_id in zip(cms, manager_ids, strict=True)
        if cm.cm_since <= assessed_on
        for d in dimension_ids
    ]
    insert_rows(session, Assessment, rows)
    return len(rows)


def load_candidates(
    session: Session, seed: int, count: int, branch_ids: list[int], today: date
) -> dict[str, int]:
    rng = stream(seed, "candidates")
    plans = candidate_gen.candidates(rng, count, len(branch_ids), today)
    candidate_ids = insert_returning_ids(session, Candidate, [p.row for p in plans])
    insert_rows(
        session,
        CandidatePreference,
        [
            {"candidate_id": cid, "unit_id": branch_ids[b], "rank": rank}
            for p, cid in zip(plans, candidate_ids, strict=True)
            for rank, b in enumerate(p.preferences, start=1)
        ],
    )
    insert_rows(
        session,
        CandidateStatusChange,
        [
            {"candidate_id": cid, "from_status": before, "to_status": after, "changed_at": at, "note": ""}
            for p, cid in zip(plans, candidate_ids, strict=True)
            for before, after, at in p.steps
        ],
    )
    dimension_ids = _dimension_ids(session)
    interview_rows = [
        {
            "dimension_id": d,
            "candidate_id": cid,
            "score": round(min(100.0, max(30.0, rng.gauss(70, 9))), 1),
            "assessed_on": p.steps[-1][2].date(),
            "source": AssessmentSource.INTERVIEW,
        }
        for p, cid in zip(plans, candidate_ids, strict=True)
        if p.interviewed
        for d in dimension_ids
    ]
    insert_rows(session, Assessment, interview_rows)
    return {"candidates": len(candidate_ids), "candidate assessments": len(interview_rows)}
