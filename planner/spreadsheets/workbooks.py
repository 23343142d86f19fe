"""The downloadable workbooks of an import: a kind's template, and the rejected rows with their reasons."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from planner.spreadsheets.builders import SheetSpec, build_xlsx
from planner.spreadsheets.choices import allowed_names
from planner.spreadsheets.describe import reason
from planner.spreadsheets.kinds import get_kind
from planner.spreadsheets.kinds.examples import example_row, grade_names
from planner.spreadsheets.problems import Report

LOCALE_OF = {"zh": "zh_Hans_CN", "en": "en"}


def build_template(session: Session, kind_name: str, language: str) -> bytes:
    """Return a kind's template: the header, one example row, a sheet of allowed values and formats."""
    kind = get_kind(kind_name)
    columns = [*kind.columns, *kind.extra_columns(kind.load_for_template(session))]
    header = [column.header(language) for column in columns]
    example = example_row(session, kind_name, language)
    dropdowns: dict[int, list[str]] = {}
    for position, column in enumerate(columns):
        if column.choices is not None:
            dropdowns[position] = allowed_names(column.choices, language)
        elif column.key == "grade":
            dropdowns[position] = grade_names(session, language)
    with force_locale(LOCALE_OF[language]):
        notes_title = [
            gettext("Column"),
            gettext("Must be filled"),
            gettext("How to write it"),
            gettext("Allowed values"),
        ]
        yes, no = gettext("yes"), gettext("no")
        notes = [
            [
                column.header(language),
                yes if column.required else no,
                gettext(column.hint) if column.hint else "",
                " / ".join(dropdowns.get(position, [])),
            ]
            for position, column in enumerate(columns)
        ]
        guide = gettext("Notes")
    data_sheet = SheetSpec(
        name=kind.sheet_zh if language == "zh" else kind.sheet_en,
        header=header,
        rows=[[example.get(column.key) for column in columns]],
        dropdowns=dropdowns,
        required={p for p, c in enumerate(columns) if c.required},
    )
    return build_xlsx([data_sheet, SheetSpec(name=guide, header=notes_title, rows=notes)])


def build_rejected(report: Report, language: str) -> bytes:
    """Return the rejected rows under the file's own header, with a column saying why each was refused."""
    header: list[Any] = [*report.headers]
    with force_locale(LOCALE_OF[language]):
        header.append(gettext("Why rejected"))
        rows = []
        for rejected in report.rejected:
            cells = list(rejected.cells) + [None] * (len(report.headers) - len(rejected.cells))
            why = "; ".join(f"{p.column}: {reason(p)}" if p.column else reason(p) for p in rejected.problems)
            rows.append([*cells[: len(report.headers)], why])
    return build_xlsx([SheetSpec(name=report.sheet or "rejected", header=header, rows=rows)])
