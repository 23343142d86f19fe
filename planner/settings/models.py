"""Key–value settings stored as JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, TimestampMixin


class Setting(TimestampMixin, Base):
    """One named setting; defaults live in ``planner.settings.services.DEFAULTS``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
