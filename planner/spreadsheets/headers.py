"""Finding the header row wherever it is in a sheet's first rows, and which column holds what."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.spreadsheets.columns import Column
from planner.spreadsheets.text import clean_cell_text, header_variants

# Title rows, notes and blank rows may stand above the header; it must be among the first rows.
HEADER_SEARCH_ROWS = 30
ExtraMatcher = Callable[[list[str]], str | None]


@dataclass
class HeaderMap:
    """Where the header is and what each of its columns means."""

    row_number: int
    # Column position → key; headers as written, by key; every header cell as written, by position.
    keys: dict[int, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    cells: list[str] = field(default_factory=list)
    # Keys claimed by two columns: key → the second header as written.
    duplicates: dict[str, str] = field(default_factory=dict)


def match_header(text: Any, columns: Sequence[Column], extra: ExtraMatcher | None = None) -> str | None:
    """Return the key of the column whose names match the header cell ``text``, if any."""
    variants = header_variants(text)
    for variant in variants:
        for column in columns:
            if variant in column.names:
                return column.key
    return extra(variants) if extra else None


def _map_row(
    row_number: int, cells: Sequence[Any], columns: Sequence[Column], extra: ExtraMatcher | None
) -> HeaderMap:
    header = HeaderMap(row_number=row_number, cells=[clean_cell_text(c) for c in cells])
    for position, cell in enumerate(cells):
        key = match_header(cell, columns, extra) if cell is not None else None
        if key is None:
            continue
        if key in header.written:
            header.duplicates.setdefault(key, clean_cell_text(cell))
            continue
        header.keys[position] = key
        header.written[key] = clean_cell_text(cell)
    return header


def find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], columns: Sequence[Column], extra: ExtraMatcher | None = None
) -> HeaderMap | None:
    """Return the row among ``rows`` (number, cells) that matches the most known headers (at least two)."""
    best: HeaderMap | None = None
    for row_number, cells in rows:
        candidate = _map_row(row_number, cells, columns, extra)
        if len(candidate.keys) >= 2 and (best is None or len(candidate.keys) > len(best.keys)):
            best = candidate
    return best
