"""Independent parts of a plan (no bank-wide row couples them): each solved alone, on every core, added up."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import time

from solver.plan.control import PlanControl, report, stopped
from solver.plan.decompose import subproblem
from solver.plan.merge import merge_results
from solver.plan.problem import PlanProblem
from solver.plan.result import PlanResult
from solver.plan.whole import explain_whole, solve_whole
from solver.plan.workers import part_workers

CHUNKS_PER_WORKER = 20  # parts are handed out in chunks, about this many per process


def solve_parts(
    problem: PlanProblem,
    parts: list[list[str]],
    deadline: float,
    explain: bool,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> PlanResult | None:
    """Solve each independent group of units alone and add the results up.

    Many parts are shared out over the machine's cores, or over ``workers`` processes (a process each,
    forked, so nothing is imported twice). Returns None when a part is not solved (infeasible or out of
    time): the whole problem is then solved as one model, which finds the conflict or reports the time limit
    for the plan as a whole.
    """
    problems = [subproblem(problem, units) for units in parts]
    processes = part_workers(len(problems), workers)
    if processes > 1:
        results = _solve_chunks_in_pool(problems, processes, deadline, explain, control)
    else:
        results = _solve_chunk(problems, deadline, explain, control)
    if any(r is None for r in results):
        return None
    return merge_results(problem, [r for r in results if r is not None])


def _solve_chunks_in_pool(
    problems: list[PlanProblem], workers: int, deadline: float, explain: bool, control: PlanControl | None
) -> list[PlanResult | None]:
    """Solve the parts in small chunks handed to whichever process is free (forked, so nothing is
    imported twice); a part not solved cancels the chunks not yet started.

    Parts differ a lot in difficulty (the bank's units: 0.02–0.8 s each of SCIP), so fixed shares can
    leave one core idle at the end; small chunks (a twentieth of a process's share) keep both busy.
    """
    size = max(1, len(problems) // (workers * CHUNKS_PER_WORKER))
    starts = range(0, len(problems), size)
    results: list[PlanResult | None] = [None] * len(problems)
    done = 0
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_solve_chunk, problems[start : start + size], deadline, explain): start
            for start in starts
        }
        for future in concurrent.futures.as_completed(futures):
            chunk = future.result()
            start = futures[future]
            results[start : start + len(chunk)] = chunk
            done += len(chunk)
            report(control, "parts", done, len(problems))
            if any(r is None for r in chunk) or stopped(control):
                for other in futures:
                    other.cancel()
                break
    return results


def _solve_chunk(
    problems: list[PlanProblem], deadline: float, explain: bool, control: PlanControl | None = None
) -> list[PlanResult | None]:
    """Solve parts one after the other; None for a part not solved or stopped (and for every part after)."""
    results: list[PlanResult | None] = []
    for part in problems:
        if stopped(control):
            return results + [None] * (len(problems) - len(results))
        time_limit = deadline - time.monotonic()
        model, result = solve_whole(part, relax=False, deadline=deadline, control=control)
        if model is None:
            return results + [None] * (len(problems) - len(results))
        if explain:
            explain_whole(part, model, result, deadline, time_limit)
        results.append(result)
        report(control, "parts", len(results), len(problems))
    return results
