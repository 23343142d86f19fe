"""Committing a large file on the job queue: the page shows the stage until the worker is done.

The commit stays one transaction (all or nothing), so the stages are what can be reported while it runs:
queued, writing (each in its own short transaction before the import's), then done or failed (the outcome is
stored in the import's own transaction, so a done import and its outcome are committed together).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Flask
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from planner.audit.recorder import act_as
from planner.db import session_scope
from planner.jobs.queue import job_queue, register_job
from planner.messages import N_
from planner.spreadsheets.importer import ImportFailed, ImportRefused, commit_import
from planner.spreadsheets.models import SpreadsheetUpload

log = logging.getLogger(__name__)

COMMIT_JOB = "spreadsheets.commit"
# Files above this size are committed by a worker (a few thousand rows: several seconds of writing).
BACKGROUND_BYTES = 256 * 1024
RUNNING = ("queued", "writing")


def register(app: Flask) -> None:
    """Make the commit job known to the app's queue."""
    register_job(app, COMMIT_JOB, _commit_job)


def enqueue_commit(
    app: Flask, session: Session, upload: SpreadsheetUpload, language: str, today: dt.date
) -> str:
    """Mark ``upload`` queued, commit that, and queue its commit; return the task id."""
    upload.status, upload.outcome = "queued", None
    session.commit()
    arguments = {"upload_id": upload.id, "language": language, "today": today.isoformat()}
    return job_queue(app).enqueue(COMMIT_JOB, arguments)


def _commit_job(app: Flask, upload_id: int, language: str, today: str) -> None:
    run_commit(app.extensions["planner.sessions"], upload_id, language, dt.date.fromisoformat(today))


def _mark(
    factory: sessionmaker[Session], upload_id: int, status: str, outcome: dict[str, Any] | None
) -> None:
    with session_scope(factory) as session:
        session.execute(
            update(SpreadsheetUpload)
            .where(SpreadsheetUpload.id == upload_id)
            .values(status=status, outcome=outcome)
        )


def run_commit(factory: sessionmaker[Session], upload_id: int, language: str, today: dt.date) -> None:
    """Commit the kept upload as its uploader, recording the stage and the outcome on the upload."""
    _mark(factory, upload_id, "writing", None)
    with factory() as session:
        upload = session.get(SpreadsheetUpload, upload_id)
        if upload is None:
            return
        act_as(session, upload.user_id)
        try:
            report = commit_import(
                session,
                upload.user_id,
                upload.kind,
                upload.filename,
                upload.content,
                today=today,
                sheet=upload.sheet,
                language=language,
            )
            upload.status, upload.outcome, upload.content = "done", report.counts(), b""
            session.commit()
            return
        except ImportRefused:
            failure: dict[str, Any] = {
                "message": N_("The file has problems; nothing was imported."),
                "params": {},
            }
        except ImportFailed as error:
            failure = {"message": error.message, "params": error.params}
        except Exception:
            log.exception("import of upload %s failed", upload_id)
            failure = {"message": N_("The import failed; nothing was imported."), "params": {}}
        session.rollback()
    _mark(factory, upload_id, "failed", failure)
