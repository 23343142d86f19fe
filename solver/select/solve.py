"""Take the named decisions of a year: exits first, then promotions among those staying, then hiring."""

from __future__ import annotations

import logging

from solver.select.agreement import check_agreement
from solver.select.exits import select_exits
from solver.select.hiring import select_hires
from solver.select.models import SelectionProblem
from solver.select.promotions import select_promotions
from solver.select.results import SelectionResult

log = logging.getLogger(__name__)


def select(problem: SelectionProblem, time_limit: float = 10.0, check: bool = True) -> SelectionResult:
    """Return the named hires, exits and promotions with their reasons, and any mismatch with the counts."""
    result = SelectionResult(status="optimal")
    select_exits(problem, result)
    select_promotions(problem, result)
    if problem.openings or problem.candidates:
        # Without openings every candidate is still told why: the gate that stopped them, or no opening.
        select_hires(problem, result, time_limit)
    if check and problem.exit_counts is not None:
        result.agreement = check_agreement(problem, result)
    log.info(
        "selection: %d hires, %d exits, %d promotions",
        len(result.hires),
        len(result.exits),
        len(result.promotions),
    )
    return result
