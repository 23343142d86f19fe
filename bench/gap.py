"""Benchmark the GAP path (``python -m solver gap``) beside plain CP-SAT and HiGHS on OR-Library instances.

    python bench/gap.py --quick    # gap1-12 (min and max) + c/d/e 20x200 at 10 s
    python bench/gap.py            # gap1-12 + c/d/e 20x200 at 60 s + c/d/e 80x1600 at 180 s (about 45 min)

Each solver runs in its own process, one at a time, with 2 threads. Prints a table and writes JSON under
bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SMALL_SETS = (
    "c0515",
    "c0520",
    "c0525",
    "c0530",
    "c0824",
    "c0832",
    "c0840",
    "c0848",
    "c1030",
    "c1040",
    "c1050",
    "c1060",
)
OPTIMA = {  # README of the data: maximisation and minimisation optima of gap1..gap12, instances 1..5
    "max": [
        [336, 327, 339, 341, 326],
        [434, 436, 420, 419, 428],
        [580, 564, 573, 570, 564],
        [656, 644, 673, 647, 664],
        [563, 558, 564, 568, 559],
        [761, 759, 758, 752, 747],
        [942, 949, 968, 945, 951],
        [1133, 1134, 1141, 1117, 1127],
        [709, 717, 712, 723, 706],
        [958, 963, 960, 947, 947],
        [1139, 1178, 1195, 1171, 1171],
        [1451, 1449, 1433, 1447, 1446],
    ],
    "min": [
        [261, 269, 256, 274, 251],
        [277, 269, 260, 269, 267],
        [438, 415, 446, 430, 411],
        [423, 424, 426, 395, 406],
        [403, 389, 383, 384, 396],
        [525, 527, 519, 516, 521],
        [646, 662, 662, 645, 649],
        [797, 783, 800, 789, 792],
        [482, 476, 496, 497, 488],
        [638, 638, 654, 635, 639],
        [573, 583, 589, 578, 581],
        [974, 956, 941, 954, 945],
    ],
}
BEST = {
    "c20200": 2391,
    "d20200": 12241,
    "e20200": 22379,
    "c801600": 16285,
    "d801600": 97034,
    "e801600": 176820,
}
GOAL = {"c20200": 0.0, "d20200": 0.003, "e20200": 0.0, "c801600": 0.001, "d801600": 0.003, "e801600": 0.001}


def data_dir() -> Path:
    """Return the folder of the OR-Library GAP instances shipped with the repository."""
    return ROOT / "bench" / "data" / "gap"


def run_json(cmd: list[str], timeout: float) -> dict:
    """Run a command that prints one JSON line; return it (or an error record)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, check=False
        )
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as exc:
        return {"status": "ERROR", "objective": None, "bound": None, "seconds": None, "error": str(exc)[:200]}


def highs(path: Path, maximize: bool, limit: float) -> dict:
    """Export the textbook model to MPS and solve it with HiGHS in a separate process."""
    with tempfile.TemporaryDirectory() as tmp:
        mps = Path(tmp) / "model.mps"
        code = (
            "import sys; from solver.assign.gap import read_gap, textbook_model; "
            "from bench.mps_export import write_mps; "
            f"write_mps(textbook_model(read_gap(sys.argv[1]), {maximize}).model, sys.argv[2])"
        )
        subprocess.run(
            [PYTHON, "-c", code, str(path), str(mps)],
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        res = run_json(
            [PYTHON, str(ROOT / "bench" / "gap_highs.py"), str(mps), "--time-limit", str(limit)], limit + 120
        )
    if maximize:
        res["objective"] = -res["objective"] if res.get("objective") is not None else None
        res["bound"] = -res["bound"] if res.get("bound") is not None else None
    for k in ("objective", "bound"):
        if res.get(k) is not None:
            res[k] = round(res[k])
    return res


def solve_all(path: Path, maximize: bool, limit: float, peers: bool = True) -> dict:
    """Run this solver and (unless ``peers`` is false) both peers on one instance."""
    flag = ["--maximize"] if maximize else []
    ours = run_json(
        [PYTHON, "-m", "solver", "gap", str(path), "--time-limit", str(limit), *flag], limit + 120
    )
    if not peers:
        skipped = {"status": "SKIPPED", "objective": None, "bound": None, "seconds": None}
        return {"ours": ours, "cpsat": dict(skipped), "highs": dict(skipped)}
    cpsat = run_json(
        [PYTHON, str(ROOT / "bench" / "gap_cpsat.py"), str(path), "--time-limit", str(limit), *flag],
        limit + 120,
    )
    return {"ours": ours, "cpsat": cpsat, "highs": highs(path, maximize, limit)}


def fmt(r: dict) -> str:
    """Format one solver's result for the table."""
    if r.get("objective") is None:
        return f"{r.get('status', '?'):>24}"
    mark = "*" if r.get("status") == "OPTIMAL" else " "
    return f"{r['objective']:>8}{mark} {r.get('bound') or 0:>8} {r['seconds']:>6.1f}s"


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="gap1-12 and the 20x200 set at 10 s")
    parser.add_argument("--only", nargs="*", help="instance names to run (default: the mode's set)")
    parser.add_argument("--only-ours", action="store_true", help="run this solver only, not the peers")
    args = parser.parse_args()
    folder = data_dir()
    jobs: list[tuple[str, bool, float, int | None]] = []
    for s, prefix in enumerate(SMALL_SETS):
        for k in range(1, 6):
            for maximize in (False, True):
                jobs.append((f"{prefix}_{k}", maximize, 10.0, OPTIMA["max" if maximize else "min"][s][k - 1]))
    medium = 10.0 if args.quick else 60.0
    jobs += [(n, False, medium, BEST[n]) for n in ("c20200", "d20200", "e20200")]
    if not args.quick:
        jobs += [(n, False, 180.0, BEST[n]) for n in ("c801600", "d801600", "e801600")]
    if args.only:
        jobs = [j for j in jobs if j[0] in args.only]
    rows = []
    header = (
        f"{'instance':<11} {'sense':<5} {'best':>7} | {'this solver (obj bound time)':>26} | "
        f"{'CP-SAT defaults':>24} | {'HiGHS':>24} | goal"
    )
    print(header, flush=True)
    for name, maximize, limit, best in jobs:
        res = solve_all(folder / name, maximize, limit, peers=not args.only_ours)
        ours = res["ours"]
        obj = ours.get("objective")
        sign = -1 if maximize else 1
        gap = None if obj is None or best is None else sign * (obj - best) / abs(best)
        peers = [res[p].get("objective") for p in ("cpsat", "highs")]
        not_worse = obj is not None and all(p is None or sign * (obj - p) <= 0 for p in peers)
        if name in GOAL:
            met = gap is not None and gap <= GOAL[name] + 1e-12 and not_worse
            if GOAL[name] == 0.0:
                met = met and ours.get("status") == "OPTIMAL"
        else:
            met = ours.get("status") == "OPTIMAL" and obj == best and (ours.get("seconds") or 99) <= 1.0
        row = {
            "instance": name,
            "sense": "max" if maximize else "min",
            "best": best,
            "limit": limit,
            "gap_to_best": gap,
            "goal_met": met,
            **res,
        }
        rows.append(row)
        print(
            f"{name:<11} {row['sense']:<5} {best:>7} | {fmt(ours):>26} | {fmt(res['cpsat']):>24} | "
            f"{fmt(res['highs']):>24} | {'met' if met else 'MISSED'}",
            flush=True,
        )
    small = [r for r in rows if r["instance"][:5] in SMALL_SETS]
    if small:
        worst = max((r["ours"].get("seconds") or 99) for r in small)
        print(
            f"gap1-12: {sum(r['goal_met'] for r in small)}/{len(small)} optimal within 1 s; "
            f"slowest {worst:.2f}s",
            flush=True,
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = out / f"gap-{'quick' if args.quick else 'full'}-{stamp}.json"
    target.write_text(json.dumps(rows, indent=1))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
