"""Solve the parts of a shared-out coupled plan, each within its room, on every core, in waves.

Each part may use its share of every bank-wide row plus a portion of the slack: what the LP left unused and
what the parts solved before it did not use. The parts are solved in waves of one part per process (part
``w·P + p`` by process ``p``); each part of a wave takes an equal portion of the slack as it stood when the
wave began (all of it with one process, half with two: taking all of it left the other process's parts
without experienced hires, 200 units gap 19%), and when every process has ended the wave, the slack is
what the wave's parts left of their rooms. Every process adds those up in the same order, so the rooms
never add up to more than the rows' limits, every bank-wide row holds for the whole plan, and the plan is
the same whichever process is faster: a run is repeatable on any number of cores. (Before, a process took
its portion of the slack when it started a part, so which part got the slack depended on timing.)
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

from solver.plan.build import build_model
from solver.plan.control import PlanControl, report, stopped
from solver.plan.decompose import bank_wide_rows, subproblem
from solver.plan.explain import explain_goals
from solver.plan.model import PlanModel
from solver.plan.optimise import SOLVED, optimise_integer
from solver.plan.problem import PlanProblem
from solver.plan.readout import read_result
from solver.plan.result import PlanResult
from solver.plan.workers import part_workers

Share = dict[str, float]  # a value per bank-wide row, by row name
Solved = tuple[PlanResult, Share]  # a part's result and its activity on every bank-wide row
# A part stops within 0.1% of its optimum: the plan's gap is measured against the LP bound (1–4% here), so a
# tighter part gap buys nothing visible (200 units, weighted: 1e-4 26 s, 1e-3 14 s, gap 1.0625% → 1.0627%).
PART_GAP = 1e-3
# How long past the deadline a process waits for the others at the end of a wave before it gives up.
WAVE_GRACE = 10.0


@dataclass
class Chain:
    """The parts, their shares of the bank-wide rows, the slack to start from, and what the processes share:
    what each left unused in the last two waves and the barrier that ends a wave."""

    problem: PlanProblem
    parts: list[list[str]]
    shares: list[Share]
    names: list[str]
    slack: list[float]  # the slack before the first wave, one value per row in ``names``
    processes: int
    unused: Any  # shared doubles [wave % 2][process][row]: two buffers, so one wave's reads and the next
    # wave's writes never meet
    barrier: Any  # the processes meet here at the end of every wave; broken, every process stops
    deadline: float
    prices: dict[str, float] | None  # every goal's price in the whole plan's LP (None: no explanations)
    control: PlanControl | None = None  # followed by this process only (forked helpers get none)

    def room(self, index: int, slack: list[float], wave_size: int) -> Share:
        """Return part ``index``'s room: its share plus its portion of the wave's slack."""
        share = self.shares[index]
        return {name: share.get(name, 0.0) + s / wave_size for name, s in zip(self.names, slack, strict=True)}

    def leave(self, wave: int, process: int, unused: list[float]) -> None:
        """Record what ``process``'s part of ``wave`` left of its room (zeros when it had no part)."""
        at = (wave % 2 * self.processes + process) * len(self.names)
        self.unused[at : at + len(self.names)] = unused

    def slack_after(self, wave: int) -> list[float]:
        """Return the slack after ``wave``: what its parts left, added up in process order."""
        rows = len(self.names)
        base = wave % 2 * self.processes * rows
        return [sum(self.unused[base + p * rows + i] for p in range(self.processes)) for i in range(rows)]

    def end_wave(self) -> bool:
        """Wait for every process to end the wave; False when the chain was stopped or a process is gone."""
        try:
            self.barrier.wait(timeout=max(1.0, self.deadline - time.monotonic() + WAVE_GRACE))
        except threading.BrokenBarrierError:
            return False
        return True

    def stop(self) -> None:
        """Let every process stop at the end of its wave (a part was not solved, or stop was asked)."""
        self.barrier.abort()


def solve_chain(
    problem: PlanProblem,
    parts: list[list[str]],
    shares: list[Share],
    slack: Share,
    deadline: float,
    prices: dict[str, float] | None,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> list[Solved] | None:
    """Solve every part within its share plus its portion of the slack left by earlier waves; None when one
    is not solved or ``control`` asked to stop (no process starts another part then).

    ``workers``: how many processes share the parts out (None: as many as the cores and the parts allow).
    ``prices``: the whole plan's LP prices of the goals, which the parts' explanations give (None: the
    parts are not explained).
    """
    processes = part_workers(len(parts), workers)
    context = multiprocessing.get_context("fork" if processes > 1 else None)
    names = sorted(slack)
    chain = Chain(
        problem=problem,
        parts=parts,
        shares=shares,
        names=names,
        slack=[slack[n] for n in names],
        processes=processes,
        unused=context.RawArray("d", 2 * processes * len(names)),
        barrier=context.Barrier(processes),
        deadline=deadline,
        prices=prices,
        control=control,
    )
    if processes == 1:
        found = _work(chain, 0)
    else:
        # The other processes are forked, so they share the unused rooms and the barrier with this one.
        results: Any = context.Queue()
        # A helper reports nothing (its callbacks would run in a forked copy of the caller) and stops when
        # this process stops the chain.
        alone = dataclasses.replace(chain, control=None)
        helpers = [context.Process(target=_help, args=(alone, p, results)) for p in range(1, processes)]
        for helper in helpers:
            helper.start()
        found = _work(chain, 0)
        for _ in helpers:
            try:
                found.update(results.get(timeout=max(1.0, chain.deadline - time.monotonic() + WAVE_GRACE)))
            except queue.Empty:  # a helper died: its parts are missing, so the chain is not solved
                chain.stop()
        for helper in helpers:
            helper.join(timeout=5.0)
            if helper.is_alive():  # stuck past the deadline: its parts are already counted as missing
                helper.terminate()
    solved = [found.get(i) for i in range(len(parts))]
    if any(s is None for s in solved):
        return None
    return [s for s in solved if s is not None]


def _help(chain: Chain, process: int, results: Any) -> None:
    """Solve parts in a forked process and send them back."""
    results.put(_work(chain, process))


def _work(chain: Chain, process: int) -> dict[int, Solved | None]:
    """Solve this process's part of every wave; a part not solved, or a stop, stops every process."""
    found: dict[int, Solved | None] = {}
    slack = chain.slack
    for wave, first in enumerate(range(0, len(chain.parts), chain.processes)):
        if stopped(chain.control):
            chain.stop()
            return found
        size = min(chain.processes, len(chain.parts) - first)
        unused = [0.0] * len(chain.names)
        index = first + process
        if process < size:
            room = chain.room(index, slack, size)
            solved = solve_part(
                chain.problem,
                chain.parts[index],
                room,
                chain.deadline,
                chain.prices,
                chain.control,
            )
            found[index] = None if solved is None else solved[0]
            if solved is None:
                chain.stop()
                return found
            used = solved[0][1]
            unused = [max(0.0, room[name] - used.get(name, 0.0)) for name in chain.names]
        chain.leave(wave, process, unused)
        if not chain.end_wave():
            return found
        slack = chain.slack_after(wave)
        report(chain.control, "parts", min(first + size, len(chain.parts)), len(chain.parts))
    return found


def solve_part(
    problem: PlanProblem,
    units: list[str],
    room: Share,
    deadline: float,
    prices: dict[str, float] | None,
    control: PlanControl | None = None,
) -> tuple[Solved, PlanModel] | None:
    """Solve one part as an integer model within its room on every bank-wide row; return it and its model."""
    rows = bank_wide_rows(problem)

    def build() -> PlanModel:
        model = build_model(subproblem(problem, units, bank_wide_goals=True), relax=False)
        model.mip_gap = PART_GAP
        for row in model.solver.constraints():
            if row.name() in rows:
                row.SetUb(room.get(row.name(), 0.0) + 1e-7)
        return model

    model, status, levels = optimise_integer(build, deadline, control)
    if status not in SOLVED:
        return None
    result = read_result(model, status, levels)
    activities = model.activities()
    used = {row.name(): activities[row.index()] for row in model.solver.constraints() if row.name() in rows}
    if prices is not None:
        explain_part(model, result, rows, deadline, prices)
    return (result, used), model


def explain_part(
    model: PlanModel,
    result: PlanResult,
    rows: set[str],
    deadline: float,
    prices: dict[str, float] | None = None,
) -> None:
    """Explain a part's goals, leaving out the bank-wide rows (reported over the whole plan).

    ``prices``: the whole plan's LP prices. A part's own LP prices its goals within its room on the
    bank-wide rows, which can say the opposite of the whole plan: a unit's missed target priced −0.50 in
    its part's LP, +1,000,000 (the shortfall penalty) in the whole plan's (the small demo bank).
    """
    explain_goals(model, result, deadline, prices)
    result.goals = [g for g in result.goals if g.name not in rows]
    result.explanation = [
        line for line in result.explanation if not any(line.startswith(f"{n}:") for n in rows)
    ]
