"""Headers as HR offices write them: every alias of every column, in both languages, in any width and case."""

from __future__ import annotations

import pytest

from planner.spreadsheets.headers import find_header, match_header
from planner.spreadsheets.kinds import KINDS

ALIASES = [
    pytest.param(kind.name, column.key, name, id=f"{kind.name}-{column.key}-{name}")
    for kind in KINDS.values()
    for column in kind.columns
    for name in (column.zh, column.en, *column.aliases)
]


@pytest.mark.parametrize(("kind", "key", "written"), ALIASES)
def test_every_alias_of_every_column_names_that_column(kind, key, written):
    assert match_header(written, KINDS[kind].columns) == key


@pytest.mark.parametrize(
    "written",
    [
        "员工编号",
        " 员工编号 ",
        "员工编号（必填）",
        "员工编号(必填)",
        "*员工编号",
        "员工 编号",
        "【员工编号】",
        "员工编号：",
    ],
)
def test_brackets_notes_required_marks_and_stray_spaces_do_not_hide_a_header(written):
    assert match_header(written, KINDS["managers"].columns) == "employee_no"


@pytest.mark.parametrize(
    "written", ["EMPLOYEE ID", "employee id", "Employee_ID", "Ｅｍｐｌｏｙｅｅ　ＩＤ", "Employee-ID"]
)
def test_case_width_and_separators_do_not_matter(written):
    assert match_header(written, KINDS["managers"].columns) == "employee_no"


def test_a_header_nobody_knows_is_left_out():
    assert match_header("备注", KINDS["managers"].columns) is None


def test_the_header_is_found_below_title_rows_and_blank_rows():
    rows = [
        (1, ("2026年客户经理花名册", None, None)),
        (2, ()),
        (3, ("制表单位：人力资源部", None, None)),
        (4, ("工号", "姓名", "备注")),
        (5, ("E1", "王", "")),
    ]
    header = find_header(rows, KINDS["managers"].columns)
    assert header is not None
    assert header.row_number == 4
    assert header.keys == {0: "employee_no", 1: "name"}
    assert header.written == {"employee_no": "工号", "name": "姓名"}


def test_two_columns_meaning_the_same_are_reported():
    header = find_header([(1, ("工号", "员工编号", "姓名"))], KINDS["managers"].columns)
    assert header.duplicates == {"employee_no": "员工编号"}


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("2025年员工总数", "staff_2025"),
        ("员工总数2024", "staff_2024"),
        ("Total staff 2026", "staff_2026"),
        ("2023", "staff_2023"),
        ("2025年末人数", "staff_2025"),
    ],
)
def test_a_years_total_staff_column_is_recognised_in_both_languages(written, key):
    kind = KINDS["units"]
    assert match_header(written, kind.columns, kind.match_extra) == key
