"""Solve OR-Library generalized assignment instances (shape 2 with hard capacities) through the same engine.

:func:`solve_gap` computes the Lagrangian bound and a heuristic start, then runs one strategy made of the
named members of :mod:`solver.assign.gap_members` (their parameters are ``gap_members.TUNING``). Pairs whose
Lagrangian reduced cost exceeds (best cost - bound) cannot be in any better solution, so they never become
variables; the reported bound stays valid for the full instance.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np

from solver.assign.engine import Engine, Progress, SolveOptions
from solver.assign.gap_instance import GapInstance, GapResult, gap_core, read_gap, textbook_model
from solver.assign.gap_members import (
    TUNING,
    GapRun,
    cpsat_finish,
    kernel_portfolio,
    mip_portfolio,
    phases,
    small_proof,
)
from solver.assign.heuristic import gap_start, lagrangian, reduced_costs

log = logging.getLogger(__name__)

__all__ = ["GapInstance", "GapResult", "gap_core", "read_gap", "solve_gap", "textbook_model"]


def solve_gap(
    inst: GapInstance,
    maximize: bool = False,
    options: SolveOptions | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    engine: Engine | None = None,
    portfolio: bool = True,
) -> GapResult:
    """Solve a GAP instance: Lagrangian bound and start, then the strategy for its size and the cores.

    - small (``TUNING.small`` pairs or fewer): :func:`~solver.assign.gap_members.small_proof`;
    - two cores and ``portfolio``: :func:`~solver.assign.gap_members.mip_portfolio` up to
      ``TUNING.mip_full`` pairs, else :func:`~solver.assign.gap_members.kernel_portfolio`, after a tabu burst;
    - two cores without ``portfolio``: :func:`~solver.assign.gap_members.phases`;
    - one worker or ``options.deterministic``: CP-SAT alone (no heuristic stopped by the clock, no racing
      members, so a deterministic run repeats exactly within its deterministic time limit).
    """
    options = options or SolveOptions(time_limit=60.0)
    engine = engine or Engine()
    start = time.monotonic()
    sign = -1 if maximize else 1
    cost = (sign * inst.cost).astype(np.float64)
    load = inst.load.astype(np.float64)
    cap = inst.capacity.astype(np.float64)
    lagrange, lam = lagrangian(cost, load, cap)
    settings = SolveOptions(**{**options.__dict__})
    if settings.linearization_level is None:
        settings.linearization_level = TUNING.linearization_level
    run = GapRun(
        inst,
        maximize,
        cost,
        load,
        cap,
        lagrange,
        reduced_costs(cost, load, lam),
        settings,
        engine,
        on_progress,
    )
    run.started = start
    best = gap_start(cost, load, cap, lam, min(TUNING.start_cap, TUNING.start_share * options.time_limit))
    if best is None:
        return _every_pair(run)
    size = inst.agents * inst.jobs
    parallel = options.workers >= 2 and not options.deterministic
    if run.value(best) <= run.lower:
        found = best, run.value(best), run.lower
    elif size <= TUNING.small:
        found = small_proof(run, best)
    elif parallel and portfolio:
        burst = min(TUNING.burst_cap, TUNING.burst_share * run.left())
        best = run.tabu(best, burst)  # a better start for both members
        member = mip_portfolio if size <= TUNING.mip_full else kernel_portfolio
        found = member(run, best)
        if on_progress is not None:
            on_progress(Progress(found[1], found[2], time.monotonic() - start))
    elif parallel:
        found = phases(run, best)
    else:
        found = cpsat_finish(run, best)
    best, objective, bound = found
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


def _every_pair(run: GapRun) -> GapResult:
    """Without a feasible start, CP-SAT on every pair decides (it may prove the instance infeasible)."""
    inst, sign = run.inst, -1 if run.maximize else 1
    cm = textbook_model(inst, run.maximize)
    settings = SolveOptions(**{**run.settings.__dict__, "time_limit": run.left()})
    outcome = run.engine.solve(cm, settings, on_progress=run.on_progress)
    seconds = time.monotonic() - run.started
    if outcome.choice is None or outcome.objective is None:
        return GapResult(inst.name, outcome.status, None, None, seconds, None)
    agents = [int(a) for a in cm.core.bin[outcome.choice]]
    return GapResult(
        inst.name,
        outcome.status,
        round(sign * outcome.objective),
        round(sign * outcome.bound),
        seconds,
        agents,
    )
