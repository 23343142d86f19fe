"""The ranges numbers must stay in so the database can store them (PostgreSQL INTEGER is 32-bit)."""

from __future__ import annotations

import math
from decimal import Decimal

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
# Money columns are NUMERIC(14, 2): twelve digits before the point.
MONEY_MAX = Decimal("999999999999.99")
# Plain measurements and scores; anything larger is a typing error, not data.
FLOAT_MAX = 1e12


def is_int32(value: int) -> bool:
    """Tell whether ``value`` fits a 32-bit INTEGER column."""
    return INT_MIN <= value <= INT_MAX


def is_finite_float(value: float | None, limit: float = FLOAT_MAX) -> bool:
    """Tell whether ``value`` is a finite number no larger than ``limit`` either way."""
    return value is not None and math.isfinite(value) and -limit <= value <= limit


def row_id(value: object) -> int:
    """Turn a submitted id into an int that fits an id column, or raise ``ValueError``."""
    text = str(value).strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 11:
        raise ValueError(f"not an id: {text[:20]!r}")
    number = int(text)
    if not is_int32(number):
        raise ValueError(f"not an id: {text[:20]!r}")
    return number


def optional_row_id(value: object) -> int | None:
    """Like ``row_id``, but a select's empty value is None."""
    if value in (None, "", "None"):
        return None
    return row_id(value)


# Competency group and dimension weights are relative (shares of their sum); beyond this is a typing error.
MAX_WEIGHT = 1000
