"""One bank-scale run in its own process (so its peak memory is its own): this solver or CP-SAT defaults.

python bench/assign_run.py ours PROBLEM.json --time-limit 120 [--gap 0]
python bench/assign_run.py cpsat PROBLEM.json --time-limit 120 [--gap 0]

Prints one JSON line. ``cpsat`` is plain CP-SAT (2 workers, default parameters, no hint) on this solver's
full candidate model.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ortools.sat.python import cp_model

from solver.assign.build import build
from solver.assign.context import SCALE
from solver.assign.engine import SolveOptions
from solver.assign.model import Problem
from solver.assign.solve import solve


def main() -> None:
    """Run one mode and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("ours", "cpsat"))
    parser.add_argument("problem")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--gap", type=float, default=0.0)
    args = parser.parse_args()
    start = time.monotonic()
    problem = Problem.from_json(json.loads(Path(args.problem).read_text(encoding="utf-8")))
    if args.mode == "ours":
        result = solve(problem, SolveOptions(time_limit=args.time_limit, workers=2, relative_gap=args.gap))
        out = {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "seconds": time.monotonic() - start,
            "stats": result.stats,
        }
    else:
        built = build(problem)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = args.time_limit
        solver.parameters.num_workers = 2
        if args.gap > 0:
            solver.parameters.relative_gap_limit = args.gap
        status = solver.solve(built.model.model)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        out = {
            "status": solver.status_name(status),
            "objective": solver.objective_value / SCALE if found else None,
            "bound": solver.best_objective_bound / SCALE if found else None,
            "seconds": time.monotonic() - start,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
