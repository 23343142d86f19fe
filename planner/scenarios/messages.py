"""Translatable messages of the scenario and run services, kept free of Flask."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (the web layer translates it)."""
    return message
