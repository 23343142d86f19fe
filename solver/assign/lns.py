"""Large-neighbourhood search for the capacitated core: free a few agents (CMs), re-solve them with CP-SAT.

Each step picks a handful of related agents, frees every job (grid) they hold and re-optimises that small GAP
with the same core model and engine, the other agents' jobs staying put. Small neighbourhoods solve in a
fraction of a second, so many more of them run than CP-SAT's generic LNS manages on a large full model.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np

from solver.assign.engine import Core, Engine, SolveOptions, build_core_model, core_objective

log = logging.getLogger(__name__)


def _solve_group(
    cost: np.ndarray, load: np.ndarray, cap: np.ndarray, keep: np.ndarray, hint: np.ndarray, time_limit: float
) -> np.ndarray | None:
    """Solve a small GAP (agents x jobs) from a hint; return the agent of each job or None."""
    mask = keep.copy()
    mask[hint, np.arange(hint.size)] = True
    agent, job = np.nonzero(mask)
    core = Core(
        n_items=hint.size,
        n_bins=cost.shape[0],
        item=job,
        bin=agent,
        cost=cost[agent, job].astype(np.int64),
        load=load[agent, job].astype(np.int64),
        bin_min=np.zeros(cost.shape[0], dtype=np.int64),
        bin_max=cap.astype(np.int64),
    )
    cm = build_core_model(core, name="neighbourhood")
    cm.model.minimize(core_objective(cm))
    position = np.cumsum(mask.ravel()) - 1
    start = position[hint * hint.size + np.arange(hint.size)]
    outcome = Engine().solve(
        cm, SolveOptions(time_limit=time_limit, workers=1, linearization_level=1), hint=start
    )
    if outcome.choice is None:
        return None
    return agent[outcome.choice]


def agent_lns(
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    keep: np.ndarray,
    assign: np.ndarray,
    time_limit: float,
    seed: int = 0,
    stop: threading.Event | None = None,
    step_time: float = 0.15,
) -> np.ndarray:
    """Improve a feasible assignment by re-solving small groups of related agents; return the best found."""
    rng = np.random.default_rng(seed)
    m, n = cost.shape
    idx = np.arange(n)
    assign = assign.copy()
    size = min(m, 4)
    start = time.monotonic()
    steps = improved = 0
    # agents that share cheap alternatives for the same jobs tend to trade jobs
    affinity = keep.astype(np.float64) @ keep.T.astype(np.float64) + 1e-3
    np.fill_diagonal(affinity, 0.0)
    while time.monotonic() - start < time_limit and not (stop and stop.is_set()):
        first = int(rng.integers(m))
        weights = affinity[first] / affinity[first].sum()
        others = rng.choice(m, size=size - 1, replace=False, p=weights) if size > 1 else np.zeros(0, int)
        agents = np.array([first, *others.tolist()])
        jobs = np.nonzero(np.isin(assign, agents))[0]
        if jobs.size == 0:
            continue
        local = np.full(m, -1)
        local[agents] = np.arange(agents.size)
        budget = min(step_time, time_limit - (time.monotonic() - start))
        sub = _solve_group(
            cost[np.ix_(agents, jobs)],
            load[np.ix_(agents, jobs)],
            cap[agents],
            keep[np.ix_(agents, jobs)],
            local[assign[jobs]],
            budget,
        )
        steps += 1
        if sub is not None:
            new = agents[sub]
            if cost[new, jobs].sum() < cost[assign[jobs], jobs].sum() - 1e-9:
                assign[jobs] = new
                improved += 1
                size = min(size + 1, m, 8)
                continue
        size = max(3, size - 1) if rng.random() < 0.5 else min(size + 1, m, 8)
    log.info("LNS: %d steps, %d improving, cost %.0f", steps, improved, float(cost[assign, idx].sum()))
    return assign
