"""Values as they come: dates in every office's form, numbers as text and back, categories by name."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.enums import Education, Gender, ManagerStatus, Segment, TitleLevel
from planner.spreadsheets import values
from planner.spreadsheets.choices import enum_parser
from planner.spreadsheets.values import CellError

MARCH_5 = dt.date(2021, 3, 5)


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2021, 3, 5),
        dt.date(2021, 3, 5),
        "2021-03-05",
        "2021-3-5",
        "2021/3/5",
        "2021/03/05",
        "2021.3.5",
        "2021年3月5日",
        "2021年03月05日",
        "2021 年 3 月 5 日",
        "20210305",
        20210305,
        44260,  # Excel's day serial, as a CSV saved from Excel may carry it
        44260.0,
        "2021-03-05 00:00:00",
        "２０２１－０３－０５",  # full-width digits
    ],
)
def test_every_date_form_reads_as_the_same_day(cell):
    assert values.date_value(cell) == MARCH_5


@pytest.mark.parametrize("cell", ["2021-02-30", "2021年13月1日"])
def test_a_day_that_does_not_exist_is_refused(cell):
    with pytest.raises(CellError) as error:
        values.date_value(cell)
    assert error.value.message in ("There is no such day.", "Not a date; write it as 2021-03-05.")


@pytest.mark.parametrize("cell", ["next monday", "3/5/2021", 12.5, True])
def test_text_that_is_no_date_is_refused(cell):
    with pytest.raises(CellError):
        values.date_value(cell)


@pytest.mark.parametrize(
    ("cell", "expected"), [(1234.0, "1234"), (1234, "1234"), ("001234", "001234"), (" E12 ", "E12")]
)
def test_an_employee_number_excel_turned_into_a_number_keeps_its_meaning(cell, expected):
    assert values.code(32)(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [("1,234", 1234), ("12", 12), (12.0, 12), ("１２", 12)])
def test_numbers_stored_as_text_are_numbers(cell, expected):
    assert values.integer(0, 10_000)(cell) == expected


def test_a_fraction_where_a_whole_number_belongs_is_refused():
    with pytest.raises(CellError) as error:
        values.integer(0, 100)("12.5")
    assert error.value.message == "Must be a whole number."


def test_a_number_out_of_range_names_the_range():
    with pytest.raises(CellError) as error:
        values.number(-90, 90)("91")
    assert error.value.params == {"low": "-90", "high": "90"}


@pytest.mark.parametrize(("cell", "expected"), [("3%", 3.0), ("1,234.5", 1234.5), (" 7 ", 7.0)])
def test_percent_signs_and_thousands_separators_are_read(cell, expected):
    assert values.number()(cell) == expected


@pytest.mark.parametrize(
    ("enum_cls", "cell", "member"),
    [
        (Gender, "男", Gender.MALE),
        (Gender, "F", Gender.FEMALE),
        (Education, "大学本科", Education.BACHELOR),
        (Education, "专科", Education.JUNIOR_COLLEGE),
        (Education, "Master", Education.MASTER),
        (Education, "master", Education.MASTER),
        (Segment, "对公", Segment.CORPORATE),
        (Segment, "普惠金融", Segment.SMALL_BUSINESS),
        (Segment, "Small business", Segment.SMALL_BUSINESS),
        (Segment, "small_business", Segment.SMALL_BUSINESS),
        (TitleLevel, "经济师", TitleLevel.MIDDLE),
        (ManagerStatus, "休假", ManagerStatus.LEAVE),
    ],
)
def test_categories_read_by_chinese_english_or_code(enum_cls, cell, member):
    assert enum_parser(enum_cls)(cell) is member


def test_an_unknown_category_lists_what_is_allowed():
    with pytest.raises(CellError) as error:
        enum_parser(Gender)("未知")
    assert error.value.params["allowed"] == "男 (Male) / 女 (Female)"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("是", True), ("否", False), ("Y", True), ("no", False), (1, True), ("√", True), (False, False)],
)
def test_yes_and_no_in_the_forms_offices_use(cell, expected):
    assert values.boolean(cell) is expected


def test_a_formula_is_text_never_evaluated():
    assert values.text(60)("=1+1") == "=1+1"


def test_the_apostrophe_an_export_puts_before_formula_like_text_is_dropped():
    assert values.text(60)("'=1+1") == "=1+1"
    assert values.text(60)("'O'Brien") == "'O'Brien"


@pytest.mark.parametrize("cell", ["\x00王", "王\x07"])
def test_text_with_control_characters_is_refused(cell):
    with pytest.raises(CellError) as error:
        values.text(60)(cell)
    assert error.value.message == "The text holds control characters (such as NUL) that cannot be stored."
