"""Domain errors raised by services; views, the API and the CLI turn them into messages.

A message is a ``planner.messages.Message`` (an English message id with its parameters) so the edge can show
it in the user's language; ``str(error)`` is the English text.
"""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation; the message is meant for the user."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The requested record does not exist."""


class PermissionDenied(DomainError):
    """The acting user's role does not allow the operation."""


class InvalidInput(DomainError):
    """A value broke a rule; ``field`` names it so a form or the API can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class WrongState(DomainError):
    """The record's state does not allow the operation (e.g. cancelling a finished run)."""


class StillReferenced(DomainError):
    """The record cannot be deleted because other records still refer to it."""

    def __init__(self, entity: str, message: str) -> None:
        super().__init__(message)
        self.entity = entity
