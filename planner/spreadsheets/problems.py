"""What is wrong with an import and what it would do: problems, counts, the rows as they will be stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where (sheet, row as Excel numbers it, header as written), the value, and why.

    ``message`` is an English template marked for translation; ``params`` fill it in the user's language.
    """

    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RejectedRow:
    """A row with problems, kept as written so it can be downloaded, fixed and imported again."""

    row: int
    cells: tuple[Any, ...]
    problems: list[Problem]


@dataclass
class Report:
    """The outcome of a preview or a commit."""

    kind: str
    filename: str
    sheet: str = ""
    header_row: int | None = None
    headers: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The first rows as they will be stored: (row number, action, {header: shown value}).
    sample: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    committed: bool = False

    @property
    def clean(self) -> bool:
        """Tell whether nothing is wrong, so the import may be committed."""
        return not self.problems

    @property
    def rows(self) -> int:
        """Return the number of data rows read without problems."""
        return self.created + self.updated + self.unchanged

    def counts(self) -> dict[str, int]:
        """Return the counts recorded in the audit log."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
