"""Translating the services' messages at the edge: views, templates and flash messages."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from planner.enums import LabelledEnum
from planner.messages import Message


def translate(value: Any) -> Any:
    """Return ``value`` in the user's language when it is a ``Message`` or an enum member; else unchanged.

    Parameters are translated first, so a message may name an enum member or carry another message.
    """
    if isinstance(value, Message):
        params = {key: translate(param) for key, param in value.params.items()}
        return gettext(value.template, **params)
    if isinstance(value, LabelledEnum):
        return translate(value.label)
    if isinstance(value, list | tuple):
        return gettext(", ").join(str(translate(item)) for item in value)
    return value


def finalize(value: Any) -> Any:
    """Translate what a template prints (Jinja's ``finalize`` hook): ``{{ member.label }}`` is localised."""
    return translate(value) if isinstance(value, Message) else value
