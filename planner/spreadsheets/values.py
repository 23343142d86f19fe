"""Reading cell values as they come: dates in every office's form, numbers stored as text and back.

Each parser takes the raw cell (``None``, ``str``, ``int``, ``float``, ``bool``, ``datetime``) and returns
the value to store, ``None`` for an empty cell, or raises ``CellError`` with a translatable reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from planner.messages import N_
from planner.spreadsheets.cells import unquote
from planner.spreadsheets.text import clean_cell_text, normalise_header

# Excel counts days from 1899-12-30 (with its 1900 leap-year bug folded in); 1950..2100 as serials.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (18264, 73051)
_DATE_PATTERNS = [
    re.compile(
        r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
    ),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


class CellError(ValueError):
    """A cell's value cannot be read; ``message`` is an English template, ``params`` fill it."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


Parser = Callable[[Any], Any]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", clean_cell_text(value))


def is_blank(value: Any) -> bool:
    """Tell whether a cell is empty or only spaces."""
    return value is None or (isinstance(value, str) and not clean_cell_text(value))


# C0 control characters other than tab and line breaks: PostgreSQL cannot store NUL, XLSX none of them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _refuse_control(text: str) -> str:
    if _CONTROL.search(text):
        raise CellError(N_("The text holds control characters (such as NUL) that cannot be stored."))
    return text


def text(max_length: int) -> Parser:
    """Return a parser of free text up to ``max_length`` characters (numbers read as their digits)."""

    def parse(value: Any) -> str | None:
        if is_blank(value):
            return None
        whole = int(value) if isinstance(value, float) and value.is_integer() else value
        result = _refuse_control(unquote(clean_cell_text(whole)))
        if len(result) > max_length:
            raise CellError(N_("At most %(limit)d characters."), limit=max_length)
        return result

    return parse


def code(max_length: int = 32) -> Parser:
    """Return a parser of an identifier: an employee number Excel turned into 1234.0 reads "1234"."""

    def parse(value: Any) -> str | None:
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise CellError(N_("Not a code."))
        result = _refuse_control(_text(value).replace(" ", ""))
        if len(result) > max_length:
            raise CellError(N_("At most %(limit)d characters."), limit=max_length)
        return result

    return parse


def _number_text(value: Any) -> str:
    result = _text(value).replace(",", "").replace(" ", "").replace("%", "")
    return result


def decimal(low: float | None = None, high: float | None = None, places: int | None = None) -> Parser:
    """Return a parser of a number (text such as "1,234.5" or "3%" too), checked against ``low``..``high``."""

    def parse(value: Any) -> Decimal | None:
        if is_blank(value):
            return None
        if isinstance(value, bool | dt.date):
            raise CellError(N_("Not a number."))
        try:
            number = Decimal(str(value)) if isinstance(value, int | float) else Decimal(_number_text(value))
        except InvalidOperation:
            raise CellError(N_("Not a number.")) from None
        if not number.is_finite():
            raise CellError(N_("Not a number."))
        _check_range(number, low, high)
        if places is not None:
            number = number.quantize(Decimal(1).scaleb(-places))
        return number

    return parse


def _check_range(number: Decimal | int, low: float | None, high: float | None) -> None:
    if low is not None and high is not None and not low <= number <= high:
        raise CellError(N_("Must be between %(low)s and %(high)s."), low=_shown(low), high=_shown(high))
    if low is not None and number < low:
        raise CellError(N_("Must be at least %(low)s."), low=_shown(low))
    if high is not None and number > high:
        raise CellError(N_("Must be at most %(high)s."), high=_shown(high))


def _shown(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def number(low: float | None = None, high: float | None = None) -> Parser:
    """Return a parser of a floating-point number within ``low``..``high``."""
    read = decimal(low, high)

    def parse(value: Any) -> float | None:
        result = read(value)
        return None if result is None else float(result)

    return parse


def integer(low: int | None = None, high: int | None = None) -> Parser:
    """Return a parser of a whole number within ``low``..``high`` ("12.0" and 12.0 are 12)."""
    read = decimal()

    def parse(value: Any) -> int | None:
        result = read(value)
        if result is None:
            return None
        if result != result.to_integral_value():
            raise CellError(N_("Must be a whole number."))
        whole = int(result)
        _check_range(whole, low, high)
        return whole

    return parse


def date_value(value: Any) -> dt.date | None:
    """Read a date: an Excel date, 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 20210305 or a day serial."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1] and float(value).is_integer():
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            value = str(int(value))
        else:
            raise CellError(N_("Not a date; write it as 2021-03-05."))
    raw = _text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise CellError(N_("There is no such day.")) from None
    raise CellError(N_("Not a date; write it as 2021-03-05."))


_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对", "t", "清白", "良好", "正常"}
_FALSE = {"否", "无", "没有", "n", "no", "false", "0", "×", "✗", "x", "错", "f", "不良", "异常"}


def boolean(value: Any) -> bool | None:
    """Read yes/no: 是/否, 有/无, Y/N, yes/no, true/false, 1/0, √/×."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    folded = normalise_header(_text(value)) or _text(value).strip()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(N_("Write yes or no (是 / 否)."))


def choice(aliases: dict[str, Any], allowed: str) -> Parser:
    """Return a parser picking a member by any of its folded names; ``allowed`` lists them for the reason."""

    def parse(value: Any) -> Any:
        if is_blank(value):
            return None
        member = aliases.get(normalise_header(_text(value)))
        if member is None:
            raise CellError(N_("Unknown value; allowed: %(allowed)s."), allowed=allowed)
        return member

    return parse
