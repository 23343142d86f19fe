"""Marking the import's messages for translation without Flask (translated by the web layer and the CLI)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now."""
    return message
