"""Streaming the rows of an uploaded XLSX or CSV file, within a size limit, without evaluating formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from planner.messages import N_

# A synchronous import reads at most this much; larger files are split (or, later, queued as a job).
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DATA_ROWS = 20_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class FileRefused(Exception):
    """The file as a whole cannot be read; ``message`` is an English template, ``params`` fill it."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@dataclass
class Sheet:
    """One sheet: its name and its rows as (row number as Excel shows it, cell values)."""

    name: str
    rows: Iterator[tuple[int, tuple[Any, ...]]]


def check_size(data: bytes) -> None:
    """Refuse an empty file or one above the synchronous limit."""
    if not data:
        raise FileRefused(N_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            N_("The file is larger than %(limit)d MB; split it into several files."),
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )


@contextmanager
def open_sheets(filename: str, data: bytes) -> Iterator[list[Sheet]]:
    """Yield the sheets of an XLSX workbook, or the one sheet of a CSV file, streaming their rows."""
    check_size(data)
    if data.startswith(_OLE_MAGIC):
        raise FileRefused(
            N_("This is an old .xls workbook: save it as .xlsx (Excel Workbook) and upload again.")
        )
    if data.startswith(_ZIP_MAGIC):
        with _xlsx_sheets(data) as sheets:
            yield sheets
        return
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRefused(N_("The file is not a valid .xlsx workbook."))
    yield [Sheet(name=_csv_name(filename), rows=_csv_rows(data))]


@contextmanager
def _xlsx_sheets(data: bytes) -> Iterator[list[Sheet]]:
    # Calamine (Rust) reads a sheet several times faster than openpyxl and never evaluates a formula: a
    # formula cell gives the value Excel saved with it, text such as "=1+1" stays text.
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [Sheet(name=name, rows=_calamine_rows(workbook, name)) for name in workbook.sheet_names]
    except Exception as error:  # calamine raises several kinds for a damaged or encrypted archive
        raise FileRefused(N_("The file is not a valid .xlsx workbook.")) from error
    yield sheets


def _calamine_rows(workbook: Any, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # Loaded when the sheet is first read, so only the chosen sheet is ever parsed.
    try:
        sheet = workbook.get_sheet_by_name(name)
    except Exception as error:
        raise FileRefused(N_("The sheet %(name)s cannot be read."), name=name) from error
    for number, row in enumerate(sheet.iter_rows(), start=1):
        yield number, tuple(row)


def _csv_name(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[0] or "CSV"


def _decode(data: bytes) -> str:
    # Chinese Excel saves CSV in GBK (GB18030 is its superset); UTF-8 files may carry a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(N_("The CSV file is neither UTF-8 nor GBK text."))


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    text = _decode(data)
    if "\x00" in text:
        raise FileRefused(N_("The file is not a CSV text file."))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    for number, row in enumerate(reader, start=1):
        yield number, tuple(row)
