"""A run in numbers: what ``scenario run --json`` prints and what scripts compare."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.runs.models import Run
from planner.runs.results import RunGoal


def run_summary(session: Session, run: Run) -> dict[str, Any]:
    """Return status, objective, bound, gap, seconds per stage, decision counts and target attainment."""
    targets = session.scalars(
        select(RunGoal)
        .where(RunGoal.run_id == run.id, RunGoal.kind == "target")
        .order_by(RunGoal.year, RunGoal.unit_code, RunGoal.name)
    )
    return {
        "run": run.id,
        "scenario": run.scenario_id,
        "status": run.status.value,
        "outcome": run.outcome,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "assignment": {"objective": run.assign_objective, "bound": run.assign_bound, "gap": run.assign_gap},
        "seconds": dict(run.stage_seconds or {}),
        "counts": {key: (run.counts or {}).get(key, 0) for key in ("hires", "exits", "promotions", "moves")}
        | dict(run.counts or {}),
        "targets": [
            {
                "name": g.name,
                "year": g.year,
                "unit": g.unit_code or None,
                "required": g.required,
                "achieved": g.achieved,
                "shortfall": g.shortfall,
                "met": g.shortfall <= 1e-6,
            }
            for g in targets
        ],
        "conflict": list(run.conflict or []),
        "explanation": list(run.explanation or []),
        "failure_reason": run.failure_reason or None,
        "snapshot_hash": run.snapshot.content_hash if run.snapshot else None,
    }
