"""HiGHS on a bank problem JSON, modelled from the JSON alone (no code of this solver), in its own process.

    python bench/assign_highs.py PROBLEM.json --time-limit 120 [--gap 0]

The model is the textbook one a user would write: a binary per allowed CM-territory pair (own or
neighbouring branch, same segment, grade at least the minimum, not a stay of more than the must-move years),
a binary per CM left out, integer shortfall per territory, a binary per territory without a senior, one row
per avoidance pair and branch, no surplus. Costs as the problem's rules state them, rounded to cents as this
solver does, so both report the same objective. Prints one JSON line. highspy is never imported beside
ortools (the two crash in one process).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import highspy
import numpy as np

GRADES = ("trainee", "junior", "intermediate", "senior", "principal")


def rank(grade: str | int) -> int:
    """Return a grade's rank (a name on the ladder, or already a rank)."""
    return grade if isinstance(grade, int) else GRADES.index(grade)


def main() -> None:
    """Build the model with highspy, solve it and print objective, bound, status and seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("problem")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gap", type=float, default=0.0)
    parser.add_argument("--log", action="store_true", help="print HiGHS's log to stdout")
    args = parser.parse_args()
    start = time.monotonic()
    data = json.loads(Path(args.problem).read_text(encoding="utf-8"))
    r = data["rules"]
    units = {u["id"]: k for k, u in enumerate(data["units"])}
    unit_xy = np.array([[u["x"], u["y"]] for u in data["units"]])
    reach = np.eye(len(units), dtype=bool)
    for u in data["units"]:
        for v in u.get("neighbours", []):
            reach[units[u["id"]], units[v]] = True
    terr = data["territories"]
    t_index = {t["id"]: k for k, t in enumerate(terr)}
    t_unit = np.array([units[t["unit"]] for t in terr])
    t_xy = np.array([[t["x"], t["y"]] if t.get("x") is not None else unit_xy[units[t["unit"]]] for t in terr])
    need = np.array([t["need"] for t in terr])
    by_unit = [np.nonzero(t_unit == u)[0] for u in range(len(units))]
    senior_rank = rank(r.get("senior_grade", "senior"))
    must = r.get("rotation_must_years", 5.0)
    cols_m, cols_t, cols_c = [], [], []
    for i, m in enumerate(data["managers"]):
        cur = t_index.get(m.get("current"))
        own = t_unit[cur]
        ts = np.concatenate([by_unit[v] for v in np.nonzero(reach[own])[0]])
        for t in ts.tolist():
            tt = terr[t]
            if tt["segment"] not in m["segments"] or rank(m["grade"]) < rank(tt.get("min_grade", "trainee")):
                continue
            if t == cur and must is not None and m.get("years", 0) > must:
                continue
            km = float(np.hypot(m["home_x"] - t_xy[t, 0], m["home_y"] - t_xy[t, 1]))
            short = sum(
                max(0, v - m["competencies"].get(s, 0)) for s, v in tt.get("competency_min", {}).items()
            )
            cost = round(km * r.get("travel_weight", 1.0) * 100) + round(
                short * r.get("competency_weight", 1.0) * 100
            )
            cost += round(r.get("move_cost", 10.0) * 100) if t != cur else 0
            cols_m.append(i)
            cols_t.append(t)
            cols_c.append(cost / 100)
    n_x, n_m, n_t = len(cols_m), len(data["managers"]), len(terr)
    pm, pt = np.array(cols_m), np.array(cols_t)
    h = highspy.Highs()
    h.setOptionValue("output_flag", args.log)
    h.setOptionValue("time_limit", args.time_limit)
    h.setOptionValue("threads", args.threads)
    h.setOptionValue("mip_rel_gap", args.gap if args.gap > 0 else 1e-9)
    h.setOptionValue("mip_abs_gap", 0.0099 if args.gap == 0 else 0.0)  # objectives are in cents
    inf = highspy.kHighsInf
    # columns: x pairs, unassigned per CM, shortfall per territory, no-senior per territory
    cost = np.concatenate(
        [
            cols_c,
            np.full(n_m, r.get("unassigned_weight", 5000.0)),
            np.full(n_t, r.get("shortfall_weight", 1000.0)),
            np.full(n_t, r.get("senior_weight", 200.0)),
        ]
    )
    upper = np.concatenate([np.ones(n_x + n_m), need, np.ones(n_t)])
    n_col = cost.size
    h.addVars(n_col, np.zeros(n_col), upper)
    h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), cost)
    h.changeColsIntegrality(
        n_col, np.arange(n_col, dtype=np.int32), np.full(n_col, highspy.HighsVarType.kInteger)
    )
    rows: list[tuple[float, float, list[int], list[float]]] = []
    by_m: list[list[int]] = [[] for _ in range(n_m)]
    by_t: list[list[int]] = [[] for _ in range(n_t)]
    for k, (i, t) in enumerate(zip(cols_m, cols_t, strict=True)):
        by_m[i].append(k)
        by_t[t].append(k)
    for i in range(n_m):  # each CM placed once or left out
        rows.append((1.0, 1.0, [*by_m[i], n_x + i], [1.0] * (len(by_m[i]) + 1)))
    grade = np.array([rank(m["grade"]) for m in data["managers"]])
    for t in range(n_t):  # exactly the need, less the shortfall (no surplus)
        rows.append((float(need[t]), float(need[t]), [*by_t[t], n_x + n_m + t], [1.0] * (len(by_t[t]) + 1)))
        seniors = [k for k in by_t[t] if grade[cols_m[k]] >= senior_rank]
        if need[t] > 0:
            rows.append((1.0, inf, [*seniors, n_x + n_m + n_t + t], [1.0] * (len(seniors) + 1)))
    m_index = {m["id"]: i for i, m in enumerate(data["managers"])}
    x_unit = t_unit[pt]
    for a_id, b_id in data.get("avoidance", []):
        a, b = m_index[a_id], m_index[b_id]
        for u in set(x_unit[by_m[a]].tolist()) & set(x_unit[by_m[b]].tolist()):
            ks = [k for k in by_m[a] + by_m[b] if x_unit[k] == u]
            rows.append((-inf, 1.0, ks, [1.0] * len(ks)))
    lower = np.array([row[0] for row in rows])
    upper_r = np.array([row[1] for row in rows])
    starts = np.cumsum([0] + [len(row[2]) for row in rows[:-1]]).astype(np.int32)
    index = np.array([k for row in rows for k in row[2]], dtype=np.int32)
    value = np.array([v for row in rows for v in row[3]])
    h.addRows(len(rows), lower, upper_r, index.size, starts, index, value)
    built = time.monotonic() - start
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    objective = info.objective_function_value if info.primal_solution_status > 0 else None
    print(
        json.dumps(
            {
                "status": "OPTIMAL" if status == "Optimal" else status,
                "objective": objective,
                "bound": info.mip_dual_bound,
                "seconds": time.monotonic() - start,
                "build_seconds": built,
                "pairs": n_x,
                "pm": int(pm.size),
            }
        )
    )


if __name__ == "__main__":
    main()
