"""The edge of imports: problems and counts in the user's language, and the bank's day (Beijing time)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import get_locale, gettext

from planner.spreadsheets.problems import Problem, Report


def today() -> dt.date:
    """Return today's date in Beijing, where the bank works (dates in the future are checked against it)."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def language() -> str:
    """Return "zh" or "en" for the current locale (workbook headers and category names follow it)."""
    return "en" if str(get_locale() or "zh").startswith("en") else "zh"


def reason(problem: Problem) -> str:
    """Return why the problem is one, translated and filled."""
    return gettext(problem.message, **problem.params)


def where(problem: Problem) -> str:
    """Return where the problem is: sheet, row as Excel numbers it, column as the file heads it."""
    parts = [problem.sheet]
    if problem.row is not None:
        parts.append(gettext("row %(row)d", row=problem.row))
    if problem.column:
        parts.append(problem.column)
    return " · ".join(part for part in parts if part)


def report_lines(report: Report) -> list[str]:
    """Return the report as plain lines for the console."""
    lines = [
        gettext(
            "File %(file)s, sheet %(sheet)s, header on row %(row)s.",
            file=report.filename,
            sheet=report.sheet or "-",
            row=report.header_row or "-",
        ),
        gettext(
            "To create: %(created)d; to update: %(updated)d; unchanged: %(unchanged)d.",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        ),
    ]
    if report.problems:
        lines.append(gettext("%(count)d problems; nothing was changed:", count=len(report.problems)))
        for problem in report.problems:
            value = f" «{problem.value}»" if problem.value else ""
            lines.append(f"  {where(problem)}{value}: {reason(problem)}")
    return lines
