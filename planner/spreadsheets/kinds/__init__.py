"""The kinds of row a workbook can bring in, by name."""

from __future__ import annotations

from planner.errors import NotFound
from planner.spreadsheets.kinds.base import ImportKind
from planner.spreadsheets.kinds.managers import ManagerKind

KINDS: dict[str, ImportKind] = {kind.name: kind for kind in (ManagerKind(),)}


def get_kind(name: str) -> ImportKind:
    """Return the kind called ``name`` or raise ``NotFound``."""
    try:
        return KINDS[name]
    except KeyError:
        raise NotFound(f"unknown import kind {name!r}") from None
