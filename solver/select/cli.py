"""Command-line sub-commands of the named decisions: ``python -m solver select PROBLEM.json``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``select`` sub-command."""
