"""A run's results as immutable rows: plan flows and goals, named decisions, assignment, moves, penalties.

Rows are written once, in bulk, when a run ends, and never changed (an update raises). Each row names what it
concerns both by foreign key (set to NULL if the bank later deletes the record) and by its code, so results
stay readable and comparable across runs after the bank's data has changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base


class ImmutableResult(Exception):
    """Stored results never change; a new run makes new rows."""


def _run_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)


def _ref(table: str) -> Mapped[int | None]:
    return mapped_column(ForeignKey(f"{table}.id", ondelete="SET NULL"))


class RunPlanCell(Base):
    """The plan's flows of one grade of one unit in one year (people; fractional in a relaxed plan)."""

    __tablename__ = "run_plan_cell"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    year: Mapped[int] = mapped_column(Integer)  # calendar year
    unit_id: Mapped[int | None] = _ref("org_unit")
    unit_code: Mapped[str] = mapped_column(String(32))
    grade_code: Mapped[str] = mapped_column(String(32))
    opening: Mapped[float] = mapped_column(Float)
    hires: Mapped[float] = mapped_column(Float)
    exits: Mapped[float] = mapped_column(Float)  # leaving this grade by an exit action (incl. demotion)
    promoted_in: Mapped[float] = mapped_column(Float)
    promoted_out: Mapped[float] = mapped_column(Float)
    demoted_in: Mapped[float] = mapped_column(Float)
    attrition: Mapped[float] = mapped_column(Float)
    closing: Mapped[float] = mapped_column(Float)


class RunPlanFlow(Base):
    """One named flow of a plan cell: hires by channel, exits by action, moves by transition."""

    __tablename__ = "run_plan_flow"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    year: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32))
    grade_code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # hire, exit, move_in, move_out, demoted_in
    name: Mapped[str] = mapped_column(String(64))  # the channel, exit action or transition
    quantity: Mapped[float] = mapped_column(Float)


class RunUnitYear(Base):
    """A unit's CM headcount, total staff and CM share at the end of a plan year."""

    __tablename__ = "run_unit_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = _ref("org_unit")
    unit_code: Mapped[str] = mapped_column(String(32))
    cm_headcount: Mapped[float] = mapped_column(Float)
    total_staff: Mapped[float] = mapped_column(Float)
    cm_share: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)  # heads the year's target asks of this unit
    shortfall: Mapped[float] = mapped_column(Float, default=0.0)


class RunGoal(Base):
    """A goal of the run: target, structure goal, budget, exit policy, or a shortfall of the named lists."""

    __tablename__ = "run_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    stage: Mapped[str] = mapped_column(String(16))  # plan, select, assign
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    year: Mapped[int | None] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    binding: Mapped[bool] = mapped_column(Boolean, default=False)
    # Objective change per unit increase of the goal's limit: what one more unit is worth.
    shadow_price: Mapped[float | None] = mapped_column(Float)
    required: Mapped[float | None] = mapped_column(Float)
    achieved: Mapped[float | None] = mapped_column(Float)
    shortfall: Mapped[float] = mapped_column(Float, default=0.0)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # The scenario form field this goal comes from, so a page can link to it.
    field: Mapped[str] = mapped_column(String(64), default="")


class RunPenalty(Base):
    """A paid objective contribution: the rule, whom it concerns, the quantity and the amount."""

    __tablename__ = "run_penalty"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    stage: Mapped[str] = mapped_column(String(16))  # plan or assign
    rule: Mapped[str] = mapped_column(String(64), index=True)
    who: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[float] = mapped_column(Float)
    amount: Mapped[float] = mapped_column(Float)


class RunHire(Base):
    """A candidate hired into a unit in the first plan year, with score, rank, preference and reason."""

    __tablename__ = "run_hire"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    candidate_id: Mapped[int | None] = _ref("candidate")
    candidate_ref: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int | None] = _ref("org_unit")
    unit_code: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(24))
    grade_code: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    shortlist_size: Mapped[int] = mapped_column(Integer)
    preference: Mapped[int] = mapped_column(Integer)  # 1 = first choice
    reason: Mapped[str] = mapped_column(Text)


class RunRejection(Base):
    """A candidate not hired, with the gate or rank that stopped them."""

    __tablename__ = "run_rejection"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    candidate_id: Mapped[int | None] = _ref("candidate")
    candidate_ref: Mapped[str] = mapped_column(String(32))
    # A gate (credit, discipline, qualification, education, composite) or shortlist, min_score, ranking…
    stage: Mapped[str] = mapped_column(String(24), index=True)
    reason: Mapped[str] = mapped_column(Text)


class RunExit(Base):
    """A CM leaving the CM team (末位淘汰): rank r of n in the peer group, score, action, protections."""

    __tablename__ = "run_exit"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    manager_id: Mapped[int | None] = _ref("manager")
    manager_code: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int | None] = _ref("org_unit")
    unit_code: Mapped[str] = mapped_column(String(32))
    grade_code: Mapped[str] = mapped_column(String(32))
    peer_group: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)  # 1 = best of the peer group
    group_size: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    action: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text)
    # CMs of the same unit and grade ranked lower but protected (why), who would otherwise have left first.
    protected_below: Mapped[str] = mapped_column(Text, default="")


class RunPromotion(Base):
    """A CM promoted a grade in the first plan year, with the rank that earned it."""

    __tablename__ = "run_promotion"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    manager_id: Mapped[int | None] = _ref("manager")
    manager_code: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int | None] = _ref("org_unit")
    unit_code: Mapped[str] = mapped_column(String(32))
    from_grade: Mapped[str] = mapped_column(String(32))
    to_grade: Mapped[str] = mapped_column(String(32))
    rank: Mapped[int] = mapped_column(Integer)
    eligible: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)


class RunAssignment(Base):
    """Where a CM (or a new hire) works after the run, with the cost components of that choice."""

    __tablename__ = "run_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    manager_id: Mapped[int | None] = _ref("manager")
    candidate_id: Mapped[int | None] = _ref("candidate")  # set for a new hire
    person_code: Mapped[str] = mapped_column(String(32))  # employee number or candidate reference
    grade_code: Mapped[str] = mapped_column(String(32))
    territory_id: Mapped[int | None] = _ref("territory")
    territory_code: Mapped[str] = mapped_column(String(32), default="")  # empty: left unassigned
    fit: Mapped[float] = mapped_column(Float, default=0.0)
    travel: Mapped[float] = mapped_column(Float, default=0.0)
    continuity: Mapped[float] = mapped_column(Float, default=0.0)
    balance: Mapped[float] = mapped_column(Float, default=0.0)
    total: Mapped[float] = mapped_column(Float, default=0.0)


class RunMove(Base):
    """A CM leaving their current territory: from where, to where, and why."""

    __tablename__ = "run_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    manager_id: Mapped[int | None] = _ref("manager")
    manager_code: Mapped[str] = mapped_column(String(32))
    from_territory_id: Mapped[int | None] = _ref("territory")
    from_code: Mapped[str] = mapped_column(String(32))
    to_territory_id: Mapped[int | None] = _ref("territory")
    to_code: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(String(24))  # avoidance, rotation, promotion, staffing, exit
    # For an avoidance move: the linked CMs (回避) who work in the unit the CM leaves, comma-separated.
    linked_with: Mapped[str] = mapped_column(Text, default="", server_default="")


class RunTerritory(Base):
    """A territory after the run: its need, the CMs assigned and the shortfall."""

    __tablename__ = "run_territory"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    territory_id: Mapped[int | None] = _ref("territory")
    territory_code: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(String(32))
    need: Mapped[int] = mapped_column(Integer)
    assigned: Mapped[int] = mapped_column(Integer)
    shortfall: Mapped[int] = mapped_column(Integer)


class RunStructure(Base):
    """A structure metric of the bank's CM team (bank-wide) in one year, with the scenario's goal if set.

    ``source``: "before" (the team of the base year, from the run's snapshot), "plan" (after a plan year, the
    average the plan's structure goals bound) or "named" (after the first year's named hires and exits,
    before the year's attrition). ``metric``: age (years), bachelor, mid_title or new_blood (shares 0..1).
    """

    __tablename__ = "run_structure"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run_fk()
    year: Mapped[int] = mapped_column(Integer)  # calendar year; the base year for "before"
    source: Mapped[str] = mapped_column(String(8))
    metric: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    goal: Mapped[float | None] = mapped_column(Float)  # the scenario's bound, when it sets one
    sense: Mapped[str] = mapped_column(String(8), default="")  # "max" or "min" with a goal
    met: Mapped[bool | None] = mapped_column(Boolean)  # None without a goal or a value


RESULT_MODELS: tuple[type[Base], ...] = (
    RunPlanCell,
    RunPlanFlow,
    RunUnitYear,
    RunGoal,
    RunPenalty,
    RunHire,
    RunRejection,
    RunExit,
    RunPromotion,
    RunAssignment,
    RunMove,
    RunTerritory,
    RunStructure,
)


def _refuse_update(_mapper: Any, _connection: Any, target: Any) -> None:
    raise ImmutableResult(f"{type(target).__name__} rows are immutable")


for _model in RESULT_MODELS:
    event.listen(_model, "before_update", _refuse_update)
