"""A small hand-built bank whose solver inputs are worked out by hand in the tests.

Two branches (BA, BB), one outlet each, three territories, a ladder of three grades with codes of its own
(l0 < l1 < l2, so a test can tell the bank's ladder from the solver's default), six CMs and five candidates,
each candidate stopped by a different gate except C1. The reference day is 2026-11-23.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planner.enums import CandidateChannel, Education, ManagerStatus, Segment
from planner.people.models import Manager
from planner.settings.models import Grade
from tests import factories

TODAY = dt.date(2026, 11, 23)


@dataclass
class SmallBank:
    """Handles on the rows a test refers to."""

    grades: dict[str, Grade]
    managers: dict[str, Manager]
    planner_user: object


def build_small_bank(session: Session) -> SmallBank:
    """Create the hand-built bank (see the module docstring) and commit it."""
    bank = factories.BankFactory(code="BANK", latitude=30.0, longitude=114.0)
    ba = factories.BranchFactory(code="BA", parent=bank, latitude=30.0, longitude=114.0)
    bb = factories.BranchFactory(code="BB", parent=bank, latitude=30.1, longitude=114.0)
    oa = factories.OutletFactory(code="OA", parent=ba, latitude=30.0, longitude=114.0)
    ob = factories.OutletFactory(code="OB", parent=bb, latitude=30.1, longitude=114.0)
    factories.StaffCountFactory(unit=ba, year=2026, total_staff=50)
    factories.StaffCountFactory(unit=bb, year=2026, total_staff=40)
    grades = {
        code: factories.GradeFactory(code=code, rank=rank, name_zh=code, name_en=code)
        for code, rank in (("l0", 0), ("l1", 1), ("l2", 2))
    }
    ta1 = factories.TerritoryFactory(code="TA1", unit=oa, segment=Segment.RETAIL, households=1600)
    ta2 = factories.TerritoryFactory(code="TA2", unit=oa, segment=Segment.RETAIL, households=800)
    tb1 = factories.TerritoryFactory(
        code="TB1", unit=ob, segment=Segment.AGRICULTURE, households=600, latitude=30.1, longitude=114.0
    )
    specs = [
        # code, outlet, grade, territory, since, performance, status, cm_since
        ("A1", oa, "l2", ta1, dt.date(2022, 11, 1), 90.0, ManagerStatus.ACTIVE, dt.date(2015, 3, 1)),
        ("A2", oa, "l1", ta1, dt.date(2023, 11, 23), 60.0, ManagerStatus.ACTIVE, dt.date(2018, 3, 1)),
        ("A3", oa, "l0", ta2, dt.date(2025, 1, 1), 70.0, ManagerStatus.ACTIVE, dt.date(2024, 3, 1)),
        ("A4", oa, "l1", None, None, 50.0, ManagerStatus.LEAVE, dt.date(2017, 3, 1)),
        ("B1", ob, "l1", tb1, dt.date(2023, 11, 22), 65.0, ManagerStatus.ACTIVE, dt.date(2016, 3, 1)),
        ("B2", ob, "l0", None, None, 40.0, ManagerStatus.PROBATION, dt.date(2026, 6, 1)),
    ]
    managers = {}
    for code, outlet, grade, territory, since, score, status, cm_since in specs:
        manager = factories.ManagerFactory(
            employee_no=code,
            unit=outlet,
            grade=grades[grade],
            territory=territory,
            territory_since=since,
            status=status,
            cm_since=cm_since,
            segment=Segment.AGRICULTURE if outlet is ob else Segment.RETAIL,
            home_latitude=outlet.latitude,
            home_longitude=outlet.longitude,
        )
        factories.ReviewFactory(manager=manager, period="2025", composite_score=score)
        managers[code] = manager
    session.flush()
    factories.AvoidanceLinkFactory(
        manager_a=min(managers["A1"], managers["A3"], key=lambda m: m.id),
        manager_b=max(managers["A1"], managers["A3"], key=lambda m: m.id),
    )
    candidates = [
        ("C1", CandidateChannel.CAMPUS, {}),
        ("C2", CandidateChannel.CAMPUS, {"has_disciplinary_record": True}),
        ("C3", CandidateChannel.COUNTER_TRANSFER, {"qualification_passed_on": None}),
        ("C4", CandidateChannel.CAMPUS, {"education": Education.HIGH_SCHOOL}),
        ("C5", CandidateChannel.EXPERIENCED, {"interview_score": None}),
    ]
    for reference, channel, extra in candidates:
        candidate = factories.CandidateFactory(reference=reference, channel=channel, **extra)
        factories.PreferenceFactory(candidate=candidate, unit=ba, rank=1)
    user = factories.UserFactory(username="bank-planner")
    session.commit()
    return SmallBank(grades=grades, managers=managers, planner_user=user)


# Parameters under which the small bank has a plan: no exit minimum (branch BB has two CMs, one protected).
SMALL_BANK_PARAMETERS = {"exit_min": 0, "exit_max": 1, "time_limit": 20.0}
