"""One bank-scale run in its own process (so peak memory is its own): this solver, CP-SAT defaults, or export.

python bench/assign_run.py ours PROBLEM.json --time-limit 60 --gap 0.005
python bench/assign_run.py cpsat PROBLEM.json --time-limit 180 --gap 0.005
python bench/assign_run.py export PROBLEM.json --mps model.mps
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from ortools.sat.python import cp_model

from solver.assign.build import build
from solver.assign.context import SCALE
from solver.assign.engine import SolveOptions
from solver.assign.export import write_mps
from solver.assign.model import Problem
from solver.assign.solve import solve


def peak_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run one mode and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("ours", "cpsat", "export"))
    parser.add_argument("problem")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--gap", type=float, default=0.005)
    parser.add_argument("--mps", default="model.mps")
    args = parser.parse_args()
    problem = Problem.from_json(json.loads(Path(args.problem).read_text(encoding="utf-8")))
    start = time.monotonic()
    if args.mode == "ours":
        result = solve(problem, SolveOptions(time_limit=args.time_limit, workers=2, relative_gap=args.gap))
        out = {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "seconds": time.monotonic() - start,
            "pairs": result.stats.get("pairs"),
            "moves": len(result.moves),
        }
    elif args.mode == "cpsat":
        built = build(problem)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = args.time_limit
        solver.parameters.num_workers = 2
        solver.parameters.relative_gap_limit = args.gap
        status = solver.solve(built.model.model)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        obj = solver.objective_value / SCALE if found else None
        bound = solver.best_objective_bound / SCALE if found else None
        out = {
            "status": solver.status_name(status),
            "objective": obj,
            "bound": bound,
            "gap": (obj - bound) / max(1.0, abs(obj)) if obj is not None and bound is not None else None,
            "seconds": time.monotonic() - start,
        }
    else:
        write_mps(build(problem).model.model, args.mps)
        out = {"seconds": time.monotonic() - start}
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
