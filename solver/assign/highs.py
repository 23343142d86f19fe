"""Solve a core's CP-SAT model with HiGHS (MIP, through OR-Tools MathOpt, in-process) instead of CP-SAT.

The model's rows are linear (the rules build sums, exactly-one rows and clauses), so the very same model
becomes a MathOpt model row by row: a negated literal ``not x`` is ``1 - x``; a domain with holes is widened
to its hull (the rules never build one). HiGHS's LP relaxation of the assignment core is integral, so on the
few pairs the reduced costs leave it proves optimality in a few branch-and-bound nodes, where CP-SAT's search
spends its time finding a first good solution. ``highspy`` is never imported beside ortools.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from ortools.math_opt import model_pb2
from ortools.math_opt.python import mathopt
from ortools.sat import cp_model_pb2
from ortools.util.python.solve_interrupter import SolveInterrupter

from solver.assign.engine import CoreModel, SolveOptions, SolveOutcome, complete_hint, outcome_of

log = logging.getLogger(__name__)


def to_mathopt(
    cm: CoreModel, relax: bool = False
) -> tuple[mathopt.Model, list[mathopt.Variable], dict[int, mathopt.LinearConstraint]]:
    """Return the MathOpt model of ``cm``'s CP-SAT model, its variables and its rows by proto index.

    The model is written as a MathOpt proto from arrays (building it expression by expression in Python
    costs seconds at bank scale). With ``relax`` the variables are continuous (the LP relaxation, whose duals
    price the side rows).
    """
    proto = _plain_proto(cm)
    big = 2**62
    lows = [float(var.domain[0]) for var in proto.variables]
    highs = [float(var.domain[-1]) for var in proto.variables]
    row_lo: list[float] = []
    row_hi: list[float] = []
    cols: list[int] = []
    coefs: list[float] = []
    row_of: list[int] = []
    rows_by_index: dict[int, int] = {}

    def add_row(refs: list[int], weights: list[float], lo: float, hi: float) -> None:
        const = 0.0
        row = len(row_lo)
        for ref, w in zip(refs, weights, strict=True):
            if ref >= 0:
                cols.append(ref)
                coefs.append(w)
            else:  # a negated literal: w * (1 - x)
                const += w
                cols.append(-ref - 1)
                coefs.append(-w)
            row_of.append(row)
        row_lo.append(lo - const)
        row_hi.append(hi - const)

    inf = float("inf")
    for index, ct in enumerate(proto.constraints):
        kind = ct.WhichOneof("constraint")
        if ct.enforcement_literal:
            raise ValueError("enforcement literals have no MIP form here")
        if kind == "linear":
            dom = list(ct.linear.domain)
            rows_by_index[index] = len(row_lo)
            lo = -inf if dom[0] <= -big else float(dom[0])
            hi = inf if dom[-1] >= big else float(dom[-1])
            add_row(list(ct.linear.vars), [float(c) for c in ct.linear.coeffs], lo, hi)
        elif kind == "exactly_one":
            add_row(list(ct.exactly_one.literals), [1.0] * len(ct.exactly_one.literals), 1.0, 1.0)
        elif kind == "at_most_one":
            add_row(list(ct.at_most_one.literals), [1.0] * len(ct.at_most_one.literals), -inf, 1.0)
        elif kind == "bool_or":
            add_row(list(ct.bool_or.literals), [1.0] * len(ct.bool_or.literals), 1.0, inf)
        elif kind == "bool_and":
            for ref in ct.bool_and.literals:
                add_row([ref], [1.0], 1.0, 1.0)
        else:
            raise ValueError(f"constraint {kind} has no MIP form here")
    out = model_pb2.ModelProto(name=proto.name or "assign")
    n = len(lows)
    out.variables.ids.extend(range(n))
    out.variables.lower_bounds.extend(lows)
    out.variables.upper_bounds.extend(highs)
    out.variables.integers.extend([not relax] * n)
    obj = proto.objective
    scale = obj.scaling_factor or 1.0
    weights: dict[int, float] = {}
    for v, c in zip(obj.vars, obj.coeffs, strict=True):
        weights[v] = weights.get(v, 0.0) + scale * c
    out.objective.offset = scale * obj.offset
    out.objective.linear_coefficients.ids.extend(sorted(weights))
    out.objective.linear_coefficients.values.extend([weights[v] for v in sorted(weights)])
    out.linear_constraints.ids.extend(range(len(row_lo)))
    out.linear_constraints.lower_bounds.extend(row_lo)
    out.linear_constraints.upper_bounds.extend(row_hi)
    r_arr, c_arr, w_arr = np.array(row_of), np.array(cols), np.array(coefs)
    order = np.lexsort((c_arr, r_arr))
    out.linear_constraint_matrix.row_ids.extend(r_arr[order].tolist())
    out.linear_constraint_matrix.column_ids.extend(c_arr[order].tolist())
    out.linear_constraint_matrix.coefficients.extend(w_arr[order].tolist())
    model = mathopt.Model.from_model_proto(out)
    xs = list(model.variables())
    constraints = list(model.linear_constraints())
    return model, xs, {index: constraints[row] for index, row in rows_by_index.items()}


def _plain_proto(cm: CoreModel) -> cp_model_pb2.CpModelProto:
    """Return the model as a plain protobuf message (walking it is several times faster than the wrapper)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.pb"
        cm.model.export_to_file(str(path))
        return cp_model_pb2.CpModelProto.FromString(path.read_bytes())


LP_ALGORITHM: mathopt.LPAlgorithm | None = None


def row_prices(
    cm: CoreModel, rule: str, time_limit: float
) -> tuple[float, dict[Any, float], np.ndarray | None]:
    """Return the LP relaxation's value, the price (minus the dual: >= 0) of each of ``rule``'s rows and,
    when the LP's solution is integral, the chosen pair of each item (-1: none), else None."""
    model, xs, rows = to_mathopt(cm, relax=True)
    params = mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, time_limit)), lp_algorithm=LP_ALGORITHM
    )
    result = mathopt.solve(model, mathopt.SolverType.HIGHS, params=params)
    if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
        log.info("LP relaxation: %s; no row prices", result.termination.reason)
        return float("-inf"), {}, None
    keyed = cm.rows.get(rule, [])
    duals = result.dual_values([rows[index] for _, index in keyed]) if keyed else []
    log.info("LP relaxation: %.0f", result.objective_value())
    value = float(result.objective_value())
    prices = {key: max(0.0, -float(d)) for (key, _), d in zip(keyed, duals, strict=True)}
    x = np.array(result.variable_values([xs[v.index] for v in cm.x]), dtype=np.float64)
    choice = None
    if np.all(np.minimum(np.abs(x), np.abs(1 - x)) < 1e-6):
        choice = np.full(cm.core.n_items, -1, dtype=np.int64)
        picked = np.nonzero(x > 0.5)[0]
        choice[cm.core.item[picked]] = picked
    return value, prices, choice


def solve_highs(
    cm: CoreModel,
    options: SolveOptions,
    hint: np.ndarray | None = None,
    extra_bound: float = float("-inf"),
    stop: threading.Event | None = None,
) -> SolveOutcome:
    """Solve ``cm`` with HiGHS from ``hint`` (a pair per item) to ``options.relative_gap`` or the bound."""
    start = time.monotonic()
    completed = complete_hint(cm, hint) if hint is not None else None
    if completed is not None:
        objective = completed[0] + cm.objective_offset
        if objective - extra_bound <= options.relative_gap * max(1.0, abs(objective)):
            log.info("start is within the requested gap of the bound; HiGHS not run")
            found = outcome_of(cm, completed[1], "FEASIBLE", objective, extra_bound, time.monotonic() - start)
            found.searched = False
            return found
    model, xs, _ = to_mathopt(cm)
    params = mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, options.time_limit - (time.monotonic() - start))),
        relative_gap_tolerance=max(options.relative_gap, 1e-9),
        absolute_gap_tolerance=0.99,  # the objective is integral (internal units)
        cutoff_limit=None,
    )
    model_params = None
    if completed is not None:
        values = {v: float(x) for v, x in zip(xs, completed[1].tolist(), strict=True)}
        model_params = mathopt.ModelSolveParameters(solution_hints=[mathopt.SolutionHint(values)])
    interrupter = SolveInterrupter()
    watcher = _watch(stop, interrupter) if stop is not None else None
    result = mathopt.solve(
        model, mathopt.SolverType.HIGHS, params=params, model_params=model_params, interrupter=interrupter
    )
    if watcher is not None:
        watcher.set()
    seconds = time.monotonic() - start
    bound = float(result.dual_bound()) if np.isfinite(result.dual_bound()) else float("-inf")
    bound = max(bound, extra_bound)
    if not result.has_primal_feasible_solution():
        reason = result.termination.reason
        name = "INFEASIBLE" if reason == mathopt.TerminationReason.INFEASIBLE else "UNKNOWN"
        log.info("HiGHS: no solution (%s) in %.1f s", reason, seconds)
        return SolveOutcome(name, None, bound, seconds, None)
    solution = np.rint(np.array(result.variable_values(xs), dtype=np.float64)).astype(np.int64)
    objective = float(round(result.objective_value()))
    optimal = result.termination.reason == mathopt.TerminationReason.OPTIMAL and options.relative_gap == 0
    log.info("HiGHS: %.0f bound %.0f (%s) in %.1f s", objective, bound, result.termination.reason, seconds)
    return outcome_of(
        cm,
        solution,
        "OPTIMAL" if optimal else "FEASIBLE",
        objective,
        objective if optimal else bound,
        seconds,
    )


def _watch(stop: threading.Event, interrupter: SolveInterrupter) -> threading.Event:
    """Interrupt HiGHS when ``stop`` is set; return an event that ends the watcher."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if stop.is_set():
                interrupter.interrupt()
                return

    threading.Thread(target=watch, daemon=True).start()
    return done
