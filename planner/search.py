"""The one way every list searches text: bounded, cleaned and with LIKE wildcards taken literally."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

# Longer search terms make no sense for codes and names and make LIKE patterns costly.
MAX_SEARCH_LENGTH = 60


def clean_term(raw: str | None) -> str:
    """Return the search term as the lists use it: NUL bytes dropped, trimmed, at most 60 characters."""
    return (raw or "").replace("\x00", "").strip()[:MAX_SEARCH_LENGTH].strip()


def escape_like(text: str) -> str:
    """Escape LIKE's wildcards (``%``, ``_``) and the escape character itself, so they match literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, term: str) -> ColumnElement[bool]:
    """Return ``column`` contains ``term`` (case-insensitive, wildcards literal)."""
    return column.ilike(f"%{escape_like(clean_term(term))}%", escape="\\")


def starts_with(column: Any, term: str) -> ColumnElement[bool]:
    """Return ``column`` starts with ``term`` (case-insensitive, wildcards literal)."""
    return column.ilike(f"{escape_like(clean_term(term))}%", escape="\\")
