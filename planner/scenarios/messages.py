"""Translatable messages of the scenario and run services: the project's ``N_`` (``planner.messages``)."""

from __future__ import annotations

from planner.messages import N_, Message

__all__ = ["N_", "Message"]
