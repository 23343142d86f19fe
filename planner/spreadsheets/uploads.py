"""Keeping an uploaded file between its preview and its commit (one user's, for a day)."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.db import utcnow
from planner.errors import NotFound
from planner.spreadsheets.models import SpreadsheetUpload

KEEP_FOR = dt.timedelta(days=1)


def store_upload(
    session: Session, user_id: int, kind: str, filename: str, content: bytes, sheet: str | None = None
) -> SpreadsheetUpload:
    """Keep ``content`` for ``user_id`` under a random token; forget uploads older than a day."""
    session.execute(delete(SpreadsheetUpload).where(SpreadsheetUpload.uploaded_at < utcnow() - KEEP_FOR))
    upload = SpreadsheetUpload(
        token=secrets.token_urlsafe(32),
        user_id=user_id,
        kind=kind,
        filename=filename[-200:],
        sheet=sheet or None,
        content=content,
    )
    session.add(upload)
    session.flush()
    return upload


def load_upload(session: Session, user_id: int, token: str) -> SpreadsheetUpload:
    """Return the user's upload with ``token``; another user's or a forgotten one is not found."""
    upload = session.scalar(
        select(SpreadsheetUpload).where(
            SpreadsheetUpload.token == token, SpreadsheetUpload.user_id == user_id
        )
    )
    if upload is None:
        raise NotFound("upload")
    return upload
