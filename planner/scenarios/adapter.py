"""The adapter: the ONLY place where the planner's data and a scenario become solver input.

``build_inputs(session, scenario, today)`` reads the bank once and returns the three problems of a run:

- ``plan``: the workforce plan (``solver.plan`` ``PlanProblem``): branches × grades × years;
- ``selection``: the named decisions of the first year (``solver.select`` ``SelectionProblem``) without the
  counts (the plan gives them at run time: ``planner.runs.pipeline``);
- ``assign``: the territory assignment (``solver.assign`` ``Problem``) of today's team (the pipeline takes
  the exits out and puts the hires in).

Planner vocabulary becomes solver vocabulary here and nowhere else: the bank's grade ladder (the solver gets
it, lowest first), the entry gates (the solver gets each candidate's outcome from ``candidates/gates.py``
and applies none of its own), the rotation rule (the years from ``people/rotation.py``; the solver's rule is
"more than N years"), the exit policy and its default action, the staffing need of each territory.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planner.enums import CandidateChannel, ManagerStatus
from planner.scenarios.bank import BankData, ManagerRecord, load_bank
from planner.scenarios.models import Scenario
from solver.assign import model as assign
from solver.plan.problem import (
    Attribute,
    Budget,
    Channel,
    ExitAction,
    ExitPolicy,
    Grade,
    Objective,
    PlanProblem,
    StructureGoal,
    Target,
    Transition,
    Unit,
)
from solver.select.models import (
    Candidate,
    ExitSelectionPolicy,
    HiringPolicy,
    Manager,
    PromotionPolicy,
    SelectionProblem,
)

# Grades with fewer CMs than this have too little history for a rate of their own.
MIN_HISTORY_HEADCOUNT = 20
# Exit actions as the plan models them: leave the CM team for another post, or one grade down.
EXIT_ACTION_SHAPES: dict[str, dict[str, Any]] = {
    "retraining": {"to_other_staff": True, "label": "待岗培训"},
    "back_office": {"to_other_staff": True, "label": "调岗至中后台"},
    "demotion": {"to_grade_offset": -1, "label": "降级"},
}
# Peer groups finer than a branch (the plan's unit): a branch's exit bounds count each group inside it.
FINER_PEER_GROUPS = ("outlet", "outlet_segment", "branch_segment")
# The segments a new hire can serve until their first assignment says otherwise.
HIRE_SEGMENTS = list(assign.SEGMENTS)


@dataclass
class SolverInputs:
    """The solver problems of one run, plus what the pipeline needs to join the stages."""

    plan: PlanProblem
    selection: SelectionProblem
    assign: assign.Problem
    base_year: int
    # Branch code → (x, y) in km: where a new hire of that branch starts from.
    branch_xy: dict[str, tuple[float, float]]
    attrition_source: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form stored as the run's snapshot."""
        return {
            "format": 1,
            "base_year": self.base_year,
            "plan": self.plan.to_json(),
            "selection": self.selection.to_json(),
            "assign": self.assign.to_json(),
            "branch_xy": {k: list(v) for k, v in self.branch_xy.items()},
            "attrition_source": self.attrition_source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SolverInputs:
        """Rebuild the inputs from a snapshot."""
        return cls(
            plan=PlanProblem.from_json(data["plan"]),
            selection=SelectionProblem.from_json(data["selection"]),
            assign=assign.Problem.from_json(data["assign"]),
            base_year=int(data["base_year"]),
            branch_xy={k: (float(v[0]), float(v[1])) for k, v in data["branch_xy"].items()},
            attrition_source=dict(data["attrition_source"]),
        )


def build_inputs(session: Session, scenario: Scenario, today: date) -> SolverInputs:
    """Read the bank as of ``today`` and turn it and the scenario's parameters into solver input."""
    bank = load_bank(session, today)
    return inputs_from_bank(bank, scenario.parameters)


def inputs_from_bank(bank: BankData, params: dict[str, Any]) -> SolverInputs:
    """Turn the bank's records and validated parameters into the three solver problems."""
    rates = attrition_defaults(bank)
    return SolverInputs(
        plan=plan_problem(bank, params, rates),
        selection=selection_problem(bank, params),
        assign=assign_problem(bank, params),
        base_year=params.get("base_year") or bank.base_year,
        branch_xy={b.code: (b.x, b.y) for b in bank.branches},
        attrition_source={grade: source for grade, (_, source) in rates.items()},
    )


def attrition_defaults(bank: BankData) -> dict[str, tuple[float, str]]:
    """Return each grade's yearly attrition and where it came from: "history" or "settings"."""
    headcount: dict[str, int] = defaultdict(int)
    for m in bank.managers:
        headcount[m.grade] += 1
    return attrition_rates(bank.grades, headcount, bank.exited_last_year, bank.attrition_setting)


def attrition_rates(
    grades: list[str], headcount: dict[str, int], left: dict[str, int], setting: float
) -> dict[str, tuple[float, str]]:
    """Return per grade (rate, source): the bank's history where the data allows, else the settings' rate.

    History: the CMs of the grade who left in the last twelve months over the grade's headcount then, when
    the grade has at least ``MIN_HISTORY_HEADCOUNT`` CMs and the bank recorded any leaver at all.
    """
    any_history = sum(left.values()) > 0
    out = {}
    for grade in grades:
        base = headcount.get(grade, 0) + left.get(grade, 0)
        if any_history and base >= MIN_HISTORY_HEADCOUNT:
            out[grade] = (round(left.get(grade, 0) / base, 4), "history")
        else:
            out[grade] = (setting, "settings")
    return out


def pipeline_counts(bank: BankData) -> dict[str, int]:
    """Return per channel the number of candidates who pass every entry gate (the channel's pipeline)."""
    counts = {c.value: 0 for c in CandidateChannel}
    for c in bank.candidates:
        if c.failed_gate is None:
            counts[c.channel] += 1
    return counts


def _mean(values: list[float], default: float) -> float:
    return round(sum(values) / len(values), 4) if values else default


def _grade_attributes(bank: BankData) -> dict[str, dict[str, float]]:
    """Return per grade the mean age, bachelor share and mid-title share of its CMs (bank-wide if none)."""
    everyone = bank.managers
    overall = {
        "age": _mean([m.age for m in everyone], 35.0),
        "bachelor": _mean([float(m.bachelor) for m in everyone], 0.5),
        "mid_title": _mean([float(m.mid_title) for m in everyone], 0.2),
    }
    out = {}
    for grade in bank.grades:
        members = [m for m in everyone if m.grade == grade]
        out[grade] = {
            "age": _mean([m.age for m in members], overall["age"]),
            "bachelor": _mean([float(m.bachelor) for m in members], overall["bachelor"]),
            "mid_title": _mean([float(m.mid_title) for m in members], overall["mid_title"]),
        }
    return out


def plan_problem(bank: BankData, params: dict[str, Any], rates: dict[str, tuple[float, str]]) -> PlanProblem:
    """Build the workforce plan: branches × the bank's grades × the scenario's years."""
    years = params["years"]
    base_year = params.get("base_year") or bank.base_year
    attributes = _grade_attributes(bank)
    first_year = params["first_year_attrition"]
    grades = [
        Grade(
            name=code,
            attrition=params["attrition"].get(code, rates[code][0]),
            first_year_attrition=first_year if first_year is not None else bank.first_year_attrition_setting,
            attributes=attributes[code],
        )
        for code in bank.grades
    ]
    opening: dict[str, dict[str, float]] = {b.code: defaultdict(float) for b in bank.branches}
    for m in bank.managers:
        opening[m.branch][m.grade] += 1
    group = "bank" if params["peer_group"] == "bank" else None
    group_of = peer_group_of(params["peer_group"])
    # A branch holds one peer group, or several when the groups are outlets or segments inside it.
    inside: dict[str, set[str]] = defaultdict(set)
    for m in bank.managers:
        inside[m.branch].add(group_of(m))
    units = []
    for b in bank.branches:
        cms = sum(opening[b.code].values())
        total = b.total_staff.get(base_year) or b.total_staff.get(max(b.total_staff, default=0)) or cms
        units.append(
            Unit(
                name=b.code,
                opening=dict(opening[b.code]),
                peer_group=group,
                other_staff=[float(max(0, total - cms))] * years,
            )
        )
    return PlanProblem(
        name=f"scenario plan from {base_year}",
        years=years,
        grades=grades,
        units=units,
        channels=_channels(bank, params, years),
        transitions=_promotions(bank, params),
        exit_actions=[
            ExitAction(name=name, cost=spec["cost"], **EXIT_ACTION_SHAPES[name])
            for name, spec in params["exit_actions"].items()
            if spec["allowed"]
        ],
        exit_policy=ExitPolicy(
            min_per_group=params["exit_min"],
            max_per_group=params["exit_max"],
            only_from_opening_stock=params["protect_first_year"],
            groups_per_unit=(
                {b.code: max(1, len(inside[b.code])) for b in bank.branches}
                if params["peer_group"] in FINER_PEER_GROUPS
                else None
            ),
        ),
        targets=_targets(bank, params, years),
        attributes=[Attribute("age", drift_per_year=1.0), Attribute("bachelor"), Attribute("mid_title")],
        structure_goals=_structure_goals(params),
        budget=(
            Budget(params["budget_per_year"], params["budget_total"])
            if params["budget_per_year"] is not None or params["budget_total"] is not None
            else None
        ),
        objective=Objective(
            mode=params["objective_mode"],
            weights={"shortfall": params["shortfall_weight"], "cost": params["cost_weight"]},
            order=list(params["objective_order"]),
        ),
        wastage="whole_people",
    )


def _channels(bank: BankData, params: dict[str, Any], years: int) -> list[Channel]:
    pipeline = pipeline_counts(bank)
    by_channel: dict[str, list[Any]] = defaultdict(list)
    for c in bank.candidates:
        if c.failed_gate is None:
            by_channel[c.channel].append(c)
    out = []
    for name, spec in params["channels"].items():
        if not spec["enabled"]:
            continue
        passing = by_channel[name]
        applicants: dict[str, float] = defaultdict(float)
        for c in passing:
            for branch in c.preferences:
                applicants[branch] += 1
        out.append(
            Channel(
                name=name,
                grade=spec["entry_grade"] or bank.grades[0],
                kind=name,
                cost=spec["cost"],
                max_per_year=spec["max_per_year"],
                max_per_unit_year=spec["max_per_unit_year"],
                # No branch hires more than the qualified candidates who applied to it (the named hiring
                # can only place those), so the plan's counts are ones the named lists can fill.
                unit_caps={b.code: applicants.get(b.code, 0.0) for b in bank.branches},
                # Today's candidates are the first year's pipeline; later years are assumed to bring as many.
                pipeline=[float(pipeline[name])] * years,
                from_other_staff=CandidateChannel(name).is_internal,
                lead_time_years=spec["lead_time"],
                attributes={
                    "age": _mean([c.age for c in passing], 26.0),
                    "bachelor": _mean([float(c.bachelor) for c in passing], 0.8),
                    "mid_title": 0.0,
                },
            )
        )
    return out


def _promotions(bank: BankData, params: dict[str, Any]) -> list[Transition]:
    if not params["promotions_enabled"]:
        return []
    ladder = bank.grades
    return [
        Transition(
            name=f"promote_{low}_{high}",
            from_grade=low,
            to_grade=high,
            kind="promotion",
            cost=params["promotion_cost"],
            max_share=params["promotion_max_share"],
        )
        for low, high in itertools.pairwise(ladder)
    ]


def _targets(bank: BankData, params: dict[str, Any], years: int) -> list[Target]:
    kind = params["target_kind"]
    common = {
        "surplus_max": params["surplus_max"],
        "surplus_cost": params["surplus_cost"],
        "shortfall_cost": params["shortfall_cost"],
    }
    targets = []
    for year in range(1, years + 1):
        value = params["target_values"][year - 1]
        if kind == "share":
            targets += [
                Target(
                    f"{b.code} share year {year}", year, "share", round(value / 100, 6), unit=b.code, **common
                )
                for b in bank.branches
            ]
        elif kind == "bank_share":
            targets.append(Target(f"bank share year {year}", year, "share", round(value / 100, 6), **common))
        elif kind == "count":
            targets.append(Target(f"bank headcount year {year}", year, "count", value, **common))
        else:
            need: dict[str, int] = defaultdict(int)
            for t in bank.territories:
                need[t.branch] += t.need
            targets += [
                Target(
                    f"{b.code} territory need year {year}",
                    year,
                    "workload",
                    unit=b.code,
                    workload=float(need[b.code]),
                    capacity_per_cm=1.0,
                    **common,
                )
                for b in bank.branches
                if need[b.code] > 0
            ]
    return targets


def _structure_goals(params: dict[str, Any]) -> list[StructureGoal]:
    penalty = params["structure_penalty"]
    goals = []
    if params["max_average_age"] is not None:
        goals.append(
            StructureGoal("max_average_age", "age", "max", params["max_average_age"], penalty=penalty)
        )
    for key, attribute in (
        ("min_bachelor_share", "bachelor"),
        ("min_mid_title_share", "mid_title"),
        ("min_new_blood_share", "new_blood"),
    ):
        if params[key] is not None:
            goals.append(StructureGoal(key, attribute, "min", params[key], penalty=penalty))
    return goals


def selection_problem(bank: BankData, params: dict[str, Any]) -> SelectionProblem:
    """Build the named-decision problem without counts: candidates with gate outcomes, CMs with scores."""
    group_of = peer_group_of(params["peer_group"])
    default = params["default_exit_action"]
    others = [a for a, spec in params["exit_actions"].items() if spec["allowed"] and a != default]
    return SelectionProblem(
        candidates=[
            Candidate(
                id=c.reference,
                channel=c.channel,
                written=c.written,
                interview=c.interview,
                preferences=list(c.preferences),
                attributes={"age": c.age, "bachelor": float(c.bachelor)},
                failed_gate=c.failed_gate,
                gate_reason=c.gate_reason,
            )
            for c in bank.candidates
        ],
        hiring=HiringPolicy(
            written_weight=bank.written_weight,
            interview_weight=round(1 - bank.written_weight, 6),
            min_score=bank.min_composite,
            gates_given=True,
        ),
        managers=[
            Manager(
                id=m.code,
                unit=m.branch,
                grade=m.grade,
                performance=m.performance,
                competency=m.competency,
                peer_group=group_of(m),
                years_of_service=m.years_as_cm,
                years_in_grade=m.years_in_grade,
                months_since_promotion=m.months_since_promotion,
                on_leave=m.status is ManagerStatus.LEAVE,
                # What the structure metrics average (the plan's cohorts carry the same, per grade).
                attributes={"age": m.age, "bachelor": float(m.bachelor), "mid_title": float(m.mid_title)},
            )
            for m in bank.managers
        ],
        exits=ExitSelectionPolicy(
            protect_first_year=params["protect_first_year"],
            protect_on_leave=params["protect_on_leave"],
            protect_promoted_within_months=params["protect_promoted_months"],
            default_count=params["exit_min"],
            action_order=[default, *others],
        ),
        promotions=PromotionPolicy(min_years_in_grade=params["promotion_min_years"]),
    )


def assign_problem(bank: BankData, params: dict[str, Any]) -> assign.Problem:
    """Build the territory assignment of today's team under the scenario's rules and the bank's ladder."""
    outlets = sorted({t.outlet for t in bank.territories} | {m.outlet for m in bank.managers})
    rules = assign.Rules(
        rotation_years=params["rotation_years"],
        rotation_must_years=params["rotation_must_years"],
        rotation_weight=params["rotation_weight"],
        avoidance_hard=params["avoidance_hard"],
        travel_max_km=params["travel_max_km"],
        travel_weight=params["travel_weight"],
        move_cost=params["move_cost"],
        max_moves=params["max_moves"],
        balance=params["balance"],
        balance_weight=params["balance_weight"],
        competency_hard=params["competency_hard"],
        competency_weight=params["competency_weight"],
        senior=params["senior_presence"],
        senior_grade=_senior_grade(bank.grades),
        senior_weight=params["senior_weight"],
        shortfall_weight=params["assign_shortfall_weight"],
    )
    return assign.Problem(
        units=[assign.Unit(code, *bank.outlets[code][1:]) for code in outlets if code in bank.outlets],
        territories=[
            assign.Territory(
                id=t.code,
                unit=t.outlet,
                segment=t.segment,
                need=t.need,
                min_grade=t.min_grade or bank.grades[0],
                competency_min=dict(t.competency_min),
                x=t.x,
                y=t.y,
            )
            for t in bank.territories
        ],
        managers=[
            assign.Manager(
                id=m.code,
                grade=m.grade,
                segments=[m.segment],
                competencies=dict(m.competencies),
                home_x=m.home_x,
                home_y=m.home_y,
                current=m.territory,
                years=m.years_in_territory,
            )
            for m in bank.managers
            if m.status is not ManagerStatus.LEAVE  # staff on leave work no territory this year
        ],
        avoidance=list(bank.avoidance),
        rules=rules,
        grades=list(bank.grades),
    )


def peer_group_of(kind: str) -> Callable[[ManagerRecord], str]:
    """Return the function naming a CM's 末位淘汰 peer group under the scenario's ``peer_group`` choice."""
    if kind == "bank":
        return lambda m: "bank"
    if kind == "outlet":
        return lambda m: m.outlet
    if kind == "outlet_segment":
        return lambda m: f"{m.outlet} × {m.segment}"
    if kind == "branch_segment":
        return lambda m: f"{m.branch} × {m.segment}"
    return lambda m: m.branch


def _senior_grade(ladder: list[str]) -> str:
    """Return the grade from which a CM counts as senior: the second-highest rung (高级 on the default)."""
    return ladder[-2] if len(ladder) >= 2 else ladder[-1]
