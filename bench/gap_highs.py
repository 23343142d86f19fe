"""Run HiGHS (MIP) on an MPS file in its own process and print one JSON line (the peer in the benchmarks).

highspy and ortools crash when loaded in one process, so the benchmarks call this script as a subprocess.
"""

from __future__ import annotations

import argparse
import json
import time

import highspy


def main() -> None:
    """Solve the MPS file and print objective, bound, status and seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mps")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gap", type=float, default=0.0, help="stop at this relative MIP gap")
    args = parser.parse_args()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", args.time_limit)
    h.setOptionValue("threads", args.threads)
    h.setOptionValue("mip_rel_gap", args.gap if args.gap > 0 else 1e-9)
    h.setOptionValue("mip_abs_gap", 0.99 if args.gap == 0 else 0.0)  # integer objectives
    start = time.monotonic()
    h.readModel(args.mps)
    h.run()
    seconds = time.monotonic() - start
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    has_solution = info.primal_solution_status == 2
    out = {
        "status": {"Optimal": "OPTIMAL", "Infeasible": "INFEASIBLE"}.get(
            status, "FEASIBLE" if has_solution else "UNKNOWN"
        ),
        "objective": info.objective_function_value if has_solution else None,
        "bound": info.mip_dual_bound,
        "seconds": seconds,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
