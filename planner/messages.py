"""User-facing messages of services, models and enums, kept free of Flask.

A service writes ``N_("The code %(code)s is taken.", code=code)``: ``pybabel extract -k N_`` finds the
English message id, the result reads as the English text, and the edge (a view, a template, the CLI, the API)
translates it into the user's language with the same parameters (``planner.web.i18n.translate``). So workers,
the CLI and the tests run services without an application or a request.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """An English message that remembers its message id (``template``) and parameters for translation.

    A parameter may be another message, an enum member (shown by its label) or a list of them (joined).
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        shown = {key: _english(value) for key, value in params.items()}
        self = super().__new__(cls, template % shown if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params))


def _english(value: Any) -> Any:
    """Show a list parameter (a list of messages) as its items joined by commas."""
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else value


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def N_(template: str, **params: Any) -> Message:
    """Mark ``template`` for translation and fill it with ``params``; the edge translates it later."""
    return Message(template, **params)


def message_to_json(message: Message) -> dict[str, Any]:
    """Return ``message`` as JSON to store (a nested message stays a message; other values become text)."""
    return {"template": message.template, "params": {k: _param_to_json(v) for k, v in message.params.items()}}


def _param_to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return message_to_json(value)
    if isinstance(value, list | tuple):
        return [_param_to_json(item) for item in value]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def message_from_json(data: dict[str, Any]) -> Message:
    """Rebuild a stored message (``message_to_json``) so the edge can translate it."""
    return Message(
        str(data["template"]), **{k: _param_from_json(v) for k, v in data.get("params", {}).items()}
    )


def _param_from_json(value: Any) -> Any:
    if isinstance(value, dict) and "template" in value:
        return message_from_json(value)
    if isinstance(value, list):
        return [_param_from_json(item) for item in value]
    return value
