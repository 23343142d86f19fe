"""Number fields that only accept what the database can store: the feature forms import these, not WTForms'.

An integer beyond 32 bits, an infinite or not-a-number float, or an amount beyond the money columns' precision
is a field error ("between … and …"), never an HTTP 500 or a corrupt row.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l

from planner.bounds import FLOAT_MAX, INT_MAX, INT_MIN, MONEY_MAX, is_finite_float, is_int32


class IntegerField(wtforms.IntegerField):
    """A whole number that fits a 32-bit INTEGER column."""

    data: Any

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not is_int32(self.data):
            self.data = None
            raise ValueError(
                _l("Enter a whole number between %(low)d and %(high)d.", low=INT_MIN, high=INT_MAX)
            )


class FloatField(wtforms.FloatField):
    """A finite number no larger than a trillion either way (no ``inf``, no ``nan``)."""

    data: Any

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not is_finite_float(self.data):
            self.data = None
            raise ValueError(
                _l("Enter a finite number between -%(high)s and %(high)s.", high=f"{FLOAT_MAX:,.0f}")
            )


class MoneyField(wtforms.DecimalField):
    """An amount with two decimals that fits the NUMERIC(14, 2) money columns."""

    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("places", 2)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and len(str(valuelist[0])) > 40:
            self.data = None
            raise ValueError(self._out_of_range())
        super().process_formdata(valuelist)
        if self.data is None:
            return
        try:
            finite = self.data.is_finite() and abs(self.data) <= MONEY_MAX
            if finite:
                self.data = self.data.quantize(Decimal("0.01"))
        except InvalidOperation:
            finite = False
        if not finite:
            self.data = None
            raise ValueError(self._out_of_range())

    @staticmethod
    def _out_of_range() -> str:
        return str(_l("Enter an amount between -%(high)s and %(high)s.", high=f"{MONEY_MAX:,}"))
