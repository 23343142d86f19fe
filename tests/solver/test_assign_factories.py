"""Hand-made scenarios shared by the assignment tests: two outlets 10 km apart, rules off unless asked."""

from __future__ import annotations

from pathlib import Path

from solver.assign.model import Grid, Manager, Problem, Rules, Territory, Unit


def gap_data() -> Path:
    """Return the folder of the OR-Library GAP instances shipped with the repository."""
    return Path(__file__).resolve().parents[2] / "bench" / "data" / "gap"


def quiet_rules(**on: object) -> Rules:
    """Return rules with every rule off except travel (1 per km) and those given."""
    base = dict(
        segment=False,
        grade=False,
        competency=False,
        senior=False,
        rotation=False,
        avoidance=False,
        continuity=False,
        travel=True,
        travel_weight=1.0,
        balance=False,
        candidates_per_manager=50,
        candidates_per_territory=50,
    )
    base.update(on)
    return Rules(**base)  # type: ignore[arg-type]


def two_outlets(**rules: object) -> Problem:
    """Return outlets U1 at (0, 0) with T1 and U2 at (10, 0) with T2, each needing one CM; no CMs yet."""
    return Problem(
        units=[Unit("U1", 0, 0), Unit("U2", 10, 0)],
        territories=[Territory("T1", "U1"), Territory("T2", "U2")],
        rules=quiet_rules(**rules),
    )


def cm(ident: str, x: float, **fields: object) -> Manager:
    """Return a retail junior CM living at (x, 0)."""
    return Manager(ident, home_x=x, home_y=0.0, **fields)  # type: ignore[arg-type]


def grid(ident: str, workload: int, x: float = 0.0) -> Grid:
    """Return a retail grid at (x, 0)."""
    return Grid(ident, workload, x, 0.0)
