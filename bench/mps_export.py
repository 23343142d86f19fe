"""Write a CP-SAT model of linear rows as an MPS file, so a MIP solver (HiGHS) can solve the very same model.

Handled: linear rows (a domain with holes is widened to its hull), exactly-one, at-most-one, clauses
(bool_or) and bool_and, all without enforcement literals, and the linear objective. Anything else raises.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ortools.sat.python import cp_model

INF = 2**62
_KINDS = ("linear", "exactly_one", "at_most_one", "bool_or", "bool_and")


def write_mps(model: cp_model.CpModel, path: str | Path, name: str = "model") -> None:
    """Write ``model`` to ``path`` in free MPS format (minimisation)."""
    proto = model.proto
    columns: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows: list[tuple[str, str, float, float | None]] = []  # name, sense, rhs, range

    def add_row(terms: list[tuple[int, int]], lo: int, hi: int) -> None:
        r = f"r{len(rows)}"
        const = 0
        for var, coef in terms:
            if var < 0:  # negated literal: coef * (1 - x)
                const += coef
                columns[-var - 1].append((r, -coef))
            else:
                columns[var].append((r, coef))
        lo, hi = lo - const if lo > -INF else lo, hi - const if hi < INF else hi
        if lo == hi:
            rows.append((r, "E", lo, None))
        elif lo <= -INF:
            rows.append((r, "L", hi, None))
        elif hi >= INF:
            rows.append((r, "G", lo, None))
        else:
            rows.append((r, "G", lo, hi - lo))

    for ct in proto.constraints:
        kind = next((k for k in _KINDS if getattr(ct, f"has_{k}")()), "other")
        if ct.enforcement_literal:
            raise ValueError("enforcement literals are not exported")
        if kind == "linear":
            dom = list(ct.linear.domain)
            add_row(list(zip(ct.linear.vars, ct.linear.coeffs, strict=True)), dom[0], dom[-1])
        elif kind == "exactly_one":
            add_row([(v, 1) for v in ct.exactly_one.literals], 1, 1)
        elif kind == "at_most_one":
            add_row([(v, 1) for v in ct.at_most_one.literals], -INF, 1)
        elif kind == "bool_or":
            add_row([(v, 1) for v in ct.bool_or.literals], 1, INF)
        elif kind == "bool_and":
            for v in ct.bool_and.literals:
                add_row([(v, 1)], 1, 1)
        else:
            raise ValueError(f"constraint {kind} is not exported")
    obj = proto.objective
    sign = -1 if obj.scaling_factor < 0 else 1  # CP-SAT stores a maximisation as a negated minimisation
    objective = {v: c for v, c in zip(obj.vars, obj.coeffs, strict=True)}
    lines = [f"NAME {name}", "ROWS", " N obj"]
    lines += [f" {sense} {r}" for r, sense, _, _ in rows]
    lines.append("COLUMNS")
    binaries: list[tuple[int, int, int]] = []
    integers: list[tuple[int, int, int]] = []
    lines.append("    MARKER MARKER INTORG")
    for k, var in enumerate(proto.variables):
        dom = list(var.domain)
        entries = list(columns.get(k, []))
        if k in objective:
            entries.insert(0, ("obj", sign * objective[k]))
        if not entries:
            entries = [("obj", 0)]
        lines += [f"    x{k} {r} {c}" for r, c in entries]
        (binaries if dom[0] == 0 and dom[-1] == 1 else integers).append((k, dom[0], dom[-1]))
    lines.append("    MARKER MARKER INTEND")
    lines.append("RHS")
    if obj.offset:
        lines.append(f"    rhs obj {-sign * obj.offset}")
    lines += [f"    rhs {r} {rhs}" for r, _, rhs, _ in rows if rhs != 0]
    ranged = [(r, rng) for r, _, _, rng in rows if rng is not None]
    if ranged:
        lines.append("RANGES")
        lines += [f"    rng {r} {rng}" for r, rng in ranged]
    lines.append("BOUNDS")
    lines += [f" BV bnd x{k}" for k, _, _ in binaries]
    for k, lo, hi in integers:
        lines.append(f" LO bnd x{k} {lo}" if lo > -INF else f" MI bnd x{k}")
        if hi < INF:
            lines.append(f" UP bnd x{k} {hi}")
    lines.append("ENDATA")
    Path(path).write_text("\n".join(lines) + "\n")
