"""Territory assignment on banks as their planners state them: this solver beside HiGHS and CP-SAT defaults.

    python bench/assign_bank.py            # 1,000 / 5,000 / 10,000 / 20,000 CMs, seeds 1-3
    python bench/assign_bank.py --quick    # 1,000 and 5,000 CMs, seed 1 (make bench-quick)
    python bench/assign_bank.py --sizes 10000 --seeds 1 2 --skip-cpsat

The instances come from ``solver.assign.generate.generate_bank`` (own or neighbouring branch, same segment,
minimum grade, must move after more than 5 years, move cost, travel, competency fit, a senior per territory
or a penalty, avoidance pairs never in one branch, shortfall penalty, no surplus). Each solver runs to
proven optimality (gap 0) in its own process, one at a time, with 2 threads: this solver
(``bench/assign_run.py ours``), HiGHS on a model built from the problem JSON by ``bench/assign_highs.py``
alone (highspy, none of this solver's code), and CP-SAT with default parameters on this solver's full
candidate model (``bench/assign_run.py cpsat``). Each process is started by a wrapper whose only child it
is: "proc s" is its whole wall time (start, imports, read, build, solve) and peak MB its maximum resident
set (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` in the wrapper). "solve s" is what each process
reports itself: from after its imports to the proof (read, build, solve). ortools imports pandas, which
costs this solver about 1 s of "proc s" that highspy does not pay. Ratios are this solver's over HiGHS's.
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
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
SIZES = (1000, 5000, 10000, 20000)


def run_child(cmd: list[str], timeout: float) -> dict:
    """Run one process and return its JSON line (with its seconds unless it reports them)."""
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV, cwd=ROOT
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    seconds = time.monotonic() - start
    try:
        row = json.loads(out.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        row = {"status": "ERROR"}
    row.setdefault("seconds", seconds)
    return row


def run_measured(cmd: list[str], timeout: float) -> dict:
    """Run ``cmd`` through a one-child wrapper whose RUSAGE_CHILDREN peak is that child's alone."""
    wrapper = [PYTHON, str(Path(__file__).resolve()), "--measure", "--timeout", str(timeout), "--", *cmd]
    return run_child(wrapper, timeout + 60)


def measure(cmd: list[str], timeout: float) -> None:
    """Run one command as this process's only child and print its JSON line with seconds and peak MB."""
    import resource

    start = time.monotonic()
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=ENV, cwd=ROOT, check=False
        )
        lines = done.stdout.strip().splitlines()
        row = json.loads(lines[-1]) if lines else {"status": "ERROR", "error": done.stderr[-300:]}
    except subprocess.TimeoutExpired:
        row = {"status": "TIMEOUT"}
    except json.JSONDecodeError:
        row = {"status": "ERROR"}
    row["process_seconds"] = time.monotonic() - start
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(row))


def write_problem(cms: int, seed: int, folder: Path) -> Path:
    """Generate one bank instance as a problem JSON file (in a subprocess: this process stays small)."""
    path = folder / f"bank-{cms}-{seed}.json"
    code = (
        "import json, sys; from solver.assign.generate import generate_bank; "
        "json.dump(generate_bank(int(sys.argv[1]), int(sys.argv[2])).to_json(), open(sys.argv[3], 'w'))"
    )
    subprocess.run([PYTHON, "-c", code, str(cms), str(seed), str(path)], check=True, env=ENV, cwd=ROOT)
    return path


def _ratio(row: dict, peer: dict, key: str, spec: str) -> str:
    """Return row[key] / peer[key] formatted, or a dash."""
    a, b = row.get(key), peer.get(key)
    return (
        format(a / b, spec)
        if isinstance(a, int | float) and isinstance(b, int | float) and b
        else "-".rjust(int(spec.split(".")[0]))
    )


def fmt(value: float | None, spec: str) -> str:
    """Format a number or a dash."""
    return format(value, spec) if isinstance(value, int | float) else "-"


def main() -> int:
    """Run every size and seed and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1,000 and 5,000 CMs, seed 1")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--seeds", type=int, nargs="*")
    parser.add_argument("--time-limit", type=float, default=300.0, help="each solver's limit (s)")
    parser.add_argument("--cpsat-limit", type=float, help="CP-SAT defaults' limit (s; 60, --quick 30)")
    parser.add_argument("--skip-cpsat", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=600.0, help=argparse.SUPPRESS)
    parser.add_argument("cmd", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.cmd, args.timeout)
        return 0
    sizes = args.sizes or ((1000, 5000) if args.quick else SIZES)
    cpsat_limit = args.cpsat_limit or (30.0 if args.quick else 60.0)  # it proves none of them: a sample
    seeds = args.seeds or ((1,) if args.quick else (1, 2, 3))
    runner, highs = str(ROOT / "bench" / "assign_run.py"), str(ROOT / "bench" / "assign_highs.py")
    rows = []
    print(f"bank instances, 2 threads each, gap 0, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    head = f"{'CMs':>6} {'seed':>4} {'solver':<16} {'status':<9} {'objective':>13} {'bound':>13}"
    print(head + f" {'solve s':>8} {'proc s':>7} {'MB':>6} {'t/HiGHS':>8} {'proc/HiGHS':>10} {'MB/HiGHS':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for cms in sizes:
            for seed in seeds:
                problem = str(write_problem(cms, seed, Path(tmp)))
                limit = str(args.time_limit)
                runs = {
                    "this solver": run_measured(
                        [PYTHON, runner, "ours", problem, "--time-limit", limit], args.time_limit + 120
                    ),
                    "HiGHS": run_measured(
                        [PYTHON, highs, problem, "--time-limit", limit], args.time_limit + 120
                    ),
                }
                if not args.skip_cpsat:
                    runs["CP-SAT defaults"] = run_measured(
                        [PYTHON, runner, "cpsat", problem, "--time-limit", str(cpsat_limit)],
                        cpsat_limit + 300,
                    )
                peer = runs["HiGHS"]
                for name, r in runs.items():
                    print(
                        f"{cms:>6} {seed:>4} {name:<16} {r.get('status', '?'):<9} "
                        f"{fmt(r.get('objective'), '13.2f')} {fmt(r.get('bound'), '13.2f')} "
                        f"{fmt(r.get('seconds'), '8.1f')} {fmt(r.get('process_seconds'), '7.1f')} "
                        f"{fmt(r.get('peak_mb'), '6.0f')} {_ratio(r, peer, 'seconds', '8.2f')} "
                        f"{_ratio(r, peer, 'process_seconds', '10.2f')} {_ratio(r, peer, 'peak_mb', '8.2f')}",
                        flush=True,
                    )
                    rows.append({"cms": cms, "seed": seed, "solver": name, **r})
                ours = runs["this solver"]
                both = ours.get("objective") is not None and peer.get("objective") is not None
                if both and abs(ours["objective"] - peer["objective"]) > 0.011:
                    print(f"  objectives differ: {ours['objective']} vs HiGHS {peer['objective']}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"assign-bank-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(rows, indent=1))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
