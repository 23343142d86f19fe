"""Records of hand-built banks for the planning tests: a CM, a territory, a candidate, one-year parameters.

Each builder gives a plain record of the small banks these tests work out by hand; a test names only what
matters to it (``manager(1, "M1", age=30.0)``) and the rest is the ordinary CM, territory or candidate.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from planner.enums import ManagerStatus
from planner.scenarios.bank import CandidateRecord, ManagerRecord, TerritoryRecord
from planner.scenarios.parameters import default_parameters, validate_parameters

GRADES = ["g0", "g1"]


class Quiet:
    """A reporter that keeps only the progress messages and never asks to stop."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.messages: list[str] = []

    @property
    def stop(self) -> threading.Event:
        return self._stop

    def stage(self, name: str) -> None:
        pass

    def progress(self, stage, objective, bound, gap, message=""):  # type: ignore[no-untyped-def]
        self.messages.append(message)


def manager(i: int, code: str, **changes: Any) -> ManagerRecord:
    """Return an active retail CM of grade g0 in branch BX, aged 40, five years a CM, scored 70."""
    record = ManagerRecord(
        id=i,
        code=code,
        branch="BX",
        outlet="OX",
        grade="g0",
        segment="retail",
        status=ManagerStatus.ACTIVE,
        age=40.0,
        bachelor=True,
        mid_title=False,
        years_as_cm=5.0,
        years_in_grade=5.0,
        months_since_promotion=None,
        performance=70.0,
        competency=3.0,
        competencies={},
        home_x=0.0,
        home_y=0.0,
        territory=None,
        years_in_territory=0.0,
    )
    return dataclasses.replace(record, **changes)


def territory(i: int, code: str, branch: str, need: int) -> TerritoryRecord:
    """Return a retail territory of ``branch`` needing ``need`` CMs, with no grade or competency minimum."""
    return TerritoryRecord(
        id=i,
        code=code,
        outlet=f"O{branch[-1]}",
        branch=branch,
        segment="retail",
        need=need,
        min_grade=None,
        competency_min={},
        x=0.0,
        y=0.0,
    )


def candidate(i: int, reference: str, **changes: Any) -> CandidateRecord:
    """Return an experienced-hire candidate with a bachelor's degree, aged 27, who passed every gate."""
    record = CandidateRecord(
        id=i,
        reference=reference,
        channel="experienced",
        written=80.0,
        interview=80.0,
        education="本科",
        bachelor=True,
        age=27.0,
        preferences=["BX"],
        failed_gate=None,
        gate_reason="",
    )
    return dataclasses.replace(record, **changes)


def one_year_parameters(**changes: Any) -> dict:
    """Return validated parameters of one plan year: the need as target, 0–1 exit, no promotion."""
    raw = {
        **default_parameters(),
        "years": 1,
        "target_kind": "workload",
        "target_values": [0.0],
        "exit_min": 0,
        "exit_max": 1,
        "promotions_enabled": False,
        "time_limit": 20.0,
        **changes,
    }
    return validate_parameters(raw, GRADES)
