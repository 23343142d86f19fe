"""Command-line sub-commands of this model family."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this family's sub-commands to ``python -m solver``."""
