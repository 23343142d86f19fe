"""An uploaded workbook kept between its preview and its commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, utcnow


class SpreadsheetUpload(Base):
    """A file a user previewed; the commit reads the same bytes (kept in the database for every instance)."""

    __tablename__ = "spreadsheet_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, unguessable: the preview page's link to the upload.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    filename: Mapped[str] = mapped_column(String(200))
    sheet: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # uploaded → queued → writing → done | failed, for a commit a worker runs (large files).
    status: Mapped[str] = mapped_column(String(16), default="uploaded")
    # The counts of a done commit, or the message template and parameters of a failed one.
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
