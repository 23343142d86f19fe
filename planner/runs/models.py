"""A solver run of one scenario, its input snapshot and its progress reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.db import Base, utcnow
from planner.enums import RunStatus, enum_column_type
from planner.messages import Message, message_from_json
from planner.scenarios.models import Scenario


class InvalidTransition(Exception):
    """A run was asked to move to a state its lifecycle does not allow from where it is."""


class Run(Base):
    """One execution of a scenario: status, who and when, solver settings, outcome and explanation."""

    __tablename__ = "run"
    __table_args__ = (Index("ix_run_scenario_created", "scenario_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"))
    status: Mapped[RunStatus] = mapped_column(
        enum_column_type(RunStatus), default=RunStatus.QUEUED, index=True
    )
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    # A run started with "run again" solves the snapshot of this run.
    rerun_of_id: Mapped[int | None] = mapped_column(ForeignKey("run.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Written by the worker every few seconds; an old heartbeat on a running run means its worker died.
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    time_limit: Mapped[float] = mapped_column(Float)  # seconds for all stages together
    seed: Mapped[int] = mapped_column(Integer, default=0)
    # Deterministic runs use one search worker and a fixed seed, so the same snapshot gives the same result.
    deterministic: Mapped[bool] = mapped_column(Boolean, default=True)
    solver_versions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Stage the worker is in: snapshot (reading the bank), plan, select, assign, store.
    stage: Mapped[str] = mapped_column(String(16), default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # Solved (optimal or feasible), infeasible (explained), stopped (cancelled: best result kept), or empty.
    outcome: Mapped[str] = mapped_column(String(16), default="")
    objective: Mapped[float | None] = mapped_column(Float)  # the plan's objective
    bound: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    assign_objective: Mapped[float | None] = mapped_column(Float)
    assign_bound: Mapped[float | None] = mapped_column(Float)
    assign_gap: Mapped[float | None] = mapped_column(Float)
    stage_seconds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    # Counts of the named decisions and moves (hires, rejections, exits, promotions, assignments, moves).
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    failure_reason: Mapped[str] = mapped_column(Text, default="")
    # The failure as a message the page translates ({"template": ..., "params": {...}}), when it is one.
    failure_message: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The day the bank is read as of when the worker builds the snapshot (tenure, ages, review years).
    as_of: Mapped[date | None] = mapped_column(Date)
    # What the plan goals' shadow prices count: "yuan" (the plan's cost, penalties at the scenario's
    # weights), "heads" (heads short, a lexicographic plan that ends on shortfall) or "" (objective units).
    price_unit: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # Sentences explaining the result; for an infeasible scenario the conflicting goals.
    explanation: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Names of the smallest set of conflicting goals (infeasible plan) or hard rules (assignment).
    conflict: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Huey task id and the worker (host:pid) that took the run.
    task_id: Mapped[str] = mapped_column(String(64), default="")
    worker: Mapped[str] = mapped_column(String(120), default="")

    scenario: Mapped[Scenario] = relationship()
    started_by: Mapped[User | None] = relationship()
    snapshot: Mapped[RunSnapshot | None] = relationship(
        back_populates="run", cascade="all, delete-orphan", uselist=False
    )

    @property
    def failure(self) -> Message | None:
        """Return why the run failed as a message the page translates (None when it did not fail so)."""
        return message_from_json(self.failure_message) if self.failure_message else None

    def move_to(self, target: RunStatus) -> None:
        """Change the status, refusing transitions the lifecycle does not allow."""
        if not self.status.can_move_to(target):
            raise InvalidTransition(f"run {self.id}: {self.status.value} → {target.value} is not allowed")
        self.status = target

    def __repr__(self) -> str:
        return f"<Run {self.id} {self.status.value}>"


class RunSnapshot(Base):
    """The exact solver inputs of a run (JSON) and their SHA-256, kept apart so run lists stay light."""

    __tablename__ = "run_snapshot"

    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # {"format": 1, "plan": PlanProblem JSON, "selection": ..., "assign": ..., "options": ..., "keys": ...}
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)

    run: Mapped[Run] = relationship(back_populates="snapshot")


class RunProgress(Base):
    """One progress report of a run's stage, as the solver gave it."""

    __tablename__ = "run_progress"
    __table_args__ = (Index("ix_run_progress_run", "run_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    elapsed: Mapped[float] = mapped_column(Float)  # seconds since the run started
    message: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
