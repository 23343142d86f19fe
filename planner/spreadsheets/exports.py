"""List exports: the rows a list page shows (same filters), in the import template's columns and language.

Each ``export_*`` takes a session and the list's filters and returns an ``ExportFile``; the view sends it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from planner.spreadsheets.builders import CSV_MIMETYPE, XLSX_MIMETYPE, SheetSpec, build_csv, build_xlsx
from planner.spreadsheets.columns import Column
from planner.spreadsheets.kinds import get_kind
from planner.spreadsheets.shown import shown_value

FORMATS = ("xlsx", "csv")
# Rows fetched from the database per round trip while streaming an export.
FETCH_ROWS = 1000


@dataclass(frozen=True)
class ExportFile:
    """A built file ready to send."""

    filename: str
    mimetype: str
    content: bytes


RowMaker = Callable[[Any], dict[str, Any]]


def stream(session: Session, stmt: Select[Any]) -> Iterator[Any]:
    """Yield the rows of ``stmt`` in batches, so an export of 10,000 rows never holds them all."""
    yield from session.scalars(stmt.execution_options(yield_per=FETCH_ROWS))


def build_export(
    kind_name: str,
    columns: Sequence[Column],
    records: Iterable[dict[str, Any]],
    language: str,
    fmt: str,
    today: dt.date,
) -> ExportFile:
    """Write ``records`` (values by column key) under the columns' headers in ``language`` as ``fmt``."""
    kind = get_kind(kind_name)
    header = [column.header(language) for column in columns]
    rows = ([shown_value(record.get(column.key), language) for column in columns] for record in records)
    stem = f"{kind.sheet_zh if language == 'zh' else kind.name}-{today.isoformat()}"
    if fmt == "csv":
        return ExportFile(f"{stem}.csv", CSV_MIMETYPE, build_csv(header, rows))
    sheet = SheetSpec(name=kind.sheet_zh if language == "zh" else kind.sheet_en, header=header, rows=rows)
    return ExportFile(f"{stem}.xlsx", XLSX_MIMETYPE, build_xlsx([sheet]))
