"""Fast numpy heuristics for the capacitated core (shape 2 / GAP): regret greedy, then shift/swap descent.

The result only seeds CP-SAT (as a solution hint); CP-SAT proves or improves it.
"""

from __future__ import annotations

import logging
import time

import numpy as np

log = logging.getLogger(__name__)

BIG = 1e18


def regret_greedy(cost: np.ndarray, load: np.ndarray, cap: np.ndarray) -> np.ndarray | None:
    """Assign jobs in order of regret (second-best minus best feasible cost); None if it gets stuck."""
    m, n = cost.shape
    rem = cap.astype(np.float64).copy()
    assign = np.full(n, -1, dtype=np.int64)
    open_jobs = np.arange(n)
    cols = np.arange(m)
    while open_jobs.size:
        feas = load[:, open_jobs] <= rem[:, None]
        f = np.where(feas, cost[:, open_jobs], BIG)
        if m >= 2:
            two = np.partition(f, 1, axis=0)[:2]
            best, second = two[0], two[1]
        else:
            best = f[0]
            second = np.full_like(best, BIG)
        if np.any(best >= BIG):
            return None
        regret = np.where(second >= BIG, BIG, second - best)
        k = int(np.argmax(regret))
        j = int(open_jobs[k])
        i = int(cols[np.argmin(f[:, k])])
        assign[j] = i
        rem[i] -= load[i, j]
        open_jobs = np.delete(open_jobs, k)
    return assign


def descend(
    cost: np.ndarray, load: np.ndarray, cap: np.ndarray, assign: np.ndarray, time_limit: float = 5.0
) -> np.ndarray:
    """Improve a feasible assignment by best-improvement shifts and swaps until a local optimum."""
    m, n = cost.shape
    assign = assign.copy()
    idx = np.arange(n)
    used = np.zeros(m)
    np.add.at(used, assign, load[assign, idx])
    rem = cap - used
    start = time.monotonic()
    while time.monotonic() - start < time_limit:
        here = cost[assign, idx]
        # shift: move job j to agent i
        gain = cost - here[None, :]
        gain = np.where(load <= rem[:, None], gain, BIG)
        gain[assign, idx] = BIG
        p = int(np.argmin(gain))
        if gain.flat[p] < -1e-9:
            i, j = divmod(p, n)
            a = assign[j]
            rem[a] += load[a, j]
            rem[i] -= load[i, j]
            assign[j] = i
            continue
        # swap: j (on a) <-> k (on b); m_[j, k] = cost of j on k's agent
        cj_on_bk = cost[assign, :].T  # [j, k] = cost[assign[k], j]
        delta = cj_on_bk + cj_on_bk.T - here[:, None] - here[None, :]
        lj_on_bk = load[assign, :].T  # [j, k] = load[assign[k], j]
        own = load[assign, idx]
        # agent of k receives j and loses k; agent of j receives k and loses j
        ok_k = lj_on_bk <= (rem[assign] + own)[None, :]
        ok_j = (rem[assign] + own)[:, None] >= lj_on_bk.T
        same = assign[:, None] == assign[None, :]
        delta = np.where(ok_k & ok_j & ~same, delta, BIG)
        q = int(np.argmin(delta))
        if delta.flat[q] >= -1e-9:
            break
        j, k = divmod(q, n)
        a, b = assign[j], assign[k]
        rem[a] += load[a, j] - load[a, k]
        rem[b] += load[b, k] - load[b, j]
        assign[j], assign[k] = b, a
    return assign


def lagrangian(
    cost: np.ndarray, load: np.ndarray, cap: np.ndarray, iterations: int = 3000
) -> tuple[float, np.ndarray]:
    """Relax the capacities with multipliers (subgradient); return the best lower bound and multipliers.

    Each job then goes to the agent of least ``cost + lam * load``; the bound equals the LP bound at the
    optimum multipliers and the multipliers price capacity for the greedy and for reduced-cost filtering.
    """
    m, n = cost.shape
    idx = np.arange(n)
    lam = np.zeros(m)
    best, best_lam = -BIG, lam.copy()
    theta, stall = 2.0, 0
    for _ in range(iterations):
        adj = cost + lam[:, None] * load
        a = adj.argmin(axis=0)
        value = float(adj[a, idx].sum() - lam @ cap)
        if value > best + 1e-9:
            best, best_lam, stall = value, lam.copy(), 0
        else:
            stall += 1
            if stall >= 20:
                theta, stall = theta / 2, 0
                if theta < 1e-5:
                    break
        used = np.bincount(a, weights=load[a, idx], minlength=m)
        g = used - cap
        norm = float(g @ g)
        if norm == 0:
            break
        lam = np.maximum(0.0, lam + theta * 0.05 * max(1.0, abs(best)) / norm * g)
    return best, best_lam


def reduced_costs(cost: np.ndarray, load: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Return how much the Lagrangian bound rises if job j is forced onto agent i."""
    adj = cost + lam[:, None] * load
    return adj - adj.min(axis=0)[None, :]


def repair(cost: np.ndarray, load: np.ndarray, cap: np.ndarray, assign: np.ndarray) -> np.ndarray:
    """Shift jobs to remove capacity overflow, preferring cheap moves; may leave some overflow."""
    m, n = cost.shape
    idx = np.arange(n)
    assign = assign.copy()
    used = np.bincount(assign, weights=load[assign, idx], minlength=m)
    penalty = float(np.ptp(cost)) * 10 + 1
    for _ in range(20 * n):
        over = np.maximum(0.0, used - cap)
        if over.sum() <= 0:
            break
        here = cost[assign, idx]
        # overflow change when job j leaves its agent and joins agent i
        leave = np.maximum(0.0, used[assign] - load[assign, idx] - cap[assign]) - over[assign]
        join = np.maximum(0.0, used[:, None] + load - cap[:, None]) - over[:, None]
        delta = cost - here[None, :] + penalty * (join + leave[None, :])
        delta[assign, idx] = BIG
        p = int(np.argmin(delta))
        if delta.flat[p] >= -1e-9:
            break
        i, j = divmod(p, n)
        a = assign[j]
        used[a] -= load[a, j]
        used[i] += load[i, j]
        assign[j] = i
    return assign


def is_feasible(load: np.ndarray, cap: np.ndarray, assign: np.ndarray) -> bool:
    """Return True when every agent stays within capacity."""
    used = np.bincount(assign, weights=load[assign, np.arange(load.shape[1])], minlength=load.shape[0])
    return bool(np.all(used <= cap + 1e-9))


def gap_start(
    cost: np.ndarray, load: np.ndarray, cap: np.ndarray, lam: np.ndarray, time_limit: float = 5.0
) -> np.ndarray | None:
    """Return a good feasible assignment (agent per job), or None if none was found."""
    start = time.monotonic()
    n = cost.shape[1]
    idx = np.arange(n)
    best: np.ndarray | None = None
    best_cost = BIG
    adjusted = cost + lam[:, None] * load
    # Desirabilities after Martello and Toth's MTHG, led by the Lagrangian-priced cost.
    for f in (adjusted, cost, load / np.maximum(cap, 1)[:, None], cost * load):
        a = regret_greedy(f, load, cap)
        if a is None:
            a = repair(cost, load, cap, adjusted.argmin(axis=0) if f is adjusted else f.argmin(axis=0))
            if not is_feasible(load, cap, a):
                continue
        left = max(0.0, time_limit - (time.monotonic() - start))
        a = descend(cost, load, cap, a, time_limit=left)
        c = float(cost[a, idx].sum())
        if c < best_cost:
            best, best_cost = a, c
        if time.monotonic() - start > time_limit / 2:
            break
    log.info(
        "heuristic start: %s in %.2fs", best_cost if best is not None else None, time.monotonic() - start
    )
    return best
