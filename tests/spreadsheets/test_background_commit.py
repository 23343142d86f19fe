"""Large files are committed by a worker on the job queue (a real consumer); the page shows the stage."""

from __future__ import annotations

import io
import time

from sqlalchemy import func, select

from planner.db import session_scope
from planner.people.models import Manager
from planner.spreadsheets import jobs
from planner.spreadsheets.jobs import run_commit
from planner.spreadsheets.models import SpreadsheetUpload
from planner.spreadsheets.uploads import store_upload
from tests import factories
from tests.spreadsheets.conftest import TODAY
from tests.spreadsheets.workbooks import MANAGER_HEADER, manager_row, xlsx

# A guard against a hung consumer, not a performance limit.
GUARD_SECONDS = 120.0


def _wait_until_settled(app, upload_id: int) -> SpreadsheetUpload:
    deadline = time.monotonic() + GUARD_SECONDS
    while True:
        with session_scope(app.extensions["planner.sessions"]) as session:
            upload = session.get(SpreadsheetUpload, upload_id)
            if upload.status in ("done", "failed"):
                session.expunge(upload)
                return upload
        assert time.monotonic() < deadline, f"upload {upload_id} stayed {upload.status}"
        time.sleep(0.1)


def test_a_worker_commits_a_kept_upload_and_records_the_counts(app, db, bank):
    user = factories.UserFactory(username="hr")
    data = xlsx([MANAGER_HEADER, manager_row("E1"), manager_row("E2")])
    upload = store_upload(db, user.id, "managers", "roster.xlsx", data)
    db.commit()
    run_commit(app.extensions["planner.sessions"], upload.id, "zh", TODAY)
    db.expire_all()
    assert (upload.status, upload.outcome, upload.content) == (
        "done",
        {"created": 2, "updated": 0, "unchanged": 0},
        b"",
    )
    assert db.scalar(select(func.count()).select_from(Manager)) == 2


def test_a_worker_refusing_a_file_records_why_and_writes_nothing(app, db, bank):
    user = factories.UserFactory(username="hr")
    data = xlsx([MANAGER_HEADER, manager_row("E1"), manager_row("E2", 所属机构="NOPE")])
    upload = store_upload(db, user.id, "managers", "roster.xlsx", data)
    db.commit()
    run_commit(app.extensions["planner.sessions"], upload.id, "zh", TODAY)
    db.expire_all()
    assert upload.status == "failed"
    assert upload.outcome["message"] == "The file has problems; nothing was imported."
    assert db.scalar(select(func.count()).select_from(Manager)) == 0


def test_a_large_file_is_committed_on_the_queue_and_the_page_shows_the_outcome(
    app, planner_client, db, bank, monkeypatch
):
    monkeypatch.setattr(jobs, "BACKGROUND_BYTES", 1000)
    data = xlsx([MANAGER_HEADER, *(manager_row(f"E{n}") for n in range(1, 41))])
    assert len(data) > 1000
    response = planner_client.post(
        "/imports/",
        data={"kind": "managers", "file": (io.BytesIO(data), "roster.xlsx"), "sheet": ""},
        content_type="multipart/form-data",
    )
    token_url = response.headers["Location"]
    committed = planner_client.post(f"{token_url}/commit")
    assert committed.headers["Location"] == token_url
    upload_id = db.scalar(select(SpreadsheetUpload.id))
    settled = _wait_until_settled(app, upload_id)
    assert settled.status == "done"
    page = planner_client.get(token_url).get_data(as_text=True)
    assert 'data-status="done"' in page
    assert "新增 40 条" in page
    assert db.scalar(select(func.count()).select_from(Manager)) == 40
