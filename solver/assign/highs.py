"""Solve a core's CP-SAT model with HiGHS (MIP or LP, through OR-Tools MathOpt, in-process) instead of CP-SAT.

The model's rows are linear (the rules build sums, exactly-one rows and clauses), so the very same model
becomes MathOpt's form row by row (:func:`mip_form`: arrays of bounds, objective and matrix entries): a
negated literal ``not x`` is ``1 - x``; a domain with holes is widened to its hull (the rules never build
one).
HiGHS's LP relaxation of the assignment core is integral, so on the few pairs the reduced costs leave it
proves optimality in a few branch-and-bound nodes, where CP-SAT's search spends its time finding a first good
solution. The arrays go to MathOpt's solver as a model proto and the answer is read from the result proto
with numpy: MathOpt's Python model and result objects cost more than HiGHS's solve at bank scale (about 1 s
an LP at 20,000 CMs, most of it parsing the basis). ``highspy`` is never imported beside ortools.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from ortools.math_opt import model_parameters_pb2, model_pb2, result_pb2, sparse_containers_pb2
from ortools.math_opt.core.python import solver as core_solver
from ortools.math_opt.python import callback as mathopt_callback
from ortools.math_opt.python import init_arguments, mathopt
from ortools.sat import cp_model_pb2
from ortools.util.python.solve_interrupter import SolveInterrupter

from solver.assign.engine import CoreModel, SolveOptions, SolveOutcome, complete_hint, outcome_of

log = logging.getLogger(__name__)

BIG = 2**62  # CP-SAT's "unbounded" domain ends
INTEGRAL = 0.99  # the objective is integral (internal units): a bound within this of a solution proves it


@dataclass
class MipForm:
    """A CP-SAT model's linear rows as arrays: one column per CP-SAT variable, one row per linear row."""

    lower: np.ndarray  # per column
    upper: np.ndarray
    objective: np.ndarray  # per column (cost units of the CP-SAT objective, scaling applied)
    offset: float
    row_lower: np.ndarray  # per row
    row_upper: np.ndarray
    row: np.ndarray  # matrix entries, sorted by (row, column)
    column: np.ndarray
    coefficient: np.ndarray
    row_of: dict[int, int]  # CP-SAT constraint index -> row (the rows of linear constraints)

    def proto(self, relax: bool = False) -> model_pb2.ModelProto:
        """Return the MathOpt model proto (continuous columns with ``relax``: the LP relaxation)."""
        n = self.lower.size
        out = model_pb2.ModelProto(name="assign")
        out.variables.ids.extend(range(n))
        out.variables.lower_bounds.extend(self.lower.tolist())
        out.variables.upper_bounds.extend(self.upper.tolist())
        out.variables.integers.extend([not relax] * n)
        used = np.nonzero(self.objective)[0]
        out.objective.offset = self.offset
        out.objective.linear_coefficients.ids.extend(used.tolist())
        out.objective.linear_coefficients.values.extend(self.objective[used].tolist())
        out.linear_constraints.ids.extend(range(self.row_lower.size))
        out.linear_constraints.lower_bounds.extend(self.row_lower.tolist())
        out.linear_constraints.upper_bounds.extend(self.row_upper.tolist())
        matrix = out.linear_constraint_matrix
        matrix.row_ids.extend(self.row.tolist())
        matrix.column_ids.extend(self.column.tolist())
        matrix.coefficients.extend(self.coefficient.tolist())
        return out


def mip_form(cm: CoreModel) -> MipForm:
    """Return the linear rows of ``cm``'s CP-SAT model as arrays (see :class:`MipForm`)."""
    proto = _plain_proto(cm)
    lows = np.array([var.domain[0] for var in proto.variables], dtype=np.float64)
    highs = np.array([var.domain[-1] for var in proto.variables], dtype=np.float64)
    refs: list[int] = []
    weights: list[float] = []
    lengths: list[int] = []
    row_lo: list[float] = []
    row_hi: list[float] = []
    row_of: dict[int, int] = {}
    inf = float("inf")

    def add(literals: Any, coeffs: Any, lo: float, hi: float) -> None:
        refs.extend(literals)
        weights.extend(coeffs)
        lengths.append(len(literals))
        row_lo.append(lo)
        row_hi.append(hi)

    for index, ct in enumerate(proto.constraints):
        kind = ct.WhichOneof("constraint")
        if ct.enforcement_literal:
            raise ValueError("enforcement literals have no MIP form here")
        if kind == "linear":
            dom = ct.linear.domain
            row_of[index] = len(row_lo)
            lo = -inf if dom[0] <= -BIG else float(dom[0])
            hi = inf if dom[-1] >= BIG else float(dom[-1])
            add(ct.linear.vars, ct.linear.coeffs, lo, hi)
        elif kind == "exactly_one":
            add(ct.exactly_one.literals, [1.0] * len(ct.exactly_one.literals), 1.0, 1.0)
        elif kind == "at_most_one":
            add(ct.at_most_one.literals, [1.0] * len(ct.at_most_one.literals), -inf, 1.0)
        elif kind == "bool_or":
            add(ct.bool_or.literals, [1.0] * len(ct.bool_or.literals), 1.0, inf)
        elif kind == "bool_and":
            for ref in ct.bool_and.literals:
                add([ref], [1.0], 1.0, 1.0)
        else:
            raise ValueError(f"constraint {kind} has no MIP form here")
    ref = np.array(refs, dtype=np.int64)
    weight = np.array(weights, dtype=np.float64)
    row = np.repeat(np.arange(len(lengths)), lengths)
    negated = ref < 0  # w * (1 - x): coefficient -w, and w moves to the row's bounds
    shift = np.bincount(row[negated], weights=weight[negated], minlength=len(lengths))
    column = np.where(negated, -ref - 1, ref)
    coefficient = np.where(negated, -weight, weight)
    order = np.lexsort((column, row))
    obj = proto.objective
    scale = obj.scaling_factor or 1.0
    objective = np.zeros(lows.size)
    np.add.at(objective, np.array(obj.vars, dtype=np.int64), scale * np.array(obj.coeffs, dtype=np.float64))
    return MipForm(
        lows,
        highs,
        objective,
        scale * obj.offset,
        np.array(row_lo) - shift,
        np.array(row_hi) - shift,
        row[order],
        column[order],
        coefficient[order],
        row_of,
    )


def _plain_proto(cm: CoreModel) -> cp_model_pb2.CpModelProto:
    """Return the model as a plain protobuf message (walking it is several times faster than the wrapper)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.pb"
        cm.model.export_to_file(str(path))
        return cp_model_pb2.CpModelProto.FromString(path.read_bytes())


def run_highs(
    model: model_pb2.ModelProto,
    params: mathopt.SolveParameters,
    hint: np.ndarray | None = None,
    interrupter: SolveInterrupter | None = None,
) -> result_pb2.SolveResultProto:
    """Solve a model proto with HiGHS (``hint``: a value per column) and return MathOpt's result proto."""
    model_params = model_parameters_pb2.ModelSolveParametersProto()
    if hint is not None:
        values = model_params.solution_hints.add().variable_values
        values.ids.extend(range(hint.size))
        values.values.extend(hint.astype(np.float64).tolist())
    return core_solver.solve(
        model,
        mathopt.SolverType.HIGHS.value,
        init_arguments.StreamableSolverInitArguments().to_proto(),
        params.to_proto(),
        model_params,
        None,
        mathopt_callback.CallbackRegistration().to_proto(),
        None,
        interrupter.pybind_interrupter if interrupter is not None else None,
    )


def dense(vector: sparse_containers_pb2.SparseDoubleVectorProto, size: int) -> np.ndarray:
    """Return a sparse MathOpt vector as a dense array (zeros where it has no entry)."""
    out = np.zeros(size)
    out[np.array(vector.ids, dtype=np.int64)] = np.array(vector.values, dtype=np.float64)
    return out


def _optimal(result: result_pb2.SolveResultProto) -> bool:
    return result.termination.reason == result_pb2.TERMINATION_REASON_OPTIMAL


def _has_solution(result: result_pb2.SolveResultProto) -> bool:
    return any(
        s.HasField("primal_solution")
        and s.primal_solution.feasibility_status == result_pb2.FEASIBILITY_STATUS_FEASIBLE
        for s in result.solutions
    )


LP_ALGORITHM: mathopt.LPAlgorithm | None = None


def _lp_parameters(time_limit: float) -> mathopt.SolveParameters:
    return mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, time_limit)), lp_algorithm=LP_ALGORITHM
    )


def lp_bound(form: MipForm, time_limit: float) -> float:
    """Return the LP relaxation's optimum (a lower bound of the model), or -inf when it is not proven."""
    result = run_highs(form.proto(relax=True), _lp_parameters(time_limit))
    if not _optimal(result):
        return float("-inf")
    value = float(result.termination.objective_bounds.dual_bound)  # the proven side of the optimum
    log.info("LP relaxation of the model: %.1f", value)
    return value


def row_prices(
    cm: CoreModel, rule: str, time_limit: float
) -> tuple[float, dict[Any, float], np.ndarray | None]:
    """Return the LP relaxation's value, the price (minus the dual: >= 0) of each of ``rule``'s rows and,
    when the LP's solution is integral, the chosen pair of each item (-1: none), else None."""
    form = mip_form(cm)
    columns = np.array([v.index for v in cm.x], dtype=np.int64)
    result = run_highs(form.proto(relax=True), _lp_parameters(time_limit))
    if not _optimal(result) or not result.solutions:
        log.info("LP relaxation: %s; no row prices", result.termination.reason)
        return float("-inf"), {}, None
    solution = result.solutions[0]
    value = float(solution.primal_solution.objective_value)
    log.info("LP relaxation: %.0f", value)
    keyed = cm.rows.get(rule, [])
    duals = dense(solution.dual_solution.dual_values, form.row_lower.size)
    prices = {key: max(0.0, -float(duals[form.row_of[index]])) for key, index in keyed}
    x = dense(solution.primal_solution.variable_values, form.lower.size)[columns]
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
    lp_proof: bool = False,
) -> SolveOutcome:
    """Solve ``cm`` with HiGHS from ``hint`` (a pair per item) to ``options.relative_gap`` or the bound.

    With ``lp_proof`` the LP relaxation is solved first: when its value is within one internal unit of the
    completed hint's cost (the objective is integral), the hint is optimal and no MIP runs. Worth it when the
    hint is expected optimal (an integral LP solution of the pricing rounds): the LP costs about half the
    MIP's time, which would solve the same LP at its root and then search and separate cuts.
    """
    start = time.monotonic()
    completed = complete_hint(cm, hint) if hint is not None else None
    if completed is not None:
        objective = completed[0] + cm.objective_offset
        if objective - extra_bound <= options.relative_gap * max(1.0, abs(objective)):
            log.info("start is within the requested gap of the bound; HiGHS not run")
            found = outcome_of(cm, completed[1], "FEASIBLE", objective, extra_bound, time.monotonic() - start)
            found.searched = False
            return found
    form = mip_form(cm)
    if completed is not None and lp_proof:
        objective = completed[0] + cm.objective_offset
        left = options.time_limit - (time.monotonic() - start)
        if lp_bound(form, left) + cm.objective_offset > objective - INTEGRAL:
            log.info("the LP relaxation meets the start: optimal, HiGHS MIP not run")
            return outcome_of(cm, completed[1], "OPTIMAL", objective, objective, time.monotonic() - start)
    params = mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, options.time_limit - (time.monotonic() - start))),
        relative_gap_tolerance=max(options.relative_gap, 1e-9),
        absolute_gap_tolerance=INTEGRAL,
        cutoff_limit=None,
    )
    interrupter = SolveInterrupter()
    watcher = _watch(stop, interrupter) if stop is not None else None
    result = run_highs(form.proto(), params, completed[1] if completed is not None else None, interrupter)
    if watcher is not None:
        watcher.set()
    seconds = time.monotonic() - start
    dual_bound = float(result.termination.objective_bounds.dual_bound)
    bound = max(dual_bound if np.isfinite(dual_bound) else float("-inf"), extra_bound)
    if not _has_solution(result):
        reason = result.termination.reason
        name = "INFEASIBLE" if reason == result_pb2.TERMINATION_REASON_INFEASIBLE else "UNKNOWN"
        log.info("HiGHS: no solution (%s) in %.1f s", reason, seconds)
        return SolveOutcome(name, None, bound, seconds, None)
    best = result.solutions[0].primal_solution
    solution = np.rint(dense(best.variable_values, form.lower.size)).astype(np.int64)
    objective = float(round(best.objective_value))
    optimal = _optimal(result) and options.relative_gap == 0
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
