"""Peer for the benchmarks: plain CP-SAT with default parameters on the textbook GAP model (no hint)."""

from __future__ import annotations

import argparse
import json
import time

from ortools.sat.python import cp_model

from solver.assign.gap import read_gap, textbook_model


def main() -> None:
    """Solve one GAP file and print objective, bound, status and seconds as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--maximize", action="store_true")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    inst = read_gap(args.file)
    start = time.monotonic()
    cm = textbook_model(inst, args.maximize)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = args.time_limit
    solver.parameters.num_workers = args.workers
    status = solver.solve(cm.model)
    sign = -1 if args.maximize else 1
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    print(
        json.dumps(
            {
                "status": solver.status_name(status),
                "objective": round(sign * solver.objective_value) if found else None,
                "bound": round(sign * solver.best_objective_bound) if found else None,
                "seconds": time.monotonic() - start,
            }
        )
    )


if __name__ == "__main__":
    main()
