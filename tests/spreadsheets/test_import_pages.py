"""The import pages: upload, preview with every problem, commit, rejected rows, templates; roles."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.people.models import Manager
from tests.spreadsheets.workbooks import MANAGER_HEADER, manager_row, xlsx


def _upload(client, data: bytes, name: str = "roster.xlsx", kind: str = "managers"):
    return client.post(
        "/imports/",
        data={"kind": kind, "file": (io.BytesIO(data), name), "sheet": ""},
        content_type="multipart/form-data",
    )


def test_a_file_with_problems_previews_every_problem_and_offers_no_commit(planner_client, bank, db):
    data = xlsx([MANAGER_HEADER, manager_row(), manager_row("E1002", 所属机构="XX999")])
    response = _upload(planner_client, data)
    assert response.status_code == 302
    preview = planner_client.get(response.headers["Location"])
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "XX999" in page and "所属机构" in page
    assert 'id="commit"' not in page
    assert db.scalar(select(func.count()).select_from(Manager)) == 0


def test_a_clean_file_commits_and_goes_to_the_list(planner_client, bank, db):
    response = _upload(planner_client, xlsx([MANAGER_HEADER, manager_row(), manager_row("E1002")]))
    token_url = response.headers["Location"]
    preview = planner_client.get(token_url)
    assert preview.status_code == 200
    assert 'id="commit"' in preview.get_data(as_text=True)
    committed = planner_client.post(f"{token_url}/commit")
    assert committed.status_code == 302
    assert committed.headers["Location"].endswith("/managers/")
    db.expire_all()
    assert sorted(db.scalars(select(Manager.employee_no))) == ["E1001", "E1002"]
    summary = db.scalar(select(AuditEntry).where(AuditEntry.entity == "import"))
    assert summary.changes["file"] == "roster.xlsx" and summary.changes["created"] == 2


def test_the_rejected_rows_come_back_with_the_original_headers_and_a_reason(planner_client, bank):
    data = xlsx([MANAGER_HEADER, manager_row(), manager_row("E1002", 性别="未知")])
    token_url = _upload(planner_client, data).headers["Location"]
    response = planner_client.get(f"{token_url}/rejected.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*MANAGER_HEADER, "原因"]
    assert len(rows) == 2
    assert rows[1][0] == "E1002"
    assert rows[1][-1].startswith("性别: 未知值")


def test_viewers_may_not_import(viewer_client):
    assert viewer_client.get("/imports/").status_code == 403


def test_another_users_upload_is_not_found(planner_client, admin_client, bank):
    token_url = _upload(planner_client, xlsx([MANAGER_HEADER, manager_row()])).headers["Location"]
    assert admin_client.get(token_url).status_code == 404


def test_an_upload_without_a_file_answers_422_with_the_error(planner_client):
    response = planner_client.post("/imports/", data={"kind": "managers"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "请选择文件。" in response.get_data(as_text=True)


def test_a_file_that_is_no_workbook_previews_as_one_problem(planner_client, bank):
    token_url = _upload(planner_client, b"PK\x03\x04 not really a zip", name="roster.xlsx").headers[
        "Location"
    ]
    page = planner_client.get(token_url).get_data(as_text=True)
    assert "该文件不是有效的 .xlsx 工作簿。" in page


def test_the_audit_log_links_an_import_to_the_row_changes_under_it(planner_client, bank, db):
    token_url = _upload(planner_client, xlsx([MANAGER_HEADER, manager_row("E1")])).headers["Location"]
    planner_client.post(f"{token_url}/commit")
    summary = db.scalar(select(AuditEntry).where(AuditEntry.entity == "import"))
    log = planner_client.get("/audit/").get_data(as_text=True)
    assert f'href="/audit/?parent={summary.id}"' in log
    rows = planner_client.get(f"/audit/?parent={summary.id}").get_data(as_text=True)
    assert rows.count("<tr>") - 1 == db.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.parent_id == summary.id)
    )
    assert "E1" in rows and "roster.xlsx" not in rows
