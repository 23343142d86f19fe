"""Preview, then commit: read a workbook, say everything that is wrong, and write all of it or nothing.

``preview_import`` and ``commit_import`` take a session, the acting user's id and the file's bytes; they know
nothing of Flask, so the web page, the CLI and (for large files) a queued job call them the same way.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from planner.audit.models import AuditEntry
from planner.audit.recorder import PARENT_KEY
from planner.enums import AuditAction
from planner.errors import DomainError
from planner.messages import N_
from planner.spreadsheets.columns import Column
from planner.spreadsheets.headers import HEADER_SEARCH_ROWS, ExtraMatcher, HeaderMap, find_header
from planner.spreadsheets.kinds import get_kind
from planner.spreadsheets.kinds.base import ImportKind, Record
from planner.spreadsheets.problems import Problem, RejectedRow, Report
from planner.spreadsheets.reader import MAX_DATA_ROWS, FileRefused, Sheet, open_sheets
from planner.spreadsheets.shown import shown_text
from planner.spreadsheets.values import CellError, is_blank

SAMPLE_ROWS = 20
# Rows written between flushes: bounded memory, and a database refusal still names a short range of rows.
FLUSH_EVERY = 500


class ImportRefused(DomainError):
    """The file has problems (see ``report``); nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.problems)} problems")
        self.report = report


class ImportFailed(DomainError):
    """The database refused a write the preview could not foresee; the caller rolls the whole import back."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@dataclass
class _Planned:
    row: int
    key: str
    record: Record
    existing: Any


@dataclass
class _Analysis:
    report: Report
    context: Any = None
    planned: list[_Planned] = field(default_factory=list)


def preview_import(
    session: Session,
    kind_name: str,
    filename: str,
    data: bytes,
    *,
    today: dt.date,
    sheet: str | None = None,
    language: str = "zh",
) -> Report:
    """Read the file and report what an import would do and every problem; change nothing."""
    return _analyse(session, get_kind(kind_name), filename, data, today, sheet, language).report


def commit_import(
    session: Session,
    user_id: int | None,
    kind_name: str,
    filename: str,
    data: bytes,
    *,
    today: dt.date,
    sheet: str | None = None,
    language: str = "zh",
) -> Report:
    """Write every row of a clean file in the session's transaction under one audit entry.

    Raises ``ImportRefused`` (nothing written) when the preview finds a problem, and ``ImportFailed`` when the
    database refuses a row; the caller then rolls back, so a failure midway leaves nothing behind.
    """
    kind = get_kind(kind_name)
    analysis = _analyse(session, kind, filename, data, today, sheet, language)
    report = analysis.report
    if not report.clean:
        raise ImportRefused(report)
    summary = AuditEntry(
        user_id=user_id,
        action=AuditAction.CREATE,
        entity="import",
        entity_id=kind.name,
        changes={"file": filename, "sheet": report.sheet, **report.counts()},
    )
    session.add(summary)
    session.flush()
    session.info[PARENT_KEY] = summary.id
    try:
        _write(session, kind, analysis)
    finally:
        session.info.pop(PARENT_KEY, None)
    report.committed = True
    return report


def _write(session: Session, kind: ImportKind, analysis: _Analysis) -> None:
    batch_start = None
    for count, planned in enumerate(analysis.planned, start=1):
        batch_start = batch_start or planned.row
        try:
            kind.write(session, analysis.context, planned.record, planned.existing)
            if count % FLUSH_EVERY == 0:
                session.flush()
                batch_start = None
        except DBAPIError as error:
            raise _refusal(error, batch_start, planned.row) from error
    try:
        session.flush()
        kind.finish(session, analysis.context)
        session.flush()
    except DBAPIError as error:
        last = analysis.planned[-1].row if analysis.planned else 0
        raise _refusal(error, batch_start or last, last) from error


def _refusal(error: DBAPIError, first: int | None, last: int) -> ImportFailed:
    reason = str(error.orig).splitlines()[0][:300] if error.orig else type(error).__name__
    return ImportFailed(
        N_(
            "The database refused a row between rows %(first)d and %(last)d (%(reason)s); "
            "nothing was imported."
        ),
        first=first or last,
        last=last,
        reason=reason,
    )


def _analyse(
    session: Session,
    kind: ImportKind,
    filename: str,
    data: bytes,
    today: dt.date,
    sheet_name: str | None,
    language: str,
) -> _Analysis:
    report = Report(kind=kind.name, filename=filename)
    analysis = _Analysis(report)
    try:
        with open_sheets(filename, data) as sheets:
            chosen = _choose_sheet(sheets, kind, kind.extra_matcher(session), sheet_name, report)
            if chosen is None:
                return analysis
            sheet, header, head_rows = chosen
            report.sheet, report.header_row, report.headers = sheet.name, header.row_number, header.cells
            if not _check_columns(kind, header, report):
                return analysis
            analysis.context = kind.load(session, today)
            _read_rows(kind, analysis, sheet, header, itertools.chain(head_rows, sheet.rows), language)
    except FileRefused as refused:
        report.problems.append(Problem(report.sheet, None, "", "", refused.message, refused.params))
    return analysis


def _choose_sheet(
    sheets: list[Sheet], kind: ImportKind, matcher: ExtraMatcher, sheet_name: str | None, report: Report
) -> tuple[Sheet, HeaderMap, list[tuple[int, tuple[Any, ...]]]] | None:
    """Return the named sheet, or the first whose header matches, with its header and the rows after it."""
    if sheet_name is not None:
        sheets = [s for s in sheets if s.name == sheet_name]
        if not sheets:
            report.problems.append(
                Problem(
                    sheet_name, None, "", "", N_("There is no sheet called %(name)s."), {"name": sheet_name}
                )
            )
            return None
    for sheet in sheets:
        head = list(itertools.islice(sheet.rows, HEADER_SEARCH_ROWS))
        header = find_header(head, kind.columns, matcher)
        if header is not None:
            return sheet, header, [row for row in head if row[0] > header.row_number]
    names = " / ".join(f"{c.zh} ({c.en})" for c in kind.columns if c.required)
    report.problems.append(
        Problem(
            sheet_name or (sheets[0].name if sheets else ""),
            None,
            "",
            "",
            N_(
                "No header row found in the first %(rows)d rows; "
                "the header must name the columns %(columns)s."
            ),
            {"rows": HEADER_SEARCH_ROWS, "columns": names},
        )
    )
    return None


def _check_columns(kind: ImportKind, header: HeaderMap, report: Report) -> bool:
    ok = True
    for column in kind.columns:
        if column.required and column.key not in header.written:
            report.problems.append(
                Problem(
                    report.sheet,
                    header.row_number,
                    f"{column.zh} / {column.en}",
                    "",
                    N_("This required column is missing."),
                )
            )
            ok = False
    for key, written in header.duplicates.items():
        report.problems.append(
            Problem(
                report.sheet,
                header.row_number,
                written,
                "",
                N_("Two columns mean the same (%(first)s); keep one."),
                {"first": header.written[key]},
            )
        )
        ok = False
    return ok


def _column(kind: ImportKind, key: str) -> Column | None:
    for column in kind.columns:
        if column.key == key:
            return column
    return kind.extra_parse(key)


def _read_rows(
    kind: ImportKind,
    analysis: _Analysis,
    sheet: Sheet,
    header: HeaderMap,
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    language: str,
) -> None:
    report, context = analysis.report, analysis.context
    specs = {position: _column(kind, key) for position, key in header.keys.items()}
    seen: dict[str, int] = {}
    data_rows = 0
    for number, cells in rows:
        if all(is_blank(cell) for cell in cells):
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            raise FileRefused(
                N_("The file has more than %(limit)d rows; split it into several files."), limit=MAX_DATA_ROWS
            )
        flag = _RowFlagger(sheet.name, number, cells, header, language)
        problems = flag.problems
        values = _parse_cells(kind, specs, cells, flag)
        record = None
        if not problems:
            record = kind.check(context, values, flag)
        key = values.get(kind.key_column)
        if key:
            if key in seen:
                shown_at = kind.key_column if kind.key_column in header.written else kind.columns[0].key
                flag(shown_at, N_("This key is also on row %(row)d."), row=seen[key])
            else:
                seen[key] = number
        if problems or record is None:
            report.problems.extend(problems)
            report.rejected.append(RejectedRow(number, cells, problems))
            continue
        _plan(kind, analysis, number, str(key), record, values, header, language)


class _RowFlagger:
    """Collect a row's problems, pointing at the header as written and the value as shown."""

    def __init__(
        self, sheet: str, number: int, cells: tuple[Any, ...], header: HeaderMap, language: str
    ) -> None:
        self.sheet, self.number, self.cells, self.header, self.language = (
            sheet,
            number,
            cells,
            header,
            language,
        )
        self.problems: list[Problem] = []

    def __call__(self, key: str, message: str, **params: Any) -> None:
        position = next((p for p, k in self.header.keys.items() if k == key), None)
        raw = self.cells[position] if position is not None and position < len(self.cells) else None
        column = self.header.written.get(key, key)
        self.problems.append(
            Problem(self.sheet, self.number, column, shown_text(raw, self.language), message, params)
        )


def _parse_cells(
    kind: ImportKind, specs: dict[int, Column | None], cells: tuple[Any, ...], flag: Any
) -> Record:
    values: Record = {}
    for position, spec in specs.items():
        if spec is None:
            continue
        raw = cells[position] if position < len(cells) else None
        try:
            values[spec.key] = spec.parse(raw)
        except CellError as error:
            flag(spec.key, error.message, **error.params)
            continue
        if values[spec.key] is None and spec.required:
            flag(spec.key, N_("This cell is required."))
    return values


def _plan(
    kind: ImportKind,
    analysis: _Analysis,
    number: int,
    key: str,
    record: Record,
    values: Record,
    header: HeaderMap,
    language: str,
) -> None:
    report = analysis.report
    existing = kind.existing(analysis.context, key)
    if existing is None:
        action = "create"
        report.created += 1
        kind.register(analysis.context, key, record)
    elif kind.differs(analysis.context, record, existing):
        action = "update"
        report.updated += 1
    else:
        report.unchanged += 1
        return
    analysis.planned.append(_Planned(number, key, record, existing))
    if len(report.sample) < SAMPLE_ROWS:
        shown = {header.written[k]: shown_text(values.get(k), language) for k in header.written}
        report.sample.append((number, action, shown))
