"""How a caller follows a plan solve and stops it: a progress callback and a stop check, both optional.

The solve calls them between its steps (the strategies, each part of a plan solved part by part), never
inside one solver call, so a stop takes effect at the next part and a plan found before it is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STOPPED = "stopped"  # the status of a plan solve stopped on request before it had a plan


@dataclass
class PlanControl:
    """The caller's side of a plan solve: ``on_step(what, done, total)`` and ``should_stop()``."""

    on_step: Callable[[str, int, int], None] | None = None
    should_stop: Callable[[], bool] | None = None

    def report(self, what: str, done: int, total: int) -> None:
        """Tell the caller that ``done`` of ``total`` steps of ``what`` are finished."""
        if self.on_step is not None:
            self.on_step(what, done, total)

    def stopped(self) -> bool:
        """Say whether the caller asked the solve to stop."""
        return self.should_stop is not None and self.should_stop()


def report(control: PlanControl | None, what: str, done: int, total: int) -> None:
    """Report a step to ``control`` when there is one."""
    if control is not None:
        control.report(what, done, total)


def stopped(control: PlanControl | None) -> bool:
    """Say whether ``control`` asks the solve to stop (never without one)."""
    return control is not None and control.stopped()
