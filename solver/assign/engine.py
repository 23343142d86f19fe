"""CP-SAT engine shared by both shapes: a sparse assignment core, rule terms on top, solve with hint.

The core is the generalized assignment problem: each *item* goes to one *bin* through a sparse set of
allowed pairs; each pair has a cost and a load; each bin's load stays within bounds (soft bounds become
penalised shortfall/surplus slack). Shape 1 (CMs → territories) has items = CMs, bins = territories, load 1
and bounds = headcount need; shape 2 (grids → CMs, 网格化) and the OR-Library GAP have items = grids/jobs,
bins = CMs/agents, load = workload and an upper bound = capacity.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

log = logging.getLogger(__name__)

STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


@dataclass
class Core:
    """Sparse assignment core: pair arrays plus per-bin load bounds (all integers)."""

    n_items: int
    n_bins: int
    item: np.ndarray  # pair -> item index
    bin: np.ndarray  # pair -> bin index
    cost: np.ndarray  # pair -> cost (minimised)
    load: np.ndarray  # pair -> load the item puts on the bin
    bin_min: np.ndarray  # minimum load per bin
    bin_max: np.ndarray  # maximum load per bin
    shortfall_penalty: np.ndarray | None = None  # per unit below bin_min; None = hard minimum
    surplus_penalty: np.ndarray | None = None  # per unit above bin_max; None = hard maximum
    unassigned_penalty: np.ndarray | None = None  # per item left out; None = every item exactly once

    def pairs_of_item(self) -> list[list[int]]:
        """Return the pair indices of each item."""
        out: list[list[int]] = [[] for _ in range(self.n_items)]
        for p, i in enumerate(self.item.tolist()):
            out[i].append(p)
        return out

    def pairs_of_bin(self) -> list[list[int]]:
        """Return the pair indices of each bin."""
        out: list[list[int]] = [[] for _ in range(self.n_bins)]
        for p, b in enumerate(self.bin.tolist()):
            out[b].append(p)
        return out


@dataclass
class Term:
    """One penalty term: ``coef * var`` in the objective, attributed to a rule and to whom it concerns."""

    rule: str
    who: str
    coef: int
    var: cp_model.IntVar | cp_model.LinearExpr


@dataclass
class CoreModel:
    """The CP-SAT model of a core with its variables and named penalty terms."""

    core: Core
    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    shortfall: dict[int, cp_model.IntVar] = field(default_factory=dict)
    surplus: dict[int, cp_model.IntVar] = field(default_factory=dict)
    unassigned: dict[int, cp_model.IntVar] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    # rule name -> enable literal (only when built for explanation)
    enable: dict[str, cp_model.IntVar] = field(default_factory=dict)
    objective_offset: int = 0
    # rule name -> (key, constraint index) of rows whose duals price the rule (avoidance: (a, b, unit))
    rows: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)


def build_core_model(core: Core, name: str = "assign") -> CoreModel:
    """Create pair variables, the one-bin-per-item rows and the bin load rows of a core."""
    model = cp_model.CpModel()
    model.name = name
    x = [model.new_bool_var(f"x{p}") for p in range(len(core.item))]
    cm = CoreModel(core=core, model=model, x=x)
    for i, pairs in enumerate(core.pairs_of_item()):
        row = [x[p] for p in pairs]
        if core.unassigned_penalty is None:
            model.add_exactly_one(row)
        else:
            u = model.new_bool_var(f"unassigned{i}")
            cm.unassigned[i] = u
            model.add_exactly_one([*row, u])
    for b, pairs in enumerate(core.pairs_of_bin()):
        loads = core.load[pairs].tolist()
        expr = cp_model.LinearExpr.weighted_sum([x[p] for p in pairs], loads)
        total = int(sum(loads))
        lo, hi = int(core.bin_min[b]), int(core.bin_max[b])
        if core.shortfall_penalty is not None and lo > 0:
            s = model.new_int_var(0, lo, f"shortfall{b}")
            cm.shortfall[b] = s
            expr = expr + s
        if core.surplus_penalty is not None and total > hi:
            e = model.new_int_var(0, total - hi, f"surplus{b}")
            cm.surplus[b] = e
            expr = expr - e
        if lo > 0:
            model.add(expr >= lo)
        if total > hi:
            model.add(expr <= hi)
    return cm


def core_objective(cm: CoreModel) -> cp_model.LinearExprT:
    """Return the core part of the objective: pair costs plus slack penalties."""
    core = cm.core
    parts: list[cp_model.LinearExprT] = [
        cp_model.LinearExpr.weighted_sum(cm.x, core.cost.tolist()),
    ]
    if core.shortfall_penalty is not None:
        parts += [int(core.shortfall_penalty[b]) * v for b, v in cm.shortfall.items()]
    if core.surplus_penalty is not None:
        parts += [int(core.surplus_penalty[b]) * v for b, v in cm.surplus.items()]
    if core.unassigned_penalty is not None:
        parts += [int(core.unassigned_penalty[i]) * v for i, v in cm.unassigned.items()]
    parts += [t.coef * t.var for t in cm.terms]
    return sum(parts)  # type: ignore[return-value]


def minimize_core(cm: CoreModel) -> None:
    """Minimise the core objective (``core_objective``) by writing it into the model's proto from arrays.

    The same objective as ``cm.model.minimize(core_objective(cm))`` without a Python walk over a linear
    expression of every variable (a third of a second at 100,000 pairs). Terms on anything but a plain
    variable take that path instead.
    """
    if not all(isinstance(t.var, cp_model.IntVar) for t in cm.terms):
        cm.model.minimize(core_objective(cm))
        return
    core = cm.core
    index = [np.array([v.index for v in cm.x], dtype=np.int64)]
    coef = [core.cost.astype(np.int64)]
    for penalty, slack in (
        (core.shortfall_penalty, cm.shortfall),
        (core.surplus_penalty, cm.surplus),
        (core.unassigned_penalty, cm.unassigned),
    ):
        if penalty is not None and slack:
            which = np.fromiter(slack.keys(), dtype=np.int64, count=len(slack))
            index.append(np.array([v.index for v in slack.values()], dtype=np.int64))
            coef.append(penalty[which].astype(np.int64))
    index.append(np.array([t.var.index for t in cm.terms], dtype=np.int64))  # type: ignore[union-attr]
    coef.append(np.array([t.coef for t in cm.terms], dtype=np.int64))
    variables, where = np.unique(np.concatenate(index), return_inverse=True)
    total = np.zeros(variables.size, dtype=np.int64)
    np.add.at(total, where, np.concatenate(coef))
    used = total != 0
    cm.model.clear_objective()
    objective = cm.model.proto.objective
    objective.vars.extend(variables[used].tolist())
    objective.coeffs.extend(total[used].tolist())
    objective.scaling_factor = 1.0


@dataclass
class SolveOptions:
    """Solver parameters; ``deterministic`` fixes the seed and uses interleaved search (repeatable runs)."""

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    deterministic: bool = False
    linearization_level: int | None = None
    relative_gap: float = 0.0
    log_search: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # further CP-SAT parameters by name


@dataclass
class Progress:
    """A progress report sent to the caller's callback at each improving solution."""

    objective: float
    bound: float
    seconds: float


@dataclass
class SolveOutcome:
    """What the engine found: status, objective, bound, time and the chosen pair per item (-1 = none)."""

    status: str
    objective: float | None
    bound: float
    seconds: float
    choice: np.ndarray | None
    values: dict[str, Any] = field(default_factory=dict)  # term values, slack values by bin/item
    searched: bool = True  # False when the start already met the bound (or the requested gap)


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Forward improving solutions to a caller-supplied function and stop when asked."""

    def __init__(
        self,
        on_progress: Callable[[Progress], None] | None,
        stop: threading.Event | None,
        start: float,
        offset: float,
        extra_bound: float,
        relative_gap: float = 0.0,
    ) -> None:
        super().__init__()
        self._relative_gap = relative_gap
        self._on_progress = on_progress
        self._stop = stop
        self._start = start
        self._offset = offset
        self._extra_bound = extra_bound

    def on_solution_callback(self) -> None:
        """Report objective, bound and elapsed time; honour the stop event."""
        bound = max(self.best_objective_bound + self._offset, self._extra_bound)
        objective = self.objective_value + self._offset
        if self._on_progress is not None:
            self._on_progress(Progress(objective, bound, time.monotonic() - self._start))
        if objective - bound <= self._relative_gap * max(1.0, abs(objective)):
            # at gap 0 too: an incumbent that meets the outside bound (the flow's) is optimal
            log.info("relative gap %.4f reached; ending search", self._relative_gap)
            self.stop_search()
        if self._stop is not None and self._stop.is_set():
            log.info("stop requested; ending search")
            self.stop_search()


class Engine:
    """Solve a core model with a hint, progress reports and early stop (``stop()`` or a shared Event)."""

    def __init__(self, stop_event: threading.Event | None = None) -> None:
        self.stop_event = stop_event or threading.Event()
        self._solver: cp_model.CpSolver | None = None

    def stop(self) -> None:
        """Ask a running solve to end as soon as possible and return its best solution."""
        self.stop_event.set()
        if self._solver is not None:
            self._solver.stop_search()

    def solve(
        self,
        cm: CoreModel,
        options: SolveOptions,
        hint: np.ndarray | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        extra_bound: float = float("-inf"),
    ) -> SolveOutcome:
        """Solve ``cm`` (objective already set) and decode the chosen pair of each item."""
        start = time.monotonic()
        model = cm.model
        model.clear_hints()
        completed = complete_hint(cm, hint) if hint is not None else None
        if completed is not None:
            objective = completed[0] + cm.objective_offset
            if objective - extra_bound <= options.relative_gap * max(1.0, abs(objective)):
                # the start already meets the bound (or the requested gap against it): nothing to search
                log.info("start is within the requested gap of the bound; CP-SAT search skipped")
                if on_progress is not None:
                    on_progress(Progress(objective, extra_bound, time.monotonic() - start))
                outcome = outcome_of(
                    cm, completed[1], "FEASIBLE", objective, extra_bound, time.monotonic() - start
                )
                outcome.searched = False
                return outcome
        if completed is not None:
            for k, value in enumerate(completed[1].tolist()):
                model.add_hint(model.get_int_var_from_proto_index(k), value)
        elif hint is not None:
            chosen = np.zeros(len(cm.x), dtype=bool)
            chosen[hint[hint >= 0]] = True
            for v, on in zip(cm.x, chosen.tolist(), strict=True):
                model.add_hint(v, on)
        solver = cp_model.CpSolver()
        apply_parameters(solver, options)
        self._solver = solver
        if self.stop_event.is_set():
            solver.parameters.max_time_in_seconds = 0.0
        reporter = _Reporter(
            on_progress, self.stop_event, start, cm.objective_offset, extra_bound, options.relative_gap
        )
        status = solver.solve(model, reporter)
        self._solver = None
        name = STATUS_NAMES[status]
        seconds = time.monotonic() - start
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            log.warning("CP-SAT ended with status %s", name)
            return SolveOutcome(name, None, float("-inf"), seconds, None)
        solution = np.array(solver.response_proto.solution, dtype=np.int64)
        objective = solver.objective_value + cm.objective_offset
        bound = max(solver.best_objective_bound + cm.objective_offset, extra_bound)
        return outcome_of(cm, solution, name, objective, bound, seconds)


def outcome_of(
    cm: CoreModel, solution: np.ndarray, name: str, objective: float, bound: float, seconds: float
) -> SolveOutcome:
    """Decode a full solution vector: chosen pair per item, term values and slack values."""
    values = solution[[v.index for v in cm.x]] > 0 if cm.x else np.zeros(0, dtype=bool)
    choice = np.full(cm.core.n_items, -1, dtype=np.int64)
    picked = np.nonzero(values)[0]
    choice[cm.core.item[picked]] = picked
    if bound >= objective - 1e-9:
        name = "OPTIMAL"
    found: dict[str, Any] = {
        "terms": [int(solution[t.var.index]) for t in cm.terms],  # type: ignore[union-attr]
        "shortfall": {b: int(solution[v.index]) for b, v in cm.shortfall.items()},
        "surplus": {b: int(solution[v.index]) for b, v in cm.surplus.items()},
        "unassigned": {i: int(solution[v.index]) for i, v in cm.unassigned.items()},
    }
    return SolveOutcome(name, objective, bound, seconds, choice, found)


def complete_hint(cm: CoreModel, hint: np.ndarray) -> tuple[float, np.ndarray] | None:
    """Fix the pair literals to the hint and let a propagation-only solve fill in slacks and terms.

    CP-SAT starts from a complete, feasible hint at once; a partial hint must first be repaired by search.
    Return the completed start's objective and values, or None when the model has nothing to complete or the
    hint breaks a side rule.
    """
    chosen = np.zeros(len(cm.x), dtype=bool)
    chosen[hint[hint >= 0]] = True
    index = np.array([v.index for v in cm.x], dtype=np.int64)
    probe = cm.model.clone()
    probe.proto.constraints.add().bool_and.literals.extend(np.where(chosen, index, -index - 1).tolist())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10.0
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_probing_level = 0  # every pair is fixed: propagation alone completes it
    solver.parameters.linearization_level = 0
    status = solver.solve(probe)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        log.info("complete hint: objective %.0f", solver.objective_value)
        # the objective has integer coefficients: round away the float's last bits
        return float(round(solver.objective_value)), np.array(solver.response_proto.solution, dtype=np.int64)
    log.info("hint is infeasible for the side rules (%s); hinting the pairs only", STATUS_NAMES[status])
    return None


def apply_parameters(solver: cp_model.CpSolver, options: SolveOptions) -> None:
    """Copy the options into CP-SAT parameters."""
    p = solver.parameters
    p.max_time_in_seconds = max(0.0, options.time_limit)
    p.num_workers = max(1, options.workers)
    p.random_seed = options.seed
    p.log_search_progress = options.log_search
    if options.relative_gap > 0:
        p.relative_gap_limit = options.relative_gap
    if options.linearization_level is not None:
        p.linearization_level = options.linearization_level
    for name, value in options.extra.items():
        setattr(p, name, value)
    if options.deterministic:
        # Interleaved search runs the same portfolio in a fixed order, so a fixed seed gives the same answer
        # on any machine regardless of thread timing; the time limit is then the only source of variation,
        # so deterministic runs should also be bounded by a deterministic time.
        p.interleave_search = True
        p.max_deterministic_time = max(0.0, options.time_limit)
        p.max_time_in_seconds = max(0.0, options.time_limit) * 20 + 10
