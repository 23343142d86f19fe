"""List exports: round trip with the import, filters, the user's language, formula injection, masking."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from planner.enums import Segment
from planner.people.queries import ManagerFilters
from planner.spreadsheets.builders import SheetSpec, build_csv, build_xlsx
from planner.spreadsheets.export_rows import export_managers
from planner.spreadsheets.importer import commit_import, preview_import
from tests import factories
from tests.spreadsheets.conftest import TODAY
from tests.spreadsheets.workbooks import MANAGER_HEADER, manager_row, xlsx

INJECTIONS = ['=HYPERLINK("http://x","点")', "+1+2", "-3+4", "@SUM(A1)", "\tTAB", "\x00NUL"]


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def imported(db, bank):
    """Two CMs brought in by an import, one with a territory and every optional column."""
    factories.TerritoryFactory(code="T1", unit=bank.outlet)
    db.commit()
    header = [*MANAGER_HEADER, "片区", "进入片区日期", "职称", "信贷资格考试通过日期", "征信良好", "住址纬度"]
    rows = [
        header,
        [*manager_row("E1"), "T1", "2020-01-01", "中级职称", "2025-06-01", "是", 30.5],
        [*manager_row("E2", 条线="对公"), "", "", "", "", "否", ""],
    ]
    commit_import(db, None, "managers", "r.xlsx", xlsx(rows), today=TODAY)
    db.commit()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_export_imported_again_changes_nothing(db, imported, fmt, language):
    exported = export_managers(db, ManagerFilters(), TODAY, language, fmt)
    report = preview_import(db, "managers", exported.filename, exported.content, today=TODAY)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_an_edited_export_imports_as_exactly_that_edit(db, imported):
    exported = export_managers(db, ManagerFilters(), TODAY, "zh", "xlsx")
    workbook = load_workbook(io.BytesIO(exported.content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("姓名") + 1, value="王大明")
    edited = io.BytesIO()
    workbook.save(edited)
    report = commit_import(db, None, "managers", "edited.xlsx", edited.getvalue(), today=TODAY)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)


def test_the_export_has_the_template_columns_in_the_users_language(db, imported):
    zh = _rows(export_managers(db, ManagerFilters(), TODAY, "zh", "xlsx").content)
    en = _rows(export_managers(db, ManagerFilters(), TODAY, "en", "xlsx").content)
    assert zh[0][:3] == ("工号", "姓名", "性别") and en[0][:3] == ("Employee number", "Name", "Gender")
    assert zh[1][2] == "男" and en[1][2] == "Male"


def test_the_export_keeps_the_lists_filters(db, imported):
    rows = _rows(export_managers(db, ManagerFilters(segment=Segment.CORPORATE), TODAY, "zh", "xlsx").content)
    assert [row[0] for row in rows[1:]] == ["E2"]


@pytest.mark.parametrize("cell", INJECTIONS)
def test_formula_like_text_is_a_text_cell_in_xlsx(cell):
    content = build_xlsx([SheetSpec(name="s", header=["姓名"], rows=[[cell]])])
    written = load_workbook(io.BytesIO(content)).active.cell(row=2, column=1)
    assert written.data_type == "s"
    # XLSX (XML) cannot hold NUL: it is dropped, the rest stays text.
    assert written.value == cell.replace("\x00", "")


@pytest.mark.parametrize("cell", INJECTIONS)
def test_formula_like_text_gets_a_leading_apostrophe_in_csv(cell):
    rows = list(csv.reader(io.StringIO(build_csv(["姓名"], [[cell]]).decode("utf-8-sig"))))
    assert rows[1] == ["'" + cell.replace("\x00", "")]


def test_numbers_are_not_quoted_in_csv_but_negative_text_is():
    rows = list(csv.reader(io.StringIO(build_csv(["a", "b"], [[-3, "-3"]]).decode("utf-8-sig"))))
    assert rows[1] == ["-3", "'-3"]


def test_formula_like_names_are_text_cells_in_an_exported_list(db, bank):
    for number, name in enumerate(INJECTIONS[:5]):
        factories.ManagerFactory(employee_no=f"X{number}", name=name, unit=bank.outlet, grade=bank.junior)
    db.commit()
    content = export_managers(db, ManagerFilters(), TODAY, "zh", "xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row=r, column=2) for r in range(2, 7)]
    assert [(cell.data_type, cell.value) for cell in cells] == [("s", name) for name in INJECTIONS[:5]]


def test_formula_like_names_get_a_leading_apostrophe_in_csv_and_come_back_intact(db, bank):
    for number, name in enumerate(INJECTIONS[:5]):
        factories.ManagerFactory(employee_no=f"X{number}", name=name, unit=bank.outlet, grade=bank.junior)
    factories.ManagerFactory(employee_no="X9", name="-", unit=bank.outlet, grade=bank.junior)
    db.commit()
    exported = export_managers(db, ManagerFilters(), TODAY, "zh", "csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == [*("'" + name for name in INJECTIONS[:5]), "'-"]
    report = preview_import(db, "managers", exported.filename, exported.content, today=TODAY)
    assert (report.unchanged, report.problems) == (6, [])
