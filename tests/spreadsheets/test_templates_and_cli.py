"""The templates each kind offers, and ``flask import`` on the command line."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from planner.people.models import Manager
from planner.spreadsheets.importer import preview_import
from planner.spreadsheets.kinds import KINDS
from tests.spreadsheets.conftest import TODAY
from tests.spreadsheets.workbooks import MANAGER_HEADER, manager_row, xlsx


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_template_has_its_header_an_example_and_a_notes_sheet(planner_client, bank, kind, language):
    response = planner_client.get(f"/imports/templates/{kind}.{language}.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    data, notes = workbook.worksheets
    header = [cell.value for cell in data[1]]
    expected = [column.header(language) for column in KINDS[kind].columns]
    assert header[: len(expected)] == expected
    assert data.max_row == 2
    assert notes.max_row == len(header) + 1


def test_the_cm_template_offers_drop_down_lists_and_its_example_previews_clean(planner_client, db, bank):
    content = planner_client.get("/imports/templates/managers.zh.xlsx").data
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert '"男,女"' in sheet_xml
    assert '"初级,高级"' in sheet_xml
    report = preview_import(db, "managers", "template.xlsx", content, today=TODAY)
    assert report.problems == [] and report.created == 1


@pytest.fixture
def roster(tmp_path):
    """Write a workbook to a file and return its path."""

    def write(rows) -> str:
        path = tmp_path / "roster.xlsx"
        path.write_bytes(xlsx(rows))
        return str(path)

    return write


def test_the_command_line_dry_run_reports_and_changes_nothing(app, db, bank, roster):
    result = app.test_cli_runner().invoke(
        args=["import", "managers", roster([MANAGER_HEADER, manager_row("E1")]), "--dry-run", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "To create: 1; to update: 0; unchanged: 0." in result.output
    assert "Dry run: nothing was changed." in result.output
    assert db.scalar(select(func.count()).select_from(Manager)) == 0


def test_the_command_line_exits_with_1_and_names_each_problem(app, db, bank, roster):
    path = roster([MANAGER_HEADER, manager_row("E1"), manager_row("E2", 所属机构="NOPE")])
    result = app.test_cli_runner().invoke(args=["import", "managers", path, "--lang", "en"])
    assert result.exit_code == 1
    assert "客户经理 · row 3 · 所属机构 «NOPE»: No unit has this code or name." in result.output
    assert db.scalar(select(func.count()).select_from(Manager)) == 0


def test_the_command_line_imports_a_clean_file(app, db, bank, roster):
    result = app.test_cli_runner().invoke(
        args=["import", "managers", roster([MANAGER_HEADER, manager_row("E1")])]
    )
    assert result.exit_code == 0, result.output
    assert "已导入。" in result.output
    assert list(db.scalars(select(Manager.employee_no))) == ["E1"]
