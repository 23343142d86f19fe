"""User-facing messages of the candidate services, kept free of Flask.

Services build English messages marked with ``N_`` (found by ``pybabel extract``, translated later by the web
layer with the same parameters), so workers, the CLI and the optimiser can run them without a request.
"""

from __future__ import annotations

from typing import Any

from planner.errors import InvalidInput, StillReferenced


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now."""
    return message


class CandidateInputError(InvalidInput):
    """An ``InvalidInput`` that keeps its message template and parameters for translation."""

    def __init__(self, field: str, template: str, **params: Any) -> None:
        super().__init__(field, template % params if params else template)
        self.template = template
        self.params = params


class CandidateStillReferenced(StillReferenced):
    """A ``StillReferenced`` that keeps its message template and parameters for translation."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__("candidate", template % params if params else template)
        self.template = template
        self.params = params
