"""Values as a workbook or a preview shows them: categories by name, dates as ISO days, yes/no."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from planner.spreadsheets.choices import NAMES, written_name

YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}


def shown_value(value: Any, language: str) -> Any:
    """Return ``value`` as a cell writes it: text, a number, or None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        yes, no = YES_NO["zh" if language == "zh" else "en"]
        return yes if value else no
    if isinstance(value, enum.Enum):
        return written_name(value, language) if value in NAMES else value.value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def shown_text(value: Any, language: str) -> str:
    """Return ``value`` as text for a page."""
    shown = shown_value(value, language)
    if shown is None:
        return ""
    if isinstance(shown, float) and shown.is_integer():
        return str(int(shown))
    return str(shown)
