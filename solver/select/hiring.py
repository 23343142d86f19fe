"""Competitive hiring (公开竞聘 / 择优录用): gates, interview shortlist, then the best intake by CP-SAT.

Order of events: entry gates (credit, discipline, qualification, education); a shortlist per opening of
``shortlist_ratio`` × openings by written score, ties at the cut all going through; a composite score of
written and interview (the personality test is never scored); the minimum composite; then an assignment
that maximises the intake's total composite score, less ``preference_step`` points per step down a
candidate's preferences, less penalties for missed structure goals.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.select.models import (
    Candidate,
    HiringGoal,
    HiringPolicy,
    Opening,
    SelectionProblem,
    education_rank,
)
from solver.select.results import HireDecision, Rejection, SelectionResult, Shortfall

log = logging.getLogger(__name__)
SCALE = 1000  # CP-SAT works in thousandths of a point


def gate_failure(candidate: Candidate, policy: HiringPolicy) -> Rejection | None:
    """Return the first entry gate the candidate fails (credit, discipline, qualification, education)."""
    if policy.gates_given:
        if candidate.failed_gate is None:
            return None
        return Rejection(candidate.id, candidate.failed_gate, f"gate: {candidate.gate_reason}")
    gates = (
        ("credit", candidate.credit_ok, "credit record is not clean"),
        ("discipline", candidate.discipline_ok, "has a serious disciplinary record"),
        ("qualification", candidate.qualified, "no valid credit-qualification certificate"),
        (
            "education",
            education_rank(candidate.education) >= education_rank(policy.min_education),
            f"education {candidate.education} is below {policy.min_education}",
        ),
    )
    for stage, passed, reason in gates:
        if not passed:
            return Rejection(candidate.id, stage, f"gate: {reason}")
    return None


def composite_score(candidate: Candidate, policy: HiringPolicy) -> float | None:
    """Return the weighted written and interview score; the personality test never counts."""
    if candidate.interview is None:
        return None
    return round(policy.written_weight * candidate.written + policy.interview_weight * candidate.interview, 4)


@dataclass
class Shortlist:
    """One opening's interview shortlist: who is on it and where each stood on the written exam."""

    opening: Opening
    applicants: list[Candidate]  # gate-passed applicants, best written score first
    size: int  # places on the shortlist (ratio × openings)
    members: list[Candidate]  # applicants within the cut, ties at the cut included

    def __post_init__(self) -> None:
        self.written_rank = {c.id: rank for rank, c in enumerate(self.applicants, start=1)}
        self.member_ids = {c.id for c in self.members}


def hireable(candidate: Candidate, policy: HiringPolicy) -> bool:
    """Say whether a candidate passes every gate and reaches the minimum composite (may be hired)."""
    if gate_failure(candidate, policy) is not None:
        return False
    score = composite_score(candidate, policy)
    return score is not None and score >= policy.min_score


def build_shortlists(problem: SelectionProblem, passed: list[Candidate]) -> list[Shortlist]:
    """Shortlist ``shortlist_ratio`` applicants per opening by written score, keeping ties at the cut."""
    policy = problem.hiring
    shortlists = []
    for opening in problem.openings:
        applicants = sorted(
            (c for c in passed if c.channel == opening.channel and opening.unit in c.preferences),
            key=lambda c: (-c.written, c.id),
        )
        size = math.ceil(policy.shortlist_ratio * opening.count - 1e-9)
        cut = applicants[size - 1].written if 0 < size <= len(applicants) else -math.inf
        members = [c for c in applicants if c.written >= cut]
        shortlists.append(Shortlist(opening, applicants, size, members))
    return shortlists


def select_hires(problem: SelectionProblem, result: SelectionResult, time_limit: float = 10.0) -> None:
    """Fill each unit's openings with the intake of the highest quality, explaining every decision."""
    policy = problem.hiring
    passed = []
    for candidate in problem.candidates:
        failure = gate_failure(candidate, policy)
        if failure is None:
            passed.append(candidate)
        else:
            result.rejections.append(failure)
    shortlists = build_shortlists(problem, passed)
    scores = {c.id: composite_score(c, policy) for c in passed}
    pairs = [
        (c, i)
        for i, s in enumerate(shortlists)
        for c in s.members
        if (score := scores[c.id]) is not None and score >= policy.min_score
    ]
    chosen = assign(problem, shortlists, pairs, scores, time_limit, result)
    explain_hiring(problem, shortlists, scores, chosen, passed, result)


def assign(
    problem: SelectionProblem,
    shortlists: list[Shortlist],
    pairs: list[tuple[Candidate, int]],
    scores: dict[str, float | None],
    time_limit: float,
    result: SelectionResult,
) -> dict[str, int]:
    """Solve the assignment of shortlisted candidates to openings; return candidate id → shortlist index."""
    policy = problem.hiring
    model = cp_model.CpModel()
    x = {(c.id, i): model.new_bool_var(f"hire[{c.id},{i}]") for c, i in pairs}
    by_candidate: dict[str, list[cp_model.IntVar]] = {}
    for (cid, _), var in x.items():
        by_candidate.setdefault(cid, []).append(var)
    for vars_ in by_candidate.values():
        model.add_at_most_one(vars_)
    for i, shortlist in enumerate(shortlists):
        model.add(sum(x[c.id, i] for c in shortlist.members if (c.id, i) in x) <= shortlist.opening.count)
    gains = []
    for c, i in pairs:
        preference = c.preferences.index(shortlists[i].opening.unit)
        value = (scores[c.id] or 0.0) - policy.preference_step * preference
        gains.append(round(SCALE * value) * x[c.id, i])
    penalties = [hiring_goal_penalty(model, goal, shortlists, pairs, x) for goal in policy.goals]
    model.maximize(cp_model.LinearExpr.sum(gains) - cp_model.LinearExpr.sum(penalties))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    # One LP-driven worker proves this near-integral transportation problem fastest (a second, LP-free
    # worker only slows it down).
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.status = "infeasible" if status == cp_model.INFEASIBLE else "time_limit"
        log.warning("hiring assignment ended %s", solver.status_name(status))
        return {}
    if status == cp_model.FEASIBLE:
        result.status = "feasible"
    return {cid: i for (cid, i), var in x.items() if solver.value(var)}


def hiring_goal_penalty(
    model: cp_model.CpModel,
    goal: HiringGoal,
    shortlists: list[Shortlist],
    pairs: list[tuple[Candidate, int]],
    x: dict[tuple[str, int], cp_model.IntVar],
) -> cp_model.LinearExprT:
    """Hires in the goal's scope hold the attribute at ``min_share`` or more; each head short is penalised."""
    terms = []
    for c, i in pairs:
        if goal.unit in (None, shortlists[i].opening.unit):
            terms.append(round(SCALE * (c.attributes.get(goal.attribute, 0.0) - goal.min_share)) * x[c.id, i])
    short = model.new_int_var(0, SCALE * len(pairs) + 1, f"short[{goal.name}]")
    model.add(sum(terms) + short >= 0)
    return round(goal.penalty) * short


def explain_hiring(
    problem: SelectionProblem,
    shortlists: list[Shortlist],
    scores: dict[str, float | None],
    chosen: dict[str, int],
    passed: list[Candidate],
    result: SelectionResult,
) -> None:
    """Write a reason for every hire, every candidate turned away and every opening left empty."""
    policy = problem.hiring
    weights = f"{policy.written_weight:g}/{policy.interview_weight:g}"
    for i, shortlist in enumerate(shortlists):
        opening = shortlist.opening
        ranked = sorted(
            (c for c in shortlist.members if scores[c.id] is not None),
            key=lambda c: (-(scores[c.id] or 0), c.id),
        )
        hired = [c for c in ranked if chosen.get(c.id) == i]
        for c in hired:
            rank = ranked.index(c) + 1
            preference = c.preferences.index(opening.unit) + 1
            score = scores[c.id] or 0.0
            result.hires.append(
                HireDecision(
                    candidate=c.id,
                    unit=opening.unit,
                    channel=opening.channel,
                    grade=opening.grade,
                    score=score,
                    rank=rank,
                    shortlist_size=len(ranked),
                    preference=preference,
                    reason=f"composite {score:.2f} (written {c.written:g}, interview {c.interview:g}, "
                    f"weights {weights}); rank {rank} of {len(ranked)} on the {opening.unit} "
                    f"{opening.channel} shortlist; preference {preference}",
                )
            )
            result.intake_quality += score
        if len(hired) < opening.count:
            result.shortfalls.append(
                Shortfall(
                    "hire",
                    opening.unit,
                    opening.grade,
                    opening.count,
                    len(hired),
                    "not enough eligible candidates",
                )
            )
    result.intake_quality = round(result.intake_quality, 4)
    applied: dict[str, list[Shortlist]] = {}
    for shortlist in shortlists:
        for c in shortlist.applicants:
            applied.setdefault(c.id, []).append(shortlist)
    for c in passed:
        if c.id not in chosen:
            result.rejections.append(rejection_reason(c, applied.get(c.id, []), scores, policy))


def rejection_reason(
    c: Candidate, mine: list[Shortlist], scores: dict[str, float | None], policy: HiringPolicy
) -> Rejection:
    """Say what stopped a gate-passed candidate: the shortlist cut, the minimum score, or the ranking."""
    if not mine:
        return Rejection(c.id, "shortlist", "applied to no unit with an opening in their channel")
    listed = [s for s in mine if c.id in s.member_ids]
    if not listed:
        s = mine[0]
        rank = s.written_rank[c.id]
        return Rejection(
            c.id,
            "shortlist",
            f"not shortlisted: written {c.written:g} ranks {rank} of {len(s.applicants)} "
            f"for {s.opening.unit} (shortlist of {s.size})",
        )
    score = scores[c.id]
    if score is None:
        return Rejection(c.id, "interview", "shortlisted but has no interview score")
    if score < policy.min_score:
        return Rejection(
            c.id, "min_score", f"composite {score:.2f} is below the minimum {policy.min_score:g}"
        )
    s = listed[0]
    ranked = sorted(
        (m for m in s.members if scores[m.id] is not None), key=lambda m: (-(scores[m.id] or 0), m.id)
    )
    rank = ranked.index(c) + 1
    return Rejection(
        c.id,
        "ranking",
        f"composite {score:.2f} ranks {rank} of {len(ranked)} on the {s.opening.unit} shortlist; "
        f"its {s.opening.count} opening(s) went to better-placed candidates",
    )
