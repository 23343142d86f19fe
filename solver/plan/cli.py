"""Command-line sub-commands of the workforce plan: ``python -m solver plan PROBLEM.json``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from solver.plan.jsonform import ProblemFormatError
from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this family's sub-commands to ``python -m solver``."""
    plan = subparsers.add_parser("plan", help="solve a multi-year workforce plan and print the JSON result")
    plan.add_argument("problem", type=Path, help="plan problem JSON file")
    plan.add_argument("--relax", action="store_true", help="solve the linear relaxation")
    plan.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    plan.add_argument(
        "--workers", type=int, default=None, help="processes solving parts (default: as the cores allow)"
    )
    plan.set_defaults(handler=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    """Solve the plan problem file and print the result; exit 1 on bad input, 2 when not solved."""
    try:
        problem = PlanProblem.from_json(json.loads(args.problem.read_text(encoding="utf-8")))
    except (OSError, ValueError, ProblemFormatError) as error:
        print(json.dumps({"status": "error", "message": f"{args.problem}: {error}"}, ensure_ascii=False))
        return 1
    result = solve_plan(problem, relax=args.relax, time_limit=args.time_limit, workers=args.workers)
    json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if result.status in ("optimal", "feasible") else 2
