"""OR-Library generalized assignment instances, solved as shape 2 (grids → CMs) through the same engine.

A GAP agent is a CM with a capacity; a GAP job is a grid that uses part of that capacity. The instance becomes
a dense :class:`~solver.assign.engine.Core` (every job may go to every agent), seeded by the numpy heuristic
and solved by :class:`~solver.assign.engine.Engine`, exactly like a product grid problem.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ortools.util.python.solve_interrupter import SolveInterrupter

from solver.assign.engine import (
    Core,
    CoreModel,
    Engine,
    Progress,
    SolveOptions,
    build_core_model,
    core_objective,
)
from solver.assign.heuristic import gap_start, lagrangian, reduced_costs
from solver.assign.lns import agent_lns
from solver.assign.mip import MipOutcome, highs_gap, local_branching
from solver.assign.tabu import tabu_search

log = logging.getLogger(__name__)

SMALL = 1500  # pairs up to which one CP-SAT run suffices
MIP_FULL = 10_000  # pairs up to which HiGHS and local branching work on every pair (above: on the kernel)
KERNEL_PER_JOB = 4  # pairs of least reduced cost a job keeps in the CP-SAT kernel (measured on D types)
STAGE_ONE = 0.5  # share of the time the kernel runs alone on both cores, before the MIP members join
PROOF_SHARE = 0.5  # share of the time HiGHS tries to prove a medium instance before it too branches locally
LARGE = 400  # jobs from which, without the portfolio, the agent LNS runs


@dataclass
class GapInstance:
    """One GAP instance: ``cost[i][j]`` and ``load[i][j]`` of job j on agent i, ``capacity[i]``."""

    name: str
    cost: np.ndarray
    load: np.ndarray
    capacity: np.ndarray

    @property
    def agents(self) -> int:
        """Return the number of agents (CMs)."""
        return int(self.cost.shape[0])

    @property
    def jobs(self) -> int:
        """Return the number of jobs (grids)."""
        return int(self.cost.shape[1])


def read_gap(path: str | Path) -> GapInstance:
    """Read an OR-Library GAP file (``m n``, costs, loads, capacities; whitespace-separated)."""
    path = Path(path)
    numbers = np.array(path.read_text().split(), dtype=np.int64)
    m, n = int(numbers[0]), int(numbers[1])
    expected = 2 + 2 * m * n + m
    if numbers.size < expected:
        raise ValueError(f"{path}: expected {expected} numbers, found {numbers.size}")
    cost = numbers[2 : 2 + m * n].reshape(m, n)
    load = numbers[2 + m * n : 2 + 2 * m * n].reshape(m, n)
    capacity = numbers[2 + 2 * m * n : expected]
    return GapInstance(path.name, cost, load, capacity)


def gap_core(inst: GapInstance, maximize: bool = False, keep: np.ndarray | None = None) -> Core:
    """Return the shape-2 core of an instance: jobs are items, agents are bins with a hard capacity.

    ``keep`` (agents x jobs, boolean) limits the pairs; pair order is agent-major either way.
    """
    m, n = inst.agents, inst.jobs
    agent, job = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    mask = np.ones((m, n), dtype=bool) if keep is None else keep
    sign = -1 if maximize else 1
    return Core(
        n_items=n,
        n_bins=m,
        item=job[mask],
        bin=agent[mask],
        cost=sign * inst.cost[mask],
        load=inst.load[mask],
        bin_min=np.zeros(m, dtype=np.int64),
        bin_max=inst.capacity.copy(),
    )


def textbook_model(inst: GapInstance, maximize: bool = False) -> CoreModel:
    """Return the plain GAP model (binary x, one agent per job, capacity rows, linear objective)."""
    cm = build_core_model(gap_core(inst, maximize), name=inst.name)
    cm.model.minimize(core_objective(cm))
    return cm


@dataclass
class GapResult:
    """Result of one GAP solve, in the problem's own sense (profit when maximising)."""

    name: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    assignment: list[int] | None  # agent (0-based) per job

    def to_json(self) -> dict[str, object]:
        """Return the JSON form printed by ``python -m solver gap``."""
        return {
            "instance": self.name,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "seconds": round(self.seconds, 3),
            "assignment": self.assignment,
        }


def _phase(
    inst: GapInstance,
    maximize: bool,
    keep: np.ndarray,
    start_assign: np.ndarray,
    settings: SolveOptions,
    lower: float,
    on_progress: Callable[[Progress], None] | None,
    engine: Engine,
    cutoff: float | None = None,
) -> tuple[np.ndarray, float, float]:
    """Run CP-SAT on the kept pairs from a start; return (assignment, objective, bound).

    ``cutoff`` is a lower bound on every solution that uses a pair left out (the Lagrangian bound plus the
    least reduced cost left out); by default the kept pairs are all those that could beat the start.
    """
    n = inst.jobs
    sign = -1 if maximize else 1
    upper = float(sign * inst.cost[start_assign, np.arange(n)].sum())
    cm = build_core_model(gap_core(inst, maximize, keep), name=inst.name)
    cm.model.minimize(core_objective(cm))
    position = np.cumsum(keep.ravel()) - 1  # pair index of (agent, job) in agent-major order
    hint = position[start_assign * n + np.arange(n)]
    outcome = engine.solve(cm, settings, hint=hint, on_progress=on_progress, extra_bound=lower)
    if outcome.choice is None or outcome.objective is None:
        return start_assign, upper, lower
    # a solution on a left-out pair costs at least the cutoff (by default: the start, no better)
    cap_at = upper if cutoff is None else cutoff
    bound = (
        min(outcome.bound, cap_at) if outcome.status == "OPTIMAL" else max(lower, min(outcome.bound, cap_at))
    )
    if outcome.objective > upper:
        return start_assign, upper, bound
    return cm.core.bin[outcome.choice], outcome.objective, bound


def solve_gap(
    inst: GapInstance,
    maximize: bool = False,
    options: SolveOptions | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    engine: Engine | None = None,
    portfolio: bool = True,
) -> GapResult:
    """Solve a GAP instance: Lagrangian bound, heuristic, agent LNS beside CP-SAT, then CP-SAT to finish.

    Pairs whose Lagrangian reduced cost exceeds (best cost - bound) cannot be in any better solution, so they
    never become variables; the reported bound stays valid for the full instance. With
    ``options.deterministic`` the run repeats exactly: no heuristic stopped by the clock, no racing members,
    CP-SAT alone within a deterministic time limit.
    """
    options = options or SolveOptions(time_limit=60.0)
    engine = engine or Engine()
    start = time.monotonic()
    sign = -1 if maximize else 1
    cost = (sign * inst.cost).astype(np.float64)
    load = inst.load.astype(np.float64)
    cap = inst.capacity.astype(np.float64)
    idx = np.arange(inst.jobs)
    # heuristics on the clock and racing members are not repeatable: a deterministic run is CP-SAT's alone
    parallel = options.workers >= 2 and not options.deterministic
    lagrange, lam = lagrangian(cost, load, cap)
    lower = float(np.ceil(lagrange - 1e-6))
    rc = reduced_costs(cost, load, lam)
    best = gap_start(cost, load, cap, lam, min(10.0, 0.05 * options.time_limit))

    def left() -> float:
        return max(0.0, options.time_limit - (time.monotonic() - start))

    def keep_for(assign: np.ndarray) -> np.ndarray:
        keep = rc <= float(cost[assign, idx].sum()) - lower + 1e-6
        keep[assign, idx] = True
        return keep

    def kernel_for(assign: np.ndarray) -> tuple[np.ndarray, float]:
        keep, outside = kernel(rc, assign, KERNEL_PER_JOB)
        return keep, float(np.ceil(lagrange + outside - 1e-6))  # costs are integral

    if best is None:  # no feasible start: CP-SAT on every pair decides
        cm = textbook_model(inst, maximize)
        outcome = engine.solve(
            cm, SolveOptions(**{**options.__dict__, "time_limit": left()}), on_progress=on_progress
        )
        if outcome.choice is None or outcome.objective is None:
            return GapResult(inst.name, outcome.status, None, None, time.monotonic() - start, None)
        agents = [int(a) for a in cm.core.bin[outcome.choice]]
        return GapResult(
            inst.name,
            outcome.status,
            round(sign * outcome.objective),
            round(sign * outcome.bound),
            time.monotonic() - start,
            agents,
        )
    if (
        inst.agents * inst.jobs <= SMALL
        and float(cost[best, idx].sum()) > lower
        and not options.deterministic
    ):
        # a fraction of a second of tabu search usually reaches the optimum, leaving CP-SAT only the proof
        best = tabu_search(
            cost, load, cap, keep_for(best), best, min(0.15, 0.02 * options.time_limit), seed=options.seed
        )
    objective = float(cost[best, idx].sum())
    bound = lower
    settings = SolveOptions(**{**options.__dict__})
    if settings.linearization_level is None:
        settings.linearization_level = 2
    if inst.agents * inst.jobs <= SMALL:
        # measured on gap1-12: one worker proves these as fast as two and is far less hurt by a busy machine
        settings.workers = 1
    if objective > lower and inst.agents * inst.jobs > SMALL and parallel and portfolio:
        # a short tabu burst gives the members a better start
        best = tabu_search(cost, load, cap, keep_for(best), best, min(3.0, 0.03 * left()), seed=settings.seed)
        if inst.agents * inst.jobs <= MIP_FULL:
            best, objective, bound = _mip_portfolio(inst, cost, load, cap, best, lower, left, engine)
        else:
            best, objective, bound = _portfolio(
                inst, maximize, cost, load, cap, kernel_for, best, lower, settings, left, on_progress, engine
            )
        if on_progress is not None:
            on_progress(Progress(objective, bound, time.monotonic() - start))
    elif objective > lower and inst.agents * inst.jobs > SMALL and parallel:
        # phase 1: agent LNS in this thread, CP-SAT (one worker) on the kept pairs beside it
        span = 0.4 * left()
        keep = keep_for(best)
        first = best
        found: dict[str, tuple[np.ndarray, float, float]] = {}
        side = SolveOptions(**{**settings.__dict__, "time_limit": span, "workers": 1})
        worker = threading.Thread(
            target=lambda: found.update(
                cp=_phase(inst, maximize, keep, first, side, lower, on_progress, engine)
            )
        )
        worker.start()
        lns_best = tabu_search(
            cost, load, cap, keep, best, span, seed=options.seed, stop=engine.stop_event, restart=1000
        )
        worker.join()
        cp_assign, cp_obj, cp_bound = found["cp"]
        bound = max(bound, cp_bound)
        lns_obj = float(cost[lns_best, idx].sum())
        best, objective = (cp_assign, cp_obj) if cp_obj <= lns_obj else (lns_best, lns_obj)
        if on_progress is not None:
            on_progress(Progress(objective, bound, time.monotonic() - start))
        log.info("GAP %s phase 1: cp %.0f, lns %.0f, bound %.0f", inst.name, cp_obj, lns_obj, bound)
    if portfolio and inst.agents * inst.jobs > SMALL and parallel:
        pass  # the portfolio ran to the end
    elif objective > bound and not engine.stop_event.is_set() and inst.jobs >= LARGE and parallel:
        # large: CP-SAT on the full model stalls; re-solve small groups of agents instead, CP-SAT beside it
        span = left()
        keep = keep_for(best)
        first = best
        found2: dict[str, tuple[np.ndarray, float, float]] = {}
        side = SolveOptions(**{**settings.__dict__, "time_limit": span, "workers": 1})
        worker = threading.Thread(
            target=lambda: found2.update(
                cp=_phase(inst, maximize, keep, first, side, lower, on_progress, engine)
            )
        )
        worker.start()
        lns_best = agent_lns(cost, load, cap, keep, first, span, seed=options.seed, stop=engine.stop_event)
        worker.join()
        cp_assign, cp_obj, b2 = found2["cp"]
        lns_obj = float(cost[lns_best, idx].sum())
        best, objective = (cp_assign, cp_obj) if cp_obj <= lns_obj else (lns_best, lns_obj)
        bound = max(bound, b2)
        log.info("GAP %s phase 2: cp %.0f, lns %.0f", inst.name, cp_obj, lns_obj)
    elif objective > bound and not engine.stop_event.is_set():
        settings.time_limit = left()
        best, objective, b2 = _phase(
            inst, maximize, keep_for(best), best, settings, lower, on_progress, engine
        )
        bound = max(bound, b2)
    bound = min(bound, objective)
    status = "OPTIMAL" if bound >= objective else "FEASIBLE"
    return GapResult(
        inst.name,
        status,
        round(sign * objective),
        round(sign * bound),
        time.monotonic() - start,
        [int(a) for a in best],
    )


def kernel(rc: np.ndarray, assign: np.ndarray, per_job: float) -> tuple[np.ndarray, float]:
    """Return the pairs of least reduced cost (``per_job`` a job on average, plus the assignment's).

    One threshold for all jobs: a job whose agents are all nearly as cheap keeps them all, a job with one
    clearly best agent keeps that one. Also return the cutoff: the least reduced cost left out, so that any
    solution using a left-out pair costs at least the Lagrangian bound plus it.
    """
    m, n = rc.shape
    size = int(per_job * n)
    keep = np.ones(rc.shape, dtype=bool)
    if size < m * n:
        threshold = np.partition(rc.ravel(), size)[size]
        keep = rc < threshold
        keep[rc.argmin(axis=0), np.arange(n)] = True
    keep[assign, np.arange(n)] = True
    left_out = rc[~keep]
    return keep, float(left_out.min()) if left_out.size else float("inf")


class Incumbent:
    """The best assignment the members of a portfolio have found, shared between their threads."""

    def __init__(self, cost: np.ndarray, assign: np.ndarray) -> None:
        self._cost = cost
        self._lock = threading.Lock()
        self._assign = assign.copy()
        self._value = self.value_of(assign)

    def value_of(self, assign: np.ndarray) -> float:
        """Return the cost of an assignment."""
        return float(self._cost[assign, np.arange(assign.size)].sum())

    def offer(self, assign: np.ndarray) -> None:
        """Keep ``assign`` if it is better than the best so far."""
        value = self.value_of(assign)
        with self._lock:
            if value < self._value:
                self._assign, self._value = assign.copy(), value

    def best(self) -> np.ndarray:
        """Return (a copy of) the best assignment so far."""
        with self._lock:
            return self._assign.copy()

    @property
    def value(self) -> float:
        """Return the cost of the best assignment so far."""
        with self._lock:
            return self._value


def _mip_portfolio(
    inst: GapInstance,
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    best: np.ndarray,
    lower: float,
    left: Callable[[], float],
    engine: Engine,
) -> tuple[np.ndarray, float, float]:
    """Medium instances (every pair a variable): HiGHS on the whole model beside local branching.

    One thread runs HiGHS on every pair for ``PROOF_SHARE`` of the time (it proves C and E types of 20x200
    in 5-20 s); this thread runs local branching with HiGHS (measured on d20200, 55 s: 12275 and 12281
    against 12288-12342 for HiGHS alone). Both share the incumbent; when HiGHS has not proved optimality
    in its share, its thread branches locally too, with a wider neighbourhood. A proof stops both.
    """
    shared = Incumbent(cost, best)
    interrupter = SolveInterrupter()
    everything = np.ones(cost.shape, dtype=bool)
    outcomes: list[MipOutcome] = []

    def prove() -> None:
        out = highs_gap(
            cost, load, cap, everything, shared.best(), PROOF_SHARE * left(), interrupter=interrupter
        )
        outcomes.append(out)
        if out.assign is not None:
            shared.offer(out.assign)
        if out.proved:
            log.info("GAP %s: HiGHS proved %.0f; stopping local branching", inst.name, out.objective)
            interrupter.interrupt()
            return
        local_branching(
            cost,
            load,
            cap,
            everything,
            shared.best(),
            left(),
            radius=15,
            step=8.0,
            incumbent=shared.best,
            on_improve=shared.offer,
            interrupter=interrupter,
        )

    member = threading.Thread(target=prove, name="gap-highs")
    member.start()
    _interrupt_on_stop(engine, member, interrupter)
    local_branching(
        cost,
        load,
        cap,
        everything,
        best,
        left(),
        incumbent=shared.best,
        on_improve=shared.offer,
        interrupter=interrupter,
    )
    member.join()
    bound = lower
    for out in outcomes:
        bound = max(bound, out.bound)
        if out.proved and out.assign is not None:
            bound = max(bound, out.objective)
    log.info("GAP %s MIP portfolio: %.0f, bound %.0f", inst.name, shared.value, bound)
    return shared.best(), shared.value, bound


def _portfolio(
    inst: GapInstance,
    maximize: bool,
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    kernel_for: Callable[[np.ndarray], tuple[np.ndarray, float]],
    best: np.ndarray,
    lower: float,
    settings: SolveOptions,
    left: Callable[[], float],
    on_progress: Callable[[Progress], None] | None,
    engine: Engine,
) -> tuple[np.ndarray, float, float]:
    """Large instances (more pairs than ``MIP_FULL``): the reduced-cost kernel, then two MIP members on it.

    Stage 1: CP-SAT on the reduced-cost kernel (``kernel_for``: the pairs and the cutoff up to which a bound
    on them holds), alone on both cores for ``STAGE_ONE`` of the time (CP-SAT's LNS, which needs its second
    worker, is what finds good solutions of the D types). Stage 2, on the kernel around its incumbent, one
    member a core: HiGHS (in a thread: MathOpt releases the GIL), hinted, and local branching with HiGHS in
    this thread. Measured at 180 s, stage 2 by member: c801600 HiGHS 16301, local branching 16289;
    e801600 HiGHS 176879, local branching 176929 (CP-SAT going on with one worker instead of local
    branching: c801600 16303-16305). A HiGHS proof stops local branching; the bound is the best valid one.
    """
    interrupter = SolveInterrupter()
    keep, cutoff = kernel_for(best)
    side = SolveOptions(
        **{**settings.__dict__, "time_limit": STAGE_ONE * left(), "linearization_level": None}
    )
    mine, mine_obj, bound = _phase(inst, maximize, keep, best, side, lower, on_progress, engine, cutoff)
    log.info("GAP %s portfolio stage 1: kernel %.0f, bound %.0f", inst.name, mine_obj, bound)
    if mine_obj <= bound or engine.stop_event.is_set():
        return mine, mine_obj, bound
    keep, cutoff = kernel_for(mine)
    outcomes: list[MipOutcome] = []

    def run_highs() -> None:
        out = highs_gap(cost, load, cap, keep, mine, left(), interrupter=interrupter)
        outcomes.append(out)
        if out.proved:
            log.info(
                "GAP %s: HiGHS proved %.0f on the kernel; stopping local branching", inst.name, out.objective
            )
            interrupter.interrupt()

    member = threading.Thread(target=run_highs, name="gap-highs")
    member.start()
    _interrupt_on_stop(engine, member, interrupter)
    found = local_branching(cost, load, cap, keep, mine, left(), interrupter=interrupter)
    member.join()
    chosen, objective = found, float(cost[found, np.arange(found.size)].sum())
    log.info("GAP %s portfolio stage 2: local branching %.0f", inst.name, objective)
    for out in outcomes:
        # a bound on the kernel holds for the full instance up to the kernel's cutoff
        bound = max(bound, min(out.bound, cutoff))
        if out.assign is not None and out.objective < objective:
            chosen, objective = out.assign, out.objective
        if out.proved and out.assign is not None:
            bound = max(bound, min(out.objective, cutoff))
    return chosen, objective, bound


def _interrupt_on_stop(engine: Engine, member: threading.Thread, interrupter: SolveInterrupter) -> None:
    """Interrupt the HiGHS solves when the caller stops the engine, for as long as ``member`` runs."""

    def watch() -> None:
        while member.is_alive():
            if engine.stop_event.wait(0.1):
                interrupter.interrupt()
                return

    threading.Thread(target=watch, name="gap-watch", daemon=True).start()
