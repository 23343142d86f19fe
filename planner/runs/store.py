"""Write a run's outcome as result rows, in bulk (the large bank's assignment alone is 10,000 rows)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from planner.candidates.models import Candidate
from planner.org.models import OrgUnit
from planner.people.models import Manager
from planner.runs.models import Run
from planner.runs.pipeline import STAYING_ACTIONS, Outcome, agreement
from planner.runs.reasons import move_reasons
from planner.runs.results import (
    RunAssignment,
    RunExit,
    RunGoal,
    RunHire,
    RunMove,
    RunPenalty,
    RunPlanCell,
    RunPlanFlow,
    RunPromotion,
    RunRejection,
    RunStructure,
    RunTerritory,
    RunUnitYear,
)
from planner.runs.structure import structure_values
from planner.scenarios.adapter import SolverInputs
from planner.territories.models import Territory
from solver.plan.problem import Objective
from solver.select.exits import protection, ranking_key
from solver.select.results import ExitDecision

CHUNK = 5_000


def _bulk(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


class Keys:
    """Database ids of the codes the solver speaks (unit, CM, candidate and territory codes)."""

    def __init__(self, session: Session) -> None:
        self.unit = dict(session.execute(select(OrgUnit.code, OrgUnit.id)).all())
        self.manager = dict(session.execute(select(Manager.employee_no, Manager.id)).all())
        self.candidate = dict(session.execute(select(Candidate.reference, Candidate.id)).all())
        self.territory = dict(session.execute(select(Territory.code, Territory.id)).all())


def store_outcome(session: Session, run: Run, inputs: SolverInputs, outcome: Outcome) -> dict[str, int]:
    """Insert every result row of ``outcome`` for ``run``; return the counts the run summary keeps."""
    keys = Keys(session)
    counts: dict[str, int] = {}
    _store_plan(session, run, inputs, outcome, keys)
    _bulk(
        session,
        RunStructure,
        [
            {
                "run_id": run.id,
                "year": v.year,
                "source": v.source,
                "metric": v.metric,
                "value": v.value,
                "goal": v.goal,
                "sense": v.sense,
                "met": v.met,
            }
            for v in structure_values(inputs, outcome)
        ],
    )
    if outcome.selection is not None:
        counts.update(_store_selection(session, run, inputs, outcome, keys))
    if outcome.assignment is not None and outcome.team is not None:
        counts.update(_store_assignment(session, run, inputs, outcome, keys))
    return counts


def _store_plan(session: Session, run: Run, inputs: SolverInputs, outcome: Outcome, keys: Keys) -> None:
    plan, base = outcome.plan, inputs.base_year
    cells, flows = [], []
    for r in plan.flows:
        year = base + r.year
        cells.append(
            {
                "run_id": run.id,
                "year": year,
                "unit_id": keys.unit.get(r.unit),
                "unit_code": r.unit,
                "grade_code": r.grade,
                "opening": r.opening,
                "hires": sum(r.hires.values()),
                "exits": sum(r.exits.values()),
                "promoted_in": sum(r.moves_in.values()),
                "promoted_out": sum(r.moves_out.values()),
                "demoted_in": sum(r.demoted_in.values()),
                "attrition": r.attrition,
                "closing": r.closing,
            }
        )
        for kind, values in (
            ("hire", r.hires),
            ("exit", r.exits),
            ("move_in", r.moves_in),
            ("move_out", r.moves_out),
            ("demoted_in", r.demoted_in),
        ):
            flows += [
                {
                    "run_id": run.id,
                    "year": year,
                    "unit_code": r.unit,
                    "grade_code": r.grade,
                    "kind": kind,
                    "name": name,
                    "quantity": quantity,
                }
                for name, quantity in values.items()
                if abs(quantity) > 1e-9
            ]
    _bulk(session, RunPlanCell, cells)
    _bulk(session, RunPlanFlow, flows)
    targets = {f"target[{t.name}]": t for t in inputs.plan.targets}
    run.price_unit, per_unit = price_unit(inputs.plan.objective)
    unit_target: dict[tuple[int, str], tuple[float, float]] = {}
    goals = []
    for g in plan.goals:
        target = targets.get(g.name)
        goal_year = base + target.year if target else None
        if target is not None and target.unit is not None and goal_year is not None:
            unit_target[goal_year, target.unit] = (
                g.detail.get("required", 0.0),
                g.detail.get("shortfall", 0.0),
            )
        goals.append(
            {
                "run_id": run.id,
                "stage": "plan",
                "name": target.name if target else g.name,
                "kind": g.kind,
                "year": goal_year,
                "unit_code": (target.unit or "") if target else "",
                "binding": g.binding,
                "shadow_price": None if g.shadow_price is None else g.shadow_price / per_unit,
                "required": g.detail.get("required", g.detail.get("limit")),
                "achieved": g.detail.get("achieved", g.detail.get("activity")),
                "shortfall": g.detail.get("shortfall", 0.0),
                "explanation": g.explanation,
                "field": goal_field(g.kind, g.name),
            }
        )
    _bulk(session, RunGoal, goals)
    _bulk(
        session,
        RunUnitYear,
        [
            {
                "run_id": run.id,
                "year": base + u.year,
                "unit_id": keys.unit.get(u.unit),
                "unit_code": u.unit,
                "cm_headcount": u.cm_headcount,
                "total_staff": u.total_staff,
                "cm_share": u.cm_share,
                "target": unit_target.get((base + u.year, u.unit), (None, 0.0))[0],
                "shortfall": unit_target.get((base + u.year, u.unit), (None, 0.0))[1],
            }
            for u in plan.units
        ],
    )
    _bulk(
        session,
        RunPenalty,
        [
            {
                "run_id": run.id,
                "stage": "plan",
                "rule": p.component,
                "who": p.name[:120],
                "quantity": p.quantity,
                "amount": p.amount,
            }
            for p in plan.penalties
        ],
    )


def price_unit(objective: Objective) -> tuple[str, float]:
    """Return what the plan's shadow prices are told in and what one of it is in objective units.

    A weighted objective counts a yuan as the cost weight, so a price divided by it is in yuan (penalties
    counted at the scenario's weights); a lexicographic plan's prices are those of its last level: yuan
    when that is the cost, heads short when it is the shortfall. Anything else stays in objective units.
    """
    if objective.mode == "weighted":
        weight = objective.weights.get("cost", 0.0)
        return ("yuan", weight) if weight > 0 else ("", 1.0)
    last = objective.order[-1] if objective.order else ""
    return {"cost": ("yuan", 1.0), "shortfall": ("heads", 1.0)}.get(last, ("", 1.0))


def goal_field(kind: str, name: str) -> str:
    """Return the scenario form field a plan goal comes from (for links from explanations)."""
    if kind == "target":
        return "target_values"
    if kind.startswith("exit"):
        return "exit_max" if "max" in kind else "exit_min"
    if kind == "budget":
        return "budget_per_year"
    for field in ("max_average_age", "min_bachelor_share", "min_mid_title_share", "min_new_blood_share"):
        if field in name:
            return field
    return ""


def _protected_below(inputs: SolverInputs, exits: list[ExitDecision]) -> dict[str, str]:
    """Say, for each exit, which CMs of the same unit and grade ranked lower but were protected, and why."""
    policy = inputs.selection.exits
    managers = {m.id: m for m in inputs.selection.managers}
    by_post: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for m in inputs.selection.managers:
        by_post[m.unit, m.grade].append(m)
    out = {}
    for e in exits:
        key = ranking_key(managers[e.manager])
        reasons: Counter[str] = Counter()
        for m in by_post[e.unit, e.grade]:
            why = protection(m, policy)
            if why is not None and ranking_key(m) > key:
                reasons[why] += 1
        out[e.manager] = "; ".join(f"{why} ({n})" for why, n in sorted(reasons.items()))
    return out


def _store_selection(
    session: Session, run: Run, inputs: SolverInputs, outcome: Outcome, keys: Keys
) -> dict[str, int]:
    s = outcome.selection
    assert s is not None
    grade_of = {m.id: m.grade for m in inputs.selection.managers}
    _bulk(
        session,
        RunHire,
        [
            {
                "run_id": run.id,
                "candidate_id": keys.candidate.get(h.candidate),
                "candidate_ref": h.candidate,
                "unit_id": keys.unit.get(h.unit),
                "unit_code": h.unit,
                "channel": h.channel,
                "grade_code": h.grade,
                "score": h.score,
                "rank": h.rank,
                "shortlist_size": h.shortlist_size,
                "preference": h.preference,
                "reason": h.reason,
            }
            for h in s.hires
        ],
    )
    _bulk(
        session,
        RunRejection,
        [
            {
                "run_id": run.id,
                "candidate_id": keys.candidate.get(r.candidate),
                "candidate_ref": r.candidate,
                "stage": r.stage,
                "reason": r.reason,
            }
            for r in s.rejections
        ],
    )
    protected = _protected_below(inputs, s.exits)
    _bulk(
        session,
        RunExit,
        [
            {
                "run_id": run.id,
                "manager_id": keys.manager.get(e.manager),
                "manager_code": e.manager,
                "unit_id": keys.unit.get(e.unit),
                "unit_code": e.unit,
                "grade_code": e.grade,
                "peer_group": e.peer_group,
                "rank": e.rank,
                "group_size": e.group_size,
                "score": e.score,
                "action": e.action,
                "reason": e.reason,
                "protected_below": protected.get(e.manager, ""),
            }
            for e in s.exits
        ],
    )
    _bulk(
        session,
        RunPromotion,
        [
            {
                "run_id": run.id,
                "manager_id": keys.manager.get(p.manager),
                "manager_code": p.manager,
                "unit_id": keys.unit.get(p.unit),
                "unit_code": p.unit,
                "from_grade": grade_of.get(p.manager, p.from_grade),
                "to_grade": p.to_grade,
                "rank": p.rank,
                "eligible": p.eligible,
                "score": p.score,
                "reason": p.reason,
            }
            for p in s.promotions
        ],
    )
    goals = [
        {
            "run_id": run.id,
            "stage": "select",
            "name": f"{f.kind} {f.unit} {f.grade}".strip(),
            "kind": f"{f.kind}_shortfall",
            "year": inputs.base_year + 1,
            "unit_code": f.unit,
            "binding": True,
            "shadow_price": None,
            "required": float(f.wanted),
            "achieved": float(f.filled),
            "shortfall": float(f.wanted - f.filled),
            "explanation": f"{f.kind} {f.unit} {f.grade}: plan {f.wanted}, named {f.filled}: {f.reason}",
            "field": "channels" if f.kind == "hire" else ("exit_min" if f.kind == "exit" else ""),
        }
        for f in s.shortfalls
    ]
    _bulk(session, RunGoal, goals)
    return {
        "hires": len(s.hires),
        "rejections": len(s.rejections),
        "exits": len(s.exits),
        "promotions": len(s.promotions),
        "disagreements": len(agreement(outcome)),
        # Plans solved again with the first year capped at what the named lists could fill.
        "repairs": outcome.repairs,
    }


def _store_assignment(
    session: Session, run: Run, inputs: SolverInputs, outcome: Outcome, keys: Keys
) -> dict[str, int]:
    team, result, s = outcome.team, outcome.assignment, outcome.selection
    assert team is not None and result is not None and s is not None
    grade = {m.id: m.grade for m in team.managers}
    hires = {h.candidate for h in s.hires}
    rows = []
    for a in result.assignments:
        is_hire = a.who in hires
        rows.append(
            {
                "run_id": run.id,
                "manager_id": None if is_hire else keys.manager.get(a.who),
                "candidate_id": keys.candidate.get(a.who) if is_hire else None,
                "person_code": a.who,
                "grade_code": grade.get(a.who, ""),
                "territory_id": keys.territory.get(a.to),
                "territory_code": a.to,
                "fit": a.fit,
                "travel": a.travel,
                "continuity": a.continuity,
                "balance": a.balance,
                "total": a.fit + a.travel + a.continuity + a.balance,
            }
        )
    for who in result.unassigned:
        is_hire = who in hires
        rows.append(
            {
                "run_id": run.id,
                "manager_id": None if is_hire else keys.manager.get(who),
                "candidate_id": keys.candidate.get(who) if is_hire else None,
                "person_code": who,
                "grade_code": grade.get(who, ""),
                "territory_id": None,
                "territory_code": "",
            }
        )
    _bulk(session, RunAssignment, rows)
    current = {m.id: m.current for m in inputs.assign.managers}
    why = move_reasons(team, result, {p.manager for p in s.promotions})
    moves = [
        {
            "run_id": run.id,
            "manager_id": keys.manager.get(m.who),
            "manager_code": m.who,
            "from_territory_id": keys.territory.get(m.before),
            "from_code": m.before,
            "to_territory_id": keys.territory.get(m.after) if m.after else None,
            "to_code": m.after or "",
            "reason": why[m.who].reason,
            "linked_with": ", ".join(why[m.who].linked_with),
        }
        for m in result.moves
    ]
    moves += [
        {
            "run_id": run.id,
            "manager_id": keys.manager.get(e.manager),
            "manager_code": e.manager,
            "from_territory_id": keys.territory.get(current[e.manager] or ""),
            "from_code": current[e.manager],
            "to_territory_id": None,
            "to_code": "",
            "reason": "exit",
            "linked_with": "",
        }
        for e in s.exits
        if e.action not in STAYING_ACTIONS and current.get(e.manager)
    ]
    _bulk(session, RunMove, moves)
    assigned: Counter[str] = Counter(a.to for a in result.assignments)
    _bulk(
        session,
        RunTerritory,
        [
            {
                "run_id": run.id,
                "territory_id": keys.territory.get(t.id),
                "territory_code": t.id,
                "unit_code": t.unit,
                "need": t.need,
                "assigned": assigned[t.id],
                "shortfall": max(0, t.need - assigned[t.id]),
            }
            for t in team.territories
        ],
    )
    _bulk(
        session,
        RunPenalty,
        [
            {
                "run_id": run.id,
                "stage": "assign",
                "rule": p.rule,
                "who": p.who[:120],
                "quantity": p.breach,
                "amount": p.amount,
            }
            for p in result.penalties
        ],
    )
    return {"assignments": len(result.assignments), "unassigned": len(result.unassigned), "moves": len(moves)}
