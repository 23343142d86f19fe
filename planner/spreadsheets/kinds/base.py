"""What every importable kind provides: its columns, its checks against the database, and how it writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from planner.spreadsheets.columns import Column

# flag(column key, English message template, **params): report a problem on the current row.
Flag = Callable[..., None]
Record = dict[str, Any]


class ImportKind:
    """A kind of row a workbook brings in (CMs, territories, ...), matched by its natural key."""

    name = ""
    # Title in English (translated for pages) and the sheet names of the templates.
    title = ""
    sheet_zh = ""
    sheet_en = ""
    columns: Sequence[Column] = ()
    key_column = ""
    # Model columns compared to tell an update from an unchanged row.
    compared: Sequence[str] = ()

    def match_extra(self, variants: list[str]) -> str | None:
        """Return the key of a column outside ``columns`` (a year, an indicator) that a header names."""
        return None

    def extra_matcher(self, session: Session) -> Callable[[list[str]], str | None]:
        """Return the matcher of extra columns, for kinds whose extra columns depend on stored data."""
        return self.match_extra

    def load_for_template(self, session: Session) -> Any:
        """Read what ``extra_columns`` needs for a template or an export."""
        return None

    def extra_columns(self, context: Any) -> list[Column]:
        """Return the columns that depend on the data (years, indicators) for templates and exports."""
        return []

    def extra_parse(self, key: str) -> Column | None:
        """Return the column spec reading a key found by ``match_extra``."""
        return None

    def load(self, session: Session, today: dt.date) -> Any:
        """Read what the checks need from the database in a few queries (never one per row)."""
        raise NotImplementedError

    def check(self, context: Any, values: Record, flag: Flag) -> Record | None:
        """Resolve references and check the rules across columns; return the record to store."""
        raise NotImplementedError

    def existing(self, context: Any, key: str) -> Any:
        """Return the stored row with natural key ``key``, or None."""
        raise NotImplementedError

    def differs(self, context: Any, record: Record, row: Any) -> bool:
        """Tell whether storing ``record`` would change ``row``."""
        return any(
            _plain(getattr(row, name)) != _plain(record[name]) for name in self.compared if name in record
        )

    def write(self, session: Session, context: Any, record: Record, row: Any) -> None:
        """Create (``row`` is None) or update the stored row from ``record``."""
        raise NotImplementedError

    def finish(self, session: Session, context: Any) -> None:
        """Run what follows the writes (e.g. rescoring the periods reviews were imported into)."""

    def register(self, context: Any, key: str, record: Record) -> None:
        """Remember a row the file creates, so later rows may refer to it (an outlet under a new branch)."""


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def set_changed(row: Any, record: Record, names: Sequence[str]) -> None:
    """Set the attributes of ``row`` whose value differs, so the audit log records only real changes.

    A column the file does not have is not in ``record``: the stored value stays.
    """
    for name in names:
        if name in record and _plain(getattr(row, name)) != _plain(record[name]):
            setattr(row, name, record[name])
