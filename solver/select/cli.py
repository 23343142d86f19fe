"""Command-line sub-command of the named decisions: ``python -m solver select PROBLEM.json``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from solver.jsonread import ProblemFormatError
from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan
from solver.select.agreement import counts_from_plan
from solver.select.models import SelectionProblem
from solver.select.solve import select


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``select`` sub-command."""
    parser = subparsers.add_parser(
        "select", help="name the hires, exits and promotions; print the JSON result"
    )
    parser.add_argument("problem", type=Path, help="selection problem JSON file")
    parser.add_argument(
        "--plan", type=Path, help="plan problem JSON: solve it and take the year's counts from its result"
    )
    parser.add_argument("--year", type=int, default=1, help="plan year whose counts to use (default 1)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    parser.set_defaults(handler=run_select)


def run_select(args: argparse.Namespace) -> int:
    """Solve the selection problem file and print the result; exit 1 on bad input, 2 when not solved."""
    try:
        problem = SelectionProblem.from_json(json.loads(args.problem.read_text(encoding="utf-8")))
        plan = PlanProblem.from_json(json.loads(args.plan.read_text(encoding="utf-8"))) if args.plan else None
    except (OSError, ValueError, ProblemFormatError) as error:
        print(json.dumps({"status": "error", "message": str(error)}, ensure_ascii=False))
        return 1
    if plan is not None:
        plan_result = solve_plan(plan, time_limit=args.time_limit, explain=False)
        if plan_result.status not in ("optimal", "feasible"):
            print(json.dumps({"status": plan_result.status, "message": "the plan could not be solved"}))
            return 2
        counts = counts_from_plan(plan, plan_result, args.year)
        problem.openings = counts.openings
        problem.exit_counts = counts.exit_counts
        problem.promotion_counts = counts.promotion_counts
    result = select(problem, time_limit=args.time_limit)
    json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if result.status in ("optimal", "feasible") else 2
