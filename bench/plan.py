"""Benchmarks of the workforce plan and the named decisions (``make bench``).

Generates deterministic problems (by seed) at the sizes of a large rural commercial bank, solves them,
prints a table and writes ``bench/results/plan-<timestamp>.json``. Goals: plan (200 units × 5 grades ×
5 years × 5 channels, every goal) optimal in ≤ 10 s; selection (5,000 candidates, 600 openings, 200 units)
and exits over 10,000 CMs in ≤ 10 s.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from pathlib import Path
from typing import Any

# Run against the checkout this file is in, even when another checkout is installed in the environment.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

from bench.plan_columns import solve_with_columns
from solver.plan.problem import PlanProblem
from solver.plan.solve import solve_plan
from solver.select.models import SelectionProblem
from solver.select.solve import select

GRADES = ("trainee", "junior", "intermediate", "senior", "principal")
GRADE_AGE = (25.0, 30.0, 36.0, 42.0, 47.0)
GRADE_DEGREE = (0.9, 0.8, 0.7, 0.6, 0.55)
CHANNELS = (
    ("campus", "trainee", 20000.0, 24.0, 1.0, False),
    ("experienced", "intermediate", 60000.0, 33.0, 0.9, False),
    ("counter_transfer", "trainee", 5000.0, 29.0, 0.7, True),
    ("internal_competition", "junior", 3000.0, 31.0, 0.8, True),
    ("referral", "trainee", 8000.0, 26.0, 0.9, False),
)
RESULTS = Path(__file__).resolve().parent / "results"
WEIGHTS = {"shortfall": 1000.0, "structure_violation": 0.001, "exits": 100.0, "cost": 0.001}


def generate_plan(seed: int = 1, units: int = 200, years: int = 5, bank_wide: bool = True) -> dict[str, Any]:
    """Return a plan problem: CM share of staff rising 16% → 29.1%, exits 3–5 a group, all goals on.

    ``bank_wide``: channel caps, budget and structure goals over the whole bank (they couple the units);
    otherwise the same goals are set per unit (no caps over all units, no bank budget) and the plan
    decomposes into one part per unit.
    """
    rng = random.Random(seed)
    shares = [round(0.16 + (0.291 - 0.16) * (y + 1) / years, 4) for y in range(years)]
    unit_list = []
    for i in range(units):
        cms = rng.randint(25, 70)
        weights = [rng.uniform(0.5, 1.5) for _ in GRADES]
        opening = {g: round(cms * w / sum(weights)) for g, w in zip(GRADES, weights, strict=True)}
        other = round(sum(opening.values()) * (0.84 / 0.16))
        unit_list.append(
            {"name": f"U{i:03d}", "opening": opening, "other_staff": [other - 3 * y for y in range(years)]}
        )
    structure = [
        {"name": "average_age", "attribute": "age", "sense": "max", "bound": 38.0},
        {"name": "bachelor_share", "attribute": "degree", "sense": "min", "bound": 0.7},
        {"name": "new_blood", "attribute": "new_blood", "sense": "min", "bound": 0.05, "penalty": 50000},
    ]
    if not bank_wide:
        structure = [
            {**goal, "name": f"{goal['name']}_{u['name']}", "unit": u["name"]}
            for u in unit_list
            for goal in structure
        ]
    data: dict[str, Any] = {
        "name": f"bench plan seed {seed}",
        "years": years,
        "grades": [
            {
                "name": g,
                "attrition": 0.10 - 0.015 * i,
                "first_year_attrition": 0.15,
                "attributes": {"age": a, "degree": d},
            }
            for i, (g, a, d) in enumerate(zip(GRADES, GRADE_AGE, GRADE_DEGREE, strict=True))
        ],
        "units": unit_list,
        "attributes": [{"name": "age", "drift_per_year": 1.0}, {"name": "degree"}],
        "channels": [
            {
                "name": name,
                "kind": name,
                "grade": grade,
                "cost": cost,
                "max_per_unit_year": 6,
                "max_per_year": 4 * units,
                "pipeline": [6 * units] * years,
                "from_other_staff": internal,
                "attributes": {"age": age, "degree": degree},
            }
            for name, grade, cost, age, degree, internal in CHANNELS
        ],
        "transitions": [
            {"name": f"promote_{a}_{b}", "from_grade": a, "to_grade": b, "cost": 3000, "max_share": 0.2}
            for a, b in itertools.pairwise(GRADES)
        ],
        "exit_actions": [
            {"name": "back_office", "cost": 2000, "to_other_staff": True},
            {"name": "demotion", "cost": 1000, "to_grade_offset": -1, "retention": 0.8},
            {"name": "retraining", "cost": 6000, "to_other_staff": True},
        ],
        "exit_policy": {"min_per_group": 3, "max_per_group": 5},
        "targets": [
            {
                "name": f"{u['name']}_y{y + 1}",
                "year": y + 1,
                "kind": "share",
                "value": shares[y],
                "unit": u["name"],
                "surplus_max": 4,
                "shortfall_cost": 1.0,
            }
            for u in unit_list
            for y in range(years)
        ],
        "structure_goals": structure,
        "budget": {"max_per_year": 250000.0 * units},
        "objective": {
            "mode": "lexicographic",
            "order": ["shortfall", "structure_violation", "exits", "cost"],
        },
    }
    if not bank_wide:
        del data["budget"]
        for channel in data["channels"]:
            del channel["max_per_year"], channel["pipeline"]
    return data


def generate_selection(
    seed: int = 1, candidates: int = 5000, openings: int = 600, units: int = 200, managers: int = 10000
) -> dict[str, Any]:
    """Return a selection problem: candidates with three preferences, openings spread over units, CMs."""
    rng = random.Random(seed)
    names = [f"U{i:03d}" for i in range(units)]
    channels = ("campus", "counter_transfer", "referral")
    counts = [1] * units
    for _ in range(openings - units):
        counts[rng.randrange(units)] += 1
    opening_list = [
        {"unit": u, "count": n, "channel": rng.choice(channels), "grade": "trainee"}
        for u, n in zip(names, counts, strict=True)
    ]
    candidate_list = [
        {
            "id": f"C{i:05d}",
            "channel": rng.choice(channels),
            "written": rng.randint(40, 99),
            "interview": rng.randint(45, 99),
            "education": rng.choices(["中专", "大专", "本科", "硕士"], [1, 4, 8, 1])[0],
            "credit_ok": rng.random() > 0.03,
            "qualified": rng.random() > 0.05,
            "preferences": rng.sample(names, 3),
            "attributes": {"degree": float(rng.random() < 0.7)},
        }
        for i in range(candidates)
    ]
    manager_list = [
        {
            "id": f"M{i:05d}",
            "unit": names[i % units],
            "grade": GRADES[rng.randrange(len(GRADES))],
            "performance": round(rng.uniform(50, 99), 1),
            "competency": round(rng.uniform(50, 99), 1),
            "years_of_service": round(rng.uniform(0.2, 25), 1),
            "on_leave": rng.random() < 0.03,
        }
        for i in range(managers)
    ]
    exit_counts = [
        {"unit": u, "grade": g, "action": "back_office", "count": 1}
        for u in names
        for g in rng.sample(GRADES, 3)
    ]
    return {
        "openings": opening_list,
        "candidates": candidate_list,
        "hiring": {"goals": [{"name": "bachelor", "attribute": "degree", "min_share": 0.6}]},
        "managers": manager_list,
        "exit_counts": exit_counts,
    }


def timed(label: str, goal: float, run: Any) -> dict[str, Any]:
    """Run ``run()`` and return a table row with its wall time and status."""
    started = time.perf_counter()
    status, detail = run()
    seconds = time.perf_counter() - started
    return {
        "case": label,
        "status": status,
        "seconds": round(seconds, 2),
        "goal_seconds": goal,
        "met": status == "optimal" and seconds <= goal,
        **detail,
    }


def main() -> None:
    """Run every benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--improve-seconds",
        type=float,
        default=0.0,
        help="seconds a coupled integer plan spends on alternative plans per part (default 0: none; "
        "an experiment, bench/plan_columns.py)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    plan = PlanProblem.from_json(generate_plan(args.seed))
    selection = SelectionProblem.from_json(generate_selection(args.seed))
    rows = []

    def run_plan(problem: PlanProblem, relax: bool, explain: bool = False) -> tuple[str, dict[str, Any]]:
        result = None
        if args.improve_seconds > 0 and not relax:
            result = solve_with_columns(problem, args.time_limit, explain, args.improve_seconds)
        if result is None:
            result = solve_plan(problem, relax=relax, time_limit=args.time_limit, explain=explain)
        return result.status, {"objective": result.objective, "bound": result.best_bound, "gap": result.gap}

    def with_objective(problem: PlanProblem, mode: str) -> PlanProblem:
        data = problem.to_json()
        if mode == "weighted":
            data["objective"] = {"mode": "weighted", "weights": WEIGHTS}
        return PlanProblem.from_json(data)

    size = "200u×5g×5y×5c"
    for mode in ("lexicographic", "weighted"):
        problem = with_objective(plan, mode)
        rows.append(timed(f"plan {size} {mode} LP relaxation", 10.0, lambda p=problem: run_plan(p, True)))
        rows.append(timed(f"plan {size} {mode} integer", 10.0, lambda p=problem: run_plan(p, False)))
    local = PlanProblem.from_json(generate_plan(args.seed, bank_wide=False))
    for mode in ("lexicographic", "weighted"):
        problem = with_objective(local, mode)
        label = f"plan {size} unit-level goals {mode} integer"
        rows.append(timed(label, 10.0, lambda p=problem: run_plan(p, False)))
    small = PlanProblem.from_json(generate_plan(args.seed, units=20))
    rows.append(timed("plan 20u×5g×5y×5c lexicographic integer", 10.0, lambda: run_plan(small, False)))
    rows.append(
        timed("plan 20u lexicographic integer + explanations", 10.0, lambda: run_plan(small, False, True))
    )

    def run_select() -> tuple[str, dict[str, Any]]:
        result = select(selection, time_limit=args.time_limit)
        return result.status, {"hires": len(result.hires), "exits": len(result.exits)}

    rows.append(timed("select 5000 cand/600 open/200 units + exits 10000 CMs", 10.0, run_select))
    head = f"{'case':<60} {'status':<9} {'seconds':>7} {'goal':>4}"
    print(f"{head} {'objective':>15} {'bound':>15} {'gap':>7}  met")
    for row in rows:
        gap = "" if row.get("gap") is None else f"{row['gap']:.2%}"
        values = [row.get(key) for key in ("objective", "bound")]
        objective, bound = ("" if v is None else f"{v:,.1f}" for v in values)
        head = f"{row['case']:<60} {row['status']:<9} {row['seconds']:>7.2f} {row['goal_seconds']:>4.0f}"
        print(f"{head} {objective:>15} {bound:>15} {gap:>7}  {row['met']}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"plan-{time.strftime('%Y%m%dT%H%M%S')}.json"
    summary = {"seed": args.seed, "improve_seconds": args.improve_seconds, "rows": rows}
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
