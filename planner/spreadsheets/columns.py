"""What a column of an import template is: its key, its headers in both languages, its aliases and parser."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from planner.spreadsheets.text import normalise_header
from planner.spreadsheets.values import Parser


@dataclass(frozen=True)
class Column:
    """One column of a kind's template; the header is matched by any of its names after folding."""

    key: str
    zh: str
    en: str
    parse: Parser
    aliases: tuple[str, ...] = ()
    required: bool = False
    # Category whose names the template offers as a drop-down list.
    choices: type[enum.Enum] | None = None
    # How to write the value (English, translated in the template's format sheet).
    hint: str = ""
    names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        folded = {normalise_header(n) for n in (self.key, self.zh, self.en, *self.aliases)}
        object.__setattr__(self, "names", frozenset(n for n in folded if n))

    def header(self, language: str) -> str:
        """Return the header templates and exports write in ``language`` ("zh" or "en")."""
        return self.zh if language == "zh" else self.en
