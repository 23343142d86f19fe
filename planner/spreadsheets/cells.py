"""Cells written safely: text a spreadsheet program would run as a formula stays text (formula injection)."""

from __future__ import annotations

import re
from typing import Any

# A cell starting with one of these is a formula (or becomes one) in Excel, WPS and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
# Characters an XLSX (XML 1.0) cannot hold at all.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Tell whether ``text`` would be taken for a formula by a spreadsheet program."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """Return ``value`` for a CSV file: formula-like text gets a leading apostrophe, as OWASP advises."""
    if isinstance(value, str):
        if is_formula_like(value):
            return "'" + value.replace("\x00", "")
        return value
    return "" if value is None else value


def xlsx_text(value: str) -> str:
    """Return text for an XLSX string cell (written with ``write_string``, so never run as a formula)."""
    return _XML_INVALID.sub("", value)


def unquote(text: str) -> str:
    """Undo ``csv_cell``: a leading apostrophe before formula-like text is dropped on import."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text
