"""The kinds of row a workbook can bring in, by name."""

from __future__ import annotations

from planner.errors import NotFound
from planner.spreadsheets.kinds.assessments import AssessmentKind
from planner.spreadsheets.kinds.base import ImportKind
from planner.spreadsheets.kinds.candidates import CandidateKind
from planner.spreadsheets.kinds.managers import ManagerKind
from planner.spreadsheets.kinds.reviews import ReviewKind
from planner.spreadsheets.kinds.territories import TerritoryKind
from planner.spreadsheets.kinds.units import UnitKindImport

# In the order a bank brings its data in: each kind refers only to kinds above it.
KINDS: dict[str, ImportKind] = {
    kind.name: kind
    for kind in (
        UnitKindImport(),
        TerritoryKind(),
        ManagerKind(),
        CandidateKind(),
        AssessmentKind(),
        ReviewKind(),
    )
}


def get_kind(name: str) -> ImportKind:
    """Return the kind called ``name`` or raise ``NotFound``."""
    try:
        return KINDS[name]
    except KeyError:
        raise NotFound(f"unknown import kind {name!r}") from None
