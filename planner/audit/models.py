"""Audit log entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, utcnow
from planner.enums import AuditAction, enum_column_type


class AuditEntry(Base):
    """One recorded change of one row."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    # The summary entry this change belongs to (an import records one entry with its row changes under it).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("audit_entry.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[AuditAction] = mapped_column(enum_column_type(AuditAction))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(40))
    # {"field": [old, new]} for updates; the row's fields for creates and deletes.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
