"""Solve the parts of a shared-out coupled plan, each within its room, on every core.

Each part may use its share of every bank-wide row plus whatever the parts solved before it left unused
(the slack). The slack sits in shared memory behind a lock: a process starting a part takes its portion
(all of it with one process, half with two: taking all of it left the other process's parts without
experienced hires, 200 units gap 19%), and gives back what the part did not use as soon as the part is
solved. So the rooms handed out never add up to more than the rows' limits, whichever process solves
which part, and every bank-wide row holds for the whole plan. With one process this is the chain of parts
in their order (deterministic); with several, which part gets the slack depends on timing.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import queue
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


@dataclass
class Chain:
    """The parts, their shares of the bank-wide rows, and the slack and next part shared between processes."""

    problem: PlanProblem
    parts: list[list[str]]
    shares: list[Share]
    names: list[str]
    slack: Any  # multiprocessing Array of doubles, one per row in ``names``, with its lock
    next_part: Any  # multiprocessing Value: index of the next part to solve (len(parts) stops everyone)
    portion: float  # the part of the slack a process takes when it starts a part
    deadline: float
    explain: bool
    control: PlanControl | None = None  # followed by this process only (forked helpers get none)

    def start_part(self) -> tuple[int, Share]:
        """Claim the next part and a portion of the slack; return its index (past the end when done), room."""
        with self.slack.get_lock():
            index = self.next_part.value
            if index >= len(self.parts):
                return index, {}
            self.next_part.value = index + 1
            taken = [s * self.portion for s in self.slack[:]]
            self.slack[:] = [s - t for s, t in zip(self.slack[:], taken, strict=True)]
        share = self.shares[index]
        return index, {name: share.get(name, 0.0) + s for name, s in zip(self.names, taken, strict=True)}

    def give_back(self, unused: Share) -> None:
        """Return what a part left of its room to the slack."""
        with self.slack.get_lock():
            for i, name in enumerate(self.names):
                self.slack[i] += max(0.0, unused.get(name, 0.0))

    def stop(self) -> None:
        """Let no process start another part (one was not solved)."""
        with self.slack.get_lock():
            self.next_part.value = len(self.parts)


def solve_chain(
    problem: PlanProblem,
    parts: list[list[str]],
    shares: list[Share],
    slack: Share,
    deadline: float,
    explain: bool,
    workers: int | None = None,
    control: PlanControl | None = None,
) -> list[Solved] | None:
    """Solve every part within its share plus the slack left by earlier parts; None when one is not solved
    or ``control`` asked to stop (no process starts another part then).

    ``workers``: how many processes share the parts out (None: as many as the cores and the parts allow).
    """
    processes = part_workers(len(parts), workers)
    context = multiprocessing.get_context("fork" if processes > 1 else None)
    names = sorted(slack)
    chain = Chain(
        problem=problem,
        parts=parts,
        shares=shares,
        names=names,
        slack=context.Array("d", [slack[n] for n in names]),
        next_part=context.RawValue("i", 0),
        portion=1.0 / processes,
        deadline=deadline,
        explain=explain,
        control=control,
    )
    if processes == 1:
        found = _work(chain)
    else:
        # The other processes are forked, so they share the slack and the claimed-part counter with this one.
        results: Any = context.Queue()
        # A helper reports nothing (its callbacks would run in a forked copy of the caller) and stops when
        # this process stops the chain.
        alone = dataclasses.replace(chain, control=None)
        helpers = [context.Process(target=_help, args=(alone, results)) for _ in range(processes - 1)]
        for helper in helpers:
            helper.start()
        found = _work(chain)
        for _ in helpers:
            try:
                found.update(results.get(timeout=max(1.0, chain.deadline - time.monotonic() + 10.0)))
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


def _help(chain: Chain, results: Any) -> None:
    """Solve parts in a forked process and send them back."""
    results.put(_work(chain))


def _work(chain: Chain) -> dict[int, Solved | None]:
    """Solve parts until none is left; a part not solved stops every process."""
    found: dict[int, Solved | None] = {}
    while True:
        if stopped(chain.control):
            chain.stop()
            return found
        index, room = chain.start_part()
        if index >= len(chain.parts):
            return found
        solved = solve_part(
            chain.problem, chain.parts[index], room, chain.deadline, chain.explain, chain.control
        )
        found[index] = None if solved is None else solved[0]
        if solved is None:
            chain.stop()
            return found
        chain.give_back({name: room[name] - used for name, used in solved[0][1].items()})
        report(chain.control, "parts", len(found), len(chain.parts))


def solve_part(
    problem: PlanProblem,
    units: list[str],
    room: Share,
    deadline: float,
    explain: bool,
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
    activities = model.solver.ComputeConstraintActivities()
    used = {row.name(): activities[row.index()] for row in model.solver.constraints() if row.name() in rows}
    if explain:
        explain_part(model, result, rows, deadline)
    return (result, used), model


def explain_part(model: PlanModel, result: PlanResult, rows: set[str], deadline: float) -> None:
    """Explain a part's goals, leaving out the bank-wide rows (reported over the whole plan)."""
    explain_goals(model, result, deadline)
    result.goals = [g for g in result.goals if g.name not in rows]
    result.explanation = [
        line for line in result.explanation if not any(line.startswith(f"{n}:") for n in rows)
    ]
