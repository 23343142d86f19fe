"""Form helpers every feature uses: select choices, enum labels and optional numbers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from planner.bounds import optional_row_id
from planner.enums import LabelledEnum
from planner.web.fields import FloatField
from planner.web.i18n import translate


def select_choices(*groups: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Turn groups of ``(value, label)`` pairs, in order, into WTForms choices (bare tuples are deprecated in
    WTForms 3.3)."""
    return [SelectChoice(value, label) for pairs in groups for value, label in pairs]


def lazy_translate(message: object) -> LazyString:
    """Translate ``message`` (a service's ``Message``) when shown, in the language of that request."""
    return LazyString(translate, message)


def enum_choices(enum_cls: type[LabelledEnum]) -> list[tuple[str, LazyString]]:
    """Return ``(value, label)`` pairs of an enum for a select field; labels stay lazy, so a form class built
    at import time still speaks the language of each request."""
    return [(member.value, lazy_translate(member.label)) for member in enum_cls]


def optional_int(value: object) -> int | None:
    """Coerce a select's value to an id that fits an id column: empty is ``None``; anything else is refused
    (ValueError, which WTForms shows as an invalid choice, leaving the field's data ``None``)."""
    return optional_row_id(value)


def latitude_field(label: object) -> FloatField:
    """An optional WGS-84 latitude."""
    return FloatField(
        label,
        validators=[Optional(), NumberRange(-90, 90, message=_l("Latitude must be between -90 and 90."))],
    )


def longitude_field(label: object) -> FloatField:
    """An optional WGS-84 longitude."""
    return FloatField(
        label,
        validators=[
            Optional(),
            NumberRange(-180, 180, message=_l("Longitude must be between -180 and 180.")),
        ],
    )
