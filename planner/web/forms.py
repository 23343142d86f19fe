"""Form helpers every feature uses: select choices and showing a service's error on its field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from planner.bounds import row_id
from planner.errors import InvalidInput
from planner.web.fields import FloatField


def select_choices(*groups: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Turn groups of ``(value, label)`` pairs, in order, into WTForms choices (bare tuples are deprecated in
    WTForms 3.3)."""
    return [SelectChoice(value, label) for pairs in groups for value, label in pairs]


def attach_error(form: FlaskForm, error: InvalidInput) -> None:
    """Show a service's ``InvalidInput`` under the field it names, or above the form when none matches."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def optional_int(value: object) -> int | None:
    """Turn a select's empty value into ``None``."""
    return row_id(value) if value not in (None, "", "None") else None  # type: ignore[arg-type]


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
