"""The GAP portfolio's members, each a named piece; every tuning parameter sits in :data:`TUNING`.

:func:`solver.assign.gap.solve_gap` computes the Lagrangian bound and a start, then hands a :class:`GapRun`
to one strategy made of these members:

- small instances (gap1-12): :func:`small_proof`, a fraction of a second of tabu search, then CP-SAT with
  one worker for the proof;
- medium instances, two cores: :func:`mip_portfolio`, HiGHS on every pair beside local branching;
- large instances, two cores: :func:`kernel_portfolio`, CP-SAT on the reduced-cost kernel, then HiGHS beside
  local branching on the kernel;
- without the portfolio: :func:`heuristic_beside_cpsat` (tabu search, then the agent LNS on large
  instances, each beside a one-worker CP-SAT) and :func:`cpsat_on_pairs` to finish.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.util.python.solve_interrupter import SolveInterrupter

from solver.assign.engine import Engine, Progress, SolveOptions, build_core_model, core_objective
from solver.assign.gap_instance import GapInstance, gap_core
from solver.assign.lns import agent_lns
from solver.assign.mip import MipOutcome, highs_gap, local_branching
from solver.assign.tabu import tabu_search

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tuning:
    """Every measured choice of the GAP strategy, in one place (see README.md, "How it solves")."""

    small: int = 1500  # pairs up to which one CP-SAT worker proves the optimum (gap1-12)
    mip_full: int = 10_000  # pairs up to which HiGHS and local branching work on every pair
    large: int = 400  # jobs from which, without the portfolio, the agent LNS runs
    kernel_per_job: float = 4  # pairs of least reduced cost a job keeps in the kernel (measured on D types)
    stage_one: float = 0.5  # share of the time the kernel runs alone on both cores
    proof_share: float = 0.5  # share of the time HiGHS tries to prove a medium instance
    start_share: float = 0.05  # share of the time (at most start_cap s) for the heuristic start
    start_cap: float = 10.0
    small_tabu_share: float = 0.02  # tabu search before a small proof: this share, at most small_tabu_cap s
    small_tabu_cap: float = 0.15
    burst_share: float = 0.03  # tabu burst before the portfolio: this share of what is left, at most 3 s
    burst_cap: float = 3.0
    phase_one_share: float = 0.4  # without the portfolio: tabu beside CP-SAT for this share of what is left
    linearization_level: int = 2  # CP-SAT's LP on the GAP rows


TUNING = Tuning()


@dataclass
class GapRun:
    """One solve's state: the instance as minimised arrays, the Lagrangian bound and prices, the clock."""

    inst: GapInstance
    maximize: bool
    cost: np.ndarray  # minimised: profits are negated
    load: np.ndarray
    cap: np.ndarray
    lagrange: float
    rc: np.ndarray  # Lagrangian reduced cost of each (agent, job)
    settings: SolveOptions
    engine: Engine
    on_progress: Callable[[Progress], None] | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def lower(self) -> float:
        """Return the Lagrangian bound rounded up (costs are integral)."""
        return float(np.ceil(self.lagrange - 1e-6))

    def left(self) -> float:
        """Return the seconds left of the time limit."""
        return max(0.0, self.settings.time_limit - (time.monotonic() - self.started))

    def value(self, assign: np.ndarray) -> float:
        """Return the cost of an assignment."""
        return float(self.cost[assign, np.arange(assign.size)].sum())

    def keep_for(self, assign: np.ndarray) -> np.ndarray:
        """Return the pairs that could be in an assignment cheaper than ``assign`` (and its own)."""
        keep = self.rc <= self.value(assign) - self.lower + 1e-6
        keep[assign, np.arange(assign.size)] = True
        return keep

    def kernel_for(self, assign: np.ndarray) -> tuple[np.ndarray, float]:
        """Return the reduced-cost kernel around ``assign`` and the cutoff its bound holds to."""
        keep, outside = kernel(self.rc, assign, TUNING.kernel_per_job)
        return keep, float(np.ceil(self.lagrange + outside - 1e-6))  # costs are integral

    def tabu(self, assign: np.ndarray, seconds: float, **kwargs: object) -> np.ndarray:
        """Run tabu search on the pairs that could improve ``assign``."""
        return tabu_search(
            self.cost,
            self.load,
            self.cap,
            self.keep_for(assign),
            assign,
            seconds,
            seed=self.settings.seed,
            **kwargs,  # type: ignore[arg-type]
        )


Found = tuple[np.ndarray, float, float]  # (assignment, its cost, a valid bound)


def cpsat_on_pairs(
    run: GapRun,
    keep: np.ndarray,
    start_assign: np.ndarray,
    settings: SolveOptions,
    cutoff: float | None = None,
) -> Found:
    """Run CP-SAT on the kept pairs from a start; return (assignment, objective, bound).

    ``cutoff`` is a lower bound on every solution that uses a pair left out (the Lagrangian bound plus the
    least reduced cost left out); by default the kept pairs are all those that could beat the start.
    """
    inst = run.inst
    n = inst.jobs
    upper = run.value(start_assign)
    cm = build_core_model(gap_core(inst, run.maximize, keep), name=inst.name)
    cm.model.minimize(core_objective(cm))
    position = np.cumsum(keep.ravel()) - 1  # pair index of (agent, job) in agent-major order
    hint = position[start_assign * n + np.arange(n)]
    outcome = run.engine.solve(cm, settings, hint=hint, on_progress=run.on_progress, extra_bound=run.lower)
    if outcome.choice is None or outcome.objective is None:
        return start_assign, upper, run.lower
    # a solution on a left-out pair costs at least the cutoff (by default: the start, no better)
    cap_at = upper if cutoff is None else cutoff
    bound = (
        min(outcome.bound, cap_at)
        if outcome.status == "OPTIMAL"
        else max(run.lower, min(outcome.bound, cap_at))
    )
    if outcome.objective > upper:
        return start_assign, upper, bound
    return cm.core.bin[outcome.choice], outcome.objective, bound


def small_proof(run: GapRun, best: np.ndarray) -> Found:
    """Small instances: a fraction of a second of tabu search, then one CP-SAT worker proves the optimum.

    Measured on gap1-12: one worker proves these as fast as two and is far less hurt by a busy machine.
    """
    if run.value(best) > run.lower and not run.settings.deterministic:
        seconds = min(TUNING.small_tabu_cap, TUNING.small_tabu_share * run.settings.time_limit)
        best = run.tabu(best, seconds)
    return cpsat_finish(run, best, workers=1)


def cpsat_finish(run: GapRun, best: np.ndarray, workers: int | None = None) -> Found:
    """CP-SAT on the pairs that could beat ``best``, for the time left."""
    if run.value(best) <= run.lower or run.engine.stop_event.is_set():
        return best, run.value(best), run.lower
    settings = SolveOptions(**{**run.settings.__dict__, "time_limit": run.left()})
    if workers is not None:
        settings.workers = workers
    return cpsat_on_pairs(run, run.keep_for(best), best, settings)


def heuristic_beside_cpsat(
    run: GapRun,
    best: np.ndarray,
    heuristic: Callable[[np.ndarray, np.ndarray, float], np.ndarray],
    span: float,
) -> Found:
    """Run ``heuristic(keep, start, seconds)`` here and a one-worker CP-SAT beside it; keep the better.

    Both work on the pairs that could beat the start; CP-SAT's bound is kept either way.
    """
    keep = run.keep_for(best)
    found: dict[str, Found] = {}
    side = SolveOptions(**{**run.settings.__dict__, "time_limit": span, "workers": 1})
    worker = threading.Thread(target=lambda: found.update(cp=cpsat_on_pairs(run, keep, best, side)))
    worker.start()
    own = heuristic(keep, best, span)
    worker.join()
    cp_assign, cp_obj, bound = found["cp"]
    own_obj = run.value(own)
    log.info("GAP %s: cp %.0f beside the heuristic's %.0f, bound %.0f", run.inst.name, cp_obj, own_obj, bound)
    chosen, objective = (cp_assign, cp_obj) if cp_obj <= own_obj else (own, own_obj)
    return chosen, objective, max(run.lower, bound)


def phases(run: GapRun, best: np.ndarray) -> Found:
    """Without the portfolio: tabu search beside CP-SAT, then the agent LNS (large) or CP-SAT to finish."""
    cost, load, cap, seed, stop = run.cost, run.load, run.cap, run.settings.seed, run.engine.stop_event
    best, objective, bound = heuristic_beside_cpsat(
        run,
        best,
        lambda keep, start, span: tabu_search(
            cost, load, cap, keep, start, span, seed=seed, stop=stop, restart=1000
        ),
        TUNING.phase_one_share * run.left(),
    )
    if objective <= bound or stop.is_set():
        return best, objective, bound
    if run.inst.jobs >= TUNING.large:
        # large: CP-SAT on the full model stalls; re-solve small groups of agents instead, CP-SAT beside it
        found = heuristic_beside_cpsat(
            run,
            best,
            lambda keep, start, span: agent_lns(cost, load, cap, keep, start, span, seed=seed, stop=stop),
            run.left(),
        )
    else:
        found = cpsat_finish(run, best)
    return found[0], found[1], max(bound, found[2])


def mip_portfolio(run: GapRun, best: np.ndarray) -> Found:
    """Medium instances (every pair a variable): HiGHS on the whole model beside local branching.

    One thread runs HiGHS on every pair for ``TUNING.proof_share`` of the time (it proves C and E types of
    20x200 in 5-20 s); this thread runs local branching with HiGHS (measured on d20200, 55 s: 12275 and 12281
    against 12288-12342 for HiGHS alone). Both share the incumbent; when HiGHS has not proved optimality
    in its share, its thread branches locally too, with a wider neighbourhood. A proof stops both.
    """
    inst, cost, load, cap, left, engine = run.inst, run.cost, run.load, run.cap, run.left, run.engine
    shared = Incumbent(cost, best)
    interrupter = SolveInterrupter()
    everything = np.ones(cost.shape, dtype=bool)
    outcomes: list[MipOutcome] = []

    def prove() -> None:
        out = highs_gap(
            cost, load, cap, everything, shared.best(), TUNING.proof_share * left(), interrupter=interrupter
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
    bound = run.lower
    for out in outcomes:
        bound = max(bound, out.bound)
        if out.proved and out.assign is not None:
            bound = max(bound, out.objective)
    log.info("GAP %s MIP portfolio: %.0f, bound %.0f", inst.name, shared.value, bound)
    return shared.best(), shared.value, bound


def kernel_portfolio(run: GapRun, best: np.ndarray) -> Found:
    """Large instances (more pairs than ``TUNING.mip_full``): the reduced-cost kernel, then two MIP members.

    Stage 1: CP-SAT on the reduced-cost kernel (``run.kernel_for``: the pairs and the cutoff up to which a
    bound on them holds), alone on both cores for ``TUNING.stage_one`` of the time (CP-SAT's LNS, which needs
    its second worker, is what finds good solutions of the D types). Stage 2, on the kernel around its
    incumbent, one member a core: HiGHS (in a thread: MathOpt releases the GIL), hinted, and local branching
    with HiGHS in this thread. Measured at 180 s, stage 2 by member: c801600 HiGHS 16301, local branching
    16289;
    e801600 HiGHS 176879, local branching 176929 (CP-SAT going on with one worker instead of local
    branching: c801600 16303-16305). A HiGHS proof stops local branching; the bound is the best valid one.
    """
    inst, cost, load, cap, left, engine = run.inst, run.cost, run.load, run.cap, run.left, run.engine
    interrupter = SolveInterrupter()
    keep, cutoff = run.kernel_for(best)
    side = SolveOptions(
        **{**run.settings.__dict__, "time_limit": TUNING.stage_one * left(), "linearization_level": None}
    )
    mine, mine_obj, bound = cpsat_on_pairs(run, keep, best, side, cutoff)
    log.info("GAP %s portfolio stage 1: kernel %.0f, bound %.0f", inst.name, mine_obj, bound)
    if mine_obj <= bound or engine.stop_event.is_set():
        return mine, mine_obj, bound
    keep, cutoff = run.kernel_for(mine)
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


def _interrupt_on_stop(engine: Engine, member: threading.Thread, interrupter: SolveInterrupter) -> None:
    """Interrupt the HiGHS solves when the caller stops the engine, for as long as ``member`` runs."""

    def watch() -> None:
        while member.is_alive():
            if engine.stop_event.wait(0.1):
                interrupter.interrupt()
                return

    threading.Thread(target=watch, name="gap-watch", daemon=True).start()
