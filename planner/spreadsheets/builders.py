"""Building XLSX and CSV files from a header and rows, streaming (constant memory) and injection-safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import xlsxwriter

from planner.spreadsheets.cells import csv_cell, xlsx_text

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"


@dataclass
class SheetSpec:
    """A sheet to write: its name, header, rows, and optional drop-down lists per column position."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    dropdowns: dict[int, list[str]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    # Header cells painted as required.
    required: set[int] = field(default_factory=set)


def _write_cell(worksheet: Any, row: int, col: int, value: Any, date_format: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        worksheet.write_number(row, col, float(value))
    elif isinstance(value, dt.date):
        worksheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), date_format)
    else:
        # write_string, never write(): text starting with "=" stays text.
        worksheet.write_string(row, col, xlsx_text(str(value)))


def build_xlsx(sheets: Sequence[SheetSpec]) -> bytes:
    """Return an XLSX workbook of ``sheets``, rows streamed to disk as they come (constant memory)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for spec in sheets:
        worksheet = workbook.add_worksheet(spec.name[:31])
        for col, title in enumerate(spec.header):
            worksheet.write_string(0, col, xlsx_text(str(title)), required if col in spec.required else bold)
            worksheet.set_column(col, col, max(10, min(40, len(str(title)) * 2 + 2)))
            if col in spec.notes:
                worksheet.write_comment(0, col, spec.notes[col])
        worksheet.freeze_panes(1, 0)
        for col, choices in spec.dropdowns.items():
            worksheet.data_validation(1, col, 1_048_575, col, {"validate": "list", "source": choices})
        for number, row in enumerate(spec.rows, start=1):
            for col, value in enumerate(row):
                _write_cell(worksheet, number, col, value, date_format)
    workbook.close()
    return out.getvalue()


def build_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return a CSV file (UTF-8 with a BOM, so Excel reads the Chinese) with formula-like text quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(title) for title in header])
    for row in rows:
        writer.writerow([csv_cell(_csv_value(value)) for value in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
