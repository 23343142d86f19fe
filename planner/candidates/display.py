"""Turning the services' English message templates and codes into the user's language (web layer only)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext

from planner.candidates.gates import OUTCOME_NAMES, GateOutcome, GateResult
from planner.enums import Education, PipelineStatus

# Parameters that carry an enum code and are shown as that member's label.
ENUM_PARAMETERS = {
    "education": Education,
    "minimum": Education,
    "from_status": PipelineStatus,
    "to_status": PipelineStatus,
}
OUTCOME_BADGES = {
    GateOutcome.PASSED: "badge",
    GateOutcome.FAILED: "badge badge-bad",
    GateOutcome.PENDING: "badge badge-warn",
    GateOutcome.AFTER_HIRING: "badge badge-warn",
}


def today() -> dt.date:
    """Return today's date in Beijing, where the bank works."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def translate(template: str, params: dict[str, Any] | None = None) -> str:
    """Translate a message template of the services and fill it, showing enum codes as labels."""
    shown = {}
    for key, value in (params or {}).items():
        enum_cls = ENUM_PARAMETERS.get(key)
        try:
            shown[key] = enum_cls(value).label if enum_cls else value
        except ValueError:
            shown[key] = value
    return gettext(template, **shown)


def gate_rows(results: list[GateResult]) -> list[dict[str, str]]:
    """Return each gate's name, outcome, badge class and reason, translated."""
    return [
        {
            "name": gettext(result.name),
            "outcome": gettext(OUTCOME_NAMES[result.outcome]),
            "code": result.outcome.value,
            "badge": OUTCOME_BADGES[result.outcome],
            "reason": translate(result.reason, result.params),
        }
        for result in results
    ]
