"""Command-line sub-commands of this model family: ``assign``, ``gap`` and ``generate``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from solver.assign.context import build_context
from solver.assign.engine import SolveOptions
from solver.assign.gap import read_gap, solve_gap
from solver.assign.generate import generate, generate_bank
from solver.assign.model import Problem
from solver.assign.solve import solve

log = logging.getLogger(__name__)


def _options(args: argparse.Namespace) -> SolveOptions:
    return SolveOptions(
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        deterministic=args.deterministic,
        relative_gap=getattr(args, "gap", 0.0),
    )


def _add_solve_flags(parser: argparse.ArgumentParser, time_limit: float) -> None:
    parser.add_argument("--time-limit", type=float, default=time_limit, help="seconds (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT threads (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default %(default)s)")
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="repeatable search: interleaved, deterministic time limit",
    )


def _fail(error: Exception) -> int:
    """Print one line naming what is wrong with the input and return exit code 1."""
    sys.stderr.write(f"error: {error}\n")
    return 1


def run_assign(args: argparse.Namespace) -> int:
    """Solve a problem JSON file and print the result JSON; exit 1 on bad input, 2 when not solved."""
    try:
        problem = Problem.from_json(json.loads(Path(args.problem).read_text(encoding="utf-8")))
        build_context(problem)  # unknown units, territories and CMs are input errors too
        result = solve(problem, _options(args))
    except (OSError, ValueError) as error:  # ProblemFormatError and JSONDecodeError are ValueErrors
        return _fail(error)
    json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0 if result.status in ("OPTIMAL", "FEASIBLE") else 2


def run_gap(args: argparse.Namespace) -> int:
    """Solve an OR-Library GAP file and print one JSON object; exit 1 on a file that cannot be read."""
    try:
        instance = read_gap(args.file)
    except (OSError, ValueError) as error:
        return _fail(error)
    result = solve_gap(instance, maximize=args.maximize, options=_options(args))
    data = result.to_json()
    if not args.assignment:
        data.pop("assignment")
    json.dump(data, sys.stdout)
    sys.stdout.write("\n")
    return 0 if result.status in ("OPTIMAL", "FEASIBLE") else 2


def run_generate(args: argparse.Namespace) -> int:
    """Print a generated problem JSON."""
    if args.bank:
        problem = generate_bank(args.cms, seed=args.seed)
    else:
        problem = generate(args.cms, args.territories, seed=args.seed, grids=args.grids)
    json.dump(problem.to_json(), sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this family's sub-commands to ``python -m solver``."""
    p = subparsers.add_parser(
        "assign", help="assign CMs to territories (or grids to CMs) from a problem JSON"
    )
    p.add_argument("problem", help="problem JSON file (see solver/assign/README.md)")
    _add_solve_flags(p, 60.0)
    p.add_argument("--gap", type=float, default=0.0, help="stop at this relative gap (e.g. 0.005)")
    p.set_defaults(handler=run_assign)

    g = subparsers.add_parser("gap", help="solve an OR-Library generalized assignment instance")
    g.add_argument("file", help="OR-Library GAP file")
    g.add_argument("--maximize", action="store_true", help="treat the numbers as profits")
    g.add_argument("--assignment", action="store_true", help="include the agent (0-based) of each job")
    _add_solve_flags(g, 60.0)
    g.set_defaults(handler=run_gap)

    n = subparsers.add_parser("generate", help="print a realistic generated problem JSON")
    n.add_argument("--cms", type=int, default=100)
    n.add_argument("--territories", type=int, default=20)
    n.add_argument("--grids", type=int, default=0, help="make a grids-to-CMs problem with this many grids")
    n.add_argument("--seed", type=int, default=1)
    n.add_argument(
        "--bank", action="store_true", help="a bank as its planners state it (issue 12; --territories unused)"
    )
    n.set_defaults(handler=run_generate)
