"""Why a CM leaves their territory in a run: avoidance, rotation, promotion or staffing.

Avoidance (回避) comes first because it is the one a CM cannot argue with: staying would put them in the
same unit as a CM they are linked with, where that CM works after the run. Then rotation (due by the
planner's rule), promotion (a new grade the old territory may not want), else staffing (the team's need).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.people.rotation import rotation_due
from solver.assign import model as assign

AVOIDANCE, ROTATION, PROMOTION, STAFFING = "avoidance", "rotation", "promotion", "staffing"


@dataclass(frozen=True)
class MoveReason:
    """The reason of one move and, for avoidance, the linked CMs in the unit the CM leaves."""

    reason: str
    linked_with: tuple[str, ...] = ()


def move_reasons(team: assign.Problem, result: assign.Result, promoted: set[str]) -> dict[str, MoveReason]:
    """Return each moving CM's reason, naming the linked CMs for an avoidance move."""
    unit_of = {t.id: t.unit for t in team.territories}
    after = {a.who: unit_of.get(a.to) for a in result.assignments}
    years = {m.id: m.years for m in team.managers}
    linked: dict[str, list[str]] = {}
    for a, b in team.avoidance:
        linked.setdefault(a, []).append(b)
        linked.setdefault(b, []).append(a)
    out = {}
    for move in result.moves:
        unit = unit_of.get(move.before)
        relatives = sorted(p for p in linked.get(move.who, []) if unit is not None and after.get(p) == unit)
        if relatives:
            out[move.who] = MoveReason(AVOIDANCE, tuple(relatives))
        elif rotation_due(years.get(move.who, 0.0), team.rules.rotation_years):
            out[move.who] = MoveReason(ROTATION)
        elif move.who in promoted:
            out[move.who] = MoveReason(PROMOTION)
        else:
            out[move.who] = MoveReason(STAFFING)
    return out
