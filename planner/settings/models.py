"""Bank-wide configuration: key–value settings stored as JSON, and the CM grade ladder."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, TimestampMixin


class Setting(TimestampMixin, Base):
    """One named setting; defaults live in ``planner.settings.services.DEFAULTS``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Grade(Base):
    """A rung of the configurable CM grade ladder (见习 → 初级 → 中级 → 高级 → 资深)."""

    __tablename__ = "grade"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # Position on the ladder: 0 is the entry grade; higher is more senior.
    rank: Mapped[int] = mapped_column(Integer, unique=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(40))
