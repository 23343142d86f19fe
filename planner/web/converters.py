"""The URL converter for ids: ``<int:…>`` in every blueprint accepts only what fits an id column."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map, ValidationError

from planner.bounds import INT_MAX


class BoundedIntConverter(IntegerConverter):
    """A non-negative integer of at most ten ASCII digits and at most INT_MAX; anything else is a 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT_MAX)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        if len(value) > 10:
            raise ValidationError()
        return super().to_python(value)
