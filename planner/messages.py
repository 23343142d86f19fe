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
