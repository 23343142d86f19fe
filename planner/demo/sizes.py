"""How big a demo bank is: named presets, and explicit counts for tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSize:
    """Counts of a demo bank; ``cm_share`` is CMs as a share of all staff in the latest year."""

    branches: int
    outlets: int
    territories: int
    managers: int
    candidates: int
    cm_share: float = 0.20

    def __post_init__(self) -> None:
        if not (0 < self.branches <= self.outlets <= self.territories):
            raise ValueError("need 0 < branches <= outlets <= territories")
        if self.managers < 1 or self.candidates < 0 or not 0 < self.cm_share < 1:
            raise ValueError("need at least one CM, no negative candidates and a share between 0 and 1")


SIZES = {
    # A typical county-level rural commercial bank: about 5,000 staff, a fifth of them CMs.
    "small": DemoSize(branches=12, outlets=60, territories=400, managers=1_000, candidates=600),
    # The largest banks the planner is built for; used by the page benchmark.
    "large": DemoSize(branches=200, outlets=1_000, territories=2_000, managers=10_000, candidates=5_000),
}


def resolve_size(size: str | DemoSize) -> DemoSize:
    """Return the preset named ``size``, or ``size`` itself when it is explicit."""
    if isinstance(size, DemoSize):
        return size
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"unknown demo size {size!r}; choose one of {', '.join(SIZES)}") from None
