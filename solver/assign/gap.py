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
from solver.assign.mip import MipOutcome, highs_gap
from solver.assign.tabu import tabu_search

log = logging.getLogger(__name__)

SMALL = 1500  # pairs up to which one CP-SAT run suffices
MIP_FULL = 10_000  # pairs up to which the HiGHS member gets every pair (measured: proves e20200 faster)
LARGE = 400  # jobs from which the final phase re-solves groups of agents instead of the full model


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
) -> tuple[np.ndarray, float, float]:
    """Run CP-SAT on the kept pairs from a start; return (assignment, objective, bound)."""
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
    # filtered pairs only hold solutions worse than the start, so a proof on the kept pairs caps at it
    bound = (
        min(outcome.bound, upper) if outcome.status == "OPTIMAL" else max(lower, min(outcome.bound, upper))
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
    never become variables; the reported bound stays valid for the full instance.
    """
    options = options or SolveOptions(time_limit=60.0)
    engine = engine or Engine()
    start = time.monotonic()
    sign = -1 if maximize else 1
    cost = (sign * inst.cost).astype(np.float64)
    load = inst.load.astype(np.float64)
    cap = inst.capacity.astype(np.float64)
    idx = np.arange(inst.jobs)
    lower, lam = lagrangian(cost, load, cap)
    lower = float(np.ceil(lower - 1e-6))
    rc = reduced_costs(cost, load, lam)
    best = gap_start(cost, load, cap, lam, min(10.0, 0.05 * options.time_limit))

    def left() -> float:
        return max(0.0, options.time_limit - (time.monotonic() - start))

    def keep_for(assign: np.ndarray) -> np.ndarray:
        keep = rc <= float(cost[assign, idx].sum()) - lower + 1e-6
        keep[assign, idx] = True
        return keep

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
    if inst.agents * inst.jobs <= SMALL and float(cost[best, idx].sum()) > lower:
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
    if objective > lower and inst.agents * inst.jobs > SMALL and options.workers >= 2 and portfolio:
        best, objective, bound = _portfolio(
            inst, maximize, cost, load, cap, keep_for, best, lower, settings, left, on_progress, engine, start
        )
    elif objective > lower and inst.agents * inst.jobs > SMALL and options.workers >= 2:
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
    if portfolio and inst.agents * inst.jobs > SMALL and options.workers >= 2:
        pass  # the portfolio ran to the end
    elif objective > bound and not engine.stop_event.is_set() and inst.jobs >= LARGE and options.workers >= 2:
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


def _portfolio(
    inst: GapInstance,
    maximize: bool,
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    keep_for: Callable[[np.ndarray], np.ndarray],
    best: np.ndarray,
    lower: float,
    settings: SolveOptions,
    left: Callable[[], float],
    on_progress: Callable[[Progress], None] | None,
    engine: Engine,
    start: float,
) -> tuple[np.ndarray, float, float]:
    """Run two members on the two cores and return (assignment, objective, bound) of the better one.

    Member 1: HiGHS (MathOpt, in a thread: it releases the GIL) on every pair (up to ``MIP_FULL`` pairs) or
    on the pairs kept for the incumbent, hinted with it. Member 2 (this thread): tabu search, then CP-SAT
    with one worker (below ``LARGE`` jobs) or the agent LNS. From ``LARGE`` jobs both stop after the tabu
    span, exchange the incumbent, and HiGHS restarts from the better one on the re-filtered pairs while the
    LNS continues from it. Whichever proves optimality first stops the other; the bound is the best of both.
    """
    idx = np.arange(inst.jobs)
    done = threading.Event()
    interrupter = SolveInterrupter()
    inner = Engine(stop_event=done)
    # a short tabu burst gives HiGHS a better hint and a tighter pair filter
    best = tabu_search(cost, load, cap, keep_for(best), best, min(3.0, 0.03 * left()), seed=settings.seed)
    full = inst.agents * inst.jobs <= MIP_FULL
    large = inst.jobs >= LARGE
    outcomes: list[tuple[MipOutcome, float]] = []  # outcome, bound cap (the filter's incumbent or +inf)

    def run_highs(hint: np.ndarray, limit: float, whole: bool) -> None:
        keep_m = np.ones(cost.shape, dtype=bool) if whole else keep_for(hint)
        cap_m = float("inf") if whole else float(cost[hint, idx].sum())
        out = highs_gap(cost, load, cap, keep_m, hint, limit, interrupter=interrupter)
        outcomes.append((out, cap_m))
        if out.proved:
            log.info("GAP %s: HiGHS proved %.0f; stopping the other member", inst.name, out.objective)
            done.set()
            inner.stop()

    def watch() -> None:
        while not done.wait(0.1):
            if engine.stop_event.is_set():
                done.set()
                inner.stop()
                interrupter.interrupt()
                return

    span = 0.4 * left()
    first = best
    member = threading.Thread(
        target=run_highs, args=(first, span if large else left(), full), name="gap-highs"
    )
    watcher = threading.Thread(target=watch, name="gap-watch", daemon=True)
    member.start()
    watcher.start()
    mine = tabu_search(
        cost, load, cap, keep_for(best), best, span, seed=settings.seed, stop=done, restart=1000
    )
    mine_obj = float(cost[mine, idx].sum())
    bound = lower
    if large and not done.is_set():
        member.join()
        stage = outcomes[-1][0] if outcomes else None
        if stage is not None and stage.assign is not None and stage.objective < mine_obj:
            mine, mine_obj = stage.assign, stage.objective
        log.info("GAP %s portfolio stage 1: shared incumbent %.0f", inst.name, mine_obj)
        if not done.is_set() and mine_obj > lower:
            shared = mine
            member = threading.Thread(target=run_highs, args=(shared, left(), False), name="gap-highs-2")
            member.start()
    if mine_obj > lower and not done.is_set():
        if large:
            mine = agent_lns(cost, load, cap, keep_for(mine), mine, left(), seed=settings.seed, stop=done)
            mine_obj = float(cost[mine, idx].sum())
        else:
            side = SolveOptions(**{**settings.__dict__, "time_limit": left(), "workers": 1})
            mine, mine_obj, b2 = _phase(inst, maximize, keep_for(mine), mine, side, lower, on_progress, inner)
            bound = max(bound, b2)
    if mine_obj <= bound or mine_obj <= lower:
        interrupter.interrupt()  # member 2 proved it
    else:
        # HiGHS ends by its own time limit; only interrupt it if it overruns
        member.join(timeout=left() + 1.0)
        interrupter.interrupt()
    member.join()
    done.set()
    watcher.join()
    objective, chosen = mine_obj, mine
    for mip, cap_m in outcomes:
        # a bound on kept pairs holds for the full instance up to the incumbent that filtered them
        bound = max(bound, min(mip.bound, cap_m))
        if mip.assign is not None and mip.objective < objective:
            objective, chosen = mip.objective, mip.assign
        if mip.proved and mip.assign is not None:
            bound = max(bound, min(mip.objective, cap_m))
    log.info(
        "GAP %s portfolio: own %.0f, HiGHS %s, bound %.0f",
        inst.name,
        mine_obj,
        [f"{m.objective:.0f} ({m.bound:.1f})" for m, _ in outcomes],
        bound,
    )
    if on_progress is not None:
        on_progress(Progress(objective, bound, time.monotonic() - start))
    return chosen, objective, bound
