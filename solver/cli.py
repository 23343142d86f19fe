"""The ``python -m solver`` command line: each model family registers its own sub-commands."""

from __future__ import annotations

import argparse
import importlib
import logging
from collections.abc import Sequence

# Each module exposes ``register(subparsers)`` and sets ``handler`` on the parsers it adds.
COMMAND_MODULES = ("solver.assign.cli", "solver.plan.cli", "solver.select.cli")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(prog="python -m solver", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log solver progress to stderr")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command and return its exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    return int(args.handler(args) or 0)
