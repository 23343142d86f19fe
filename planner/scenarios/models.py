"""The scenario: a named set of planning parameters, owned by a planner, cloned with lineage."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.db import Base, TimestampMixin


class Scenario(TimestampMixin, Base):
    """A planning scenario (规划方案): parameters validated by ``planner.scenarios.parameters``."""

    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    # The scenario this one was cloned from; the chain of parents is its lineage.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("scenario.id", ondelete="SET NULL"), index=True)
    # The bank's reference plan; new scenarios are cloned from it.
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    # Version of the parameter document's schema (``parameters.SCHEMA_VERSION`` when written).
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    # The parameter document; always written through ``parameters.validate_parameters``.
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)

    owner: Mapped[User | None] = relationship()
    parent: Mapped[Scenario | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Scenario {self.id} {self.name}>"
