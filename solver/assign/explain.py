"""Name the smallest set of hard rules that cannot all hold (CP-SAT assumptions, then deletion)."""

from __future__ import annotations

import logging

from ortools.sat.python import cp_model

from solver.assign.build import build
from solver.assign.model import Problem

log = logging.getLogger(__name__)


def _infeasible_with(problem: Problem, rules: list[str], time_limit: float) -> tuple[bool, list[str]]:
    """Return (proved infeasible, rules in CP-SAT's sufficient core) when only ``rules`` are enforced."""
    built = build(problem, explain=True)
    model = built.model.model
    enable = built.model.enable
    model.add_assumptions([enable[r] for r in rules if r in enable])
    for name, lit in enable.items():
        if name not in rules:
            model.add(lit == 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1  # assumptions cores are reported by the single-thread search
    # a conflict among enable literals is found by propagation; presolve, LP and probing only slow it down
    solver.parameters.cp_model_presolve = False
    solver.parameters.linearization_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return False, []
    lits = set(solver.sufficient_assumptions_for_infeasibility())
    return True, [r for r in rules if r in enable and enable[r].index in lits]


def conflicting_rules(problem: Problem, time_limit: float = 10.0) -> list[str]:
    """Return a minimal set of hard rules that together make the scenario infeasible (empty if none)."""
    rules = list(build(problem, explain=True).model.enable)
    infeasible, core = _infeasible_with(problem, rules, time_limit)
    if not infeasible:
        return []
    core = core or rules
    # deletion: drop each rule whose absence keeps the rest infeasible
    for name in list(core):
        trial = [r for r in core if r != name]
        still, _ = _infeasible_with(problem, trial, time_limit)
        if still:
            core = trial
    log.info("conflicting hard rules: %s", core)
    return core
