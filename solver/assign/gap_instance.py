"""OR-Library generalized assignment instances: reading them and their model as the engine's core.

A GAP agent is a CM with a capacity; a GAP job is a grid that uses part of that capacity. The instance becomes
a dense :class:`~solver.assign.engine.Core` (every job may go to every agent), exactly like a product grid
problem; :mod:`solver.assign.gap` solves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from solver.assign.engine import Core, CoreModel, build_core_model, core_objective


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
