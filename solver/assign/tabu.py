"""Tabu search with adaptive capacity penalty for the capacitated core (after Díaz and Fernández, 2001).

Moves are shifts (a job to another agent) and swaps (two jobs trade agents); capacity overflow is allowed but
priced by a weight that rises while the search is infeasible and falls while it is feasible. Moves are limited
to the kept (reduced-cost-filtered) pairs. Plain numpy: each iteration prices all shifts and sampled swaps.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np

log = logging.getLogger(__name__)

BIG = 1e18


def tabu_search(
    cost: np.ndarray,
    load: np.ndarray,
    cap: np.ndarray,
    keep: np.ndarray,
    assign: np.ndarray,
    time_limit: float,
    seed: int = 0,
    stop: threading.Event | None = None,
    swap_rows: int = 200,
    factor: float = 1.1,
    restart: int = 0,
) -> np.ndarray:
    """Return the best feasible assignment found from a feasible start within the time limit."""
    rng = np.random.default_rng(seed)
    m, n = cost.shape
    idx = np.arange(n)
    assign = assign.copy()
    used = np.bincount(assign, weights=load[assign, idx], minlength=m)
    best = assign.copy()
    best_cost = float(cost[assign, idx].sum())
    current = best_cost
    allowed = np.where(keep, 0.0, BIG)
    alpha = max(1.0, float(np.ptp(cost)) / max(1.0, float(load.mean())))
    tabu = np.zeros((m, n), dtype=np.int64)  # iteration until which job j may not return to agent i
    start = time.monotonic()
    it = last = 0
    while time.monotonic() - start < time_limit and not (stop and stop.is_set()):
        it += 1
        over = np.maximum(0.0, used - cap)
        here = cost[assign, idx]
        a_used = used[assign]
        # shifts
        leave = np.maximum(0.0, a_used - load[assign, idx] - cap[assign]) - over[assign]
        join = np.maximum(0.0, used[:, None] + load - cap[:, None]) - over[:, None]
        d_cost = cost - here[None, :]
        shift = d_cost + alpha * (join + leave[None, :]) + allowed
        shift[assign, idx] = BIG
        feasible_after = (join + leave[None, :] + over.sum()) <= 1e-9
        aspire = feasible_after & (current + d_cost < best_cost - 1e-9)
        shift = np.where((tabu > it) & ~aspire, BIG, shift)
        p = int(np.argmin(shift))
        best_shift = float(shift.flat[p])
        # swaps on a sample of rows: j (on a) <-> k (on b)
        rows = idx if n <= swap_rows else rng.choice(n, swap_rows, replace=False)
        a, b = assign[rows], assign
        c_jb = cost[np.ix_(b, rows)].T  # [r, k] = cost[b_k, j_r]
        c_ka = cost[a][:, idx]  # [r, k] = cost[a_r, k]
        d_swap = c_jb + c_ka - here[rows][:, None] - here[None, :]
        new_a = used[a][:, None] - load[a, rows][:, None] + load[a][:, idx]
        new_b = used[b][None, :] - load[b, idx][None, :] + load[np.ix_(b, rows)].T
        d_over = (
            np.maximum(0.0, new_a - cap[a][:, None])
            - over[a][:, None]
            + np.maximum(0.0, new_b - cap[b][None, :])
            - over[b][None, :]
        )
        swap = d_swap + alpha * d_over + allowed[np.ix_(b, rows)].T + allowed[a][:, idx]
        swap = np.where((a[:, None] == b[None, :]), BIG, swap)
        swap_tabu = (it < tabu[np.ix_(b, rows)].T) | (tabu[a][:, idx] > it)
        swap_aspire = (d_over + over.sum() <= 1e-9) & (current + d_swap < best_cost - 1e-9)
        swap = np.where(swap_tabu & ~swap_aspire, BIG, swap)
        q = int(np.argmin(swap))
        best_swap = float(swap.flat[q])
        if min(best_shift, best_swap) >= BIG / 2:
            break
        tenure = int(rng.integers(5, 15)) + n // 100
        if best_shift <= best_swap:
            i, j = divmod(p, n)
            old = assign[j]
            used[old] -= load[old, j]
            used[i] += load[i, j]
            current += cost[i, j] - cost[old, j]
            assign[j] = i
            tabu[old, j] = it + tenure
        else:
            r, k = divmod(q, n)
            j = int(rows[r])
            aj, bk = assign[j], assign[k]
            used[aj] += load[aj, k] - load[aj, j]
            used[bk] += load[bk, j] - load[bk, k]
            current += cost[bk, j] + cost[aj, k] - cost[aj, j] - cost[bk, k]
            assign[j], assign[k] = bk, aj
            tabu[aj, j] = it + tenure
            tabu[bk, k] = it + tenure
        infeasible = bool(np.any(used > cap + 1e-9))
        alpha = alpha * factor if infeasible else alpha / factor
        if not infeasible and current < best_cost - 1e-9:
            best, best_cost, last = assign.copy(), current, it
        elif restart and it - last > restart:
            # intensify: return to the best solution with a fresh tabu list
            assign, current, last = best.copy(), best_cost, it
            used = np.bincount(assign, weights=load[assign, idx], minlength=m)
            tabu[:] = 0
    log.info("tabu: %d iterations, best %.0f", it, best_cost)
    return best
