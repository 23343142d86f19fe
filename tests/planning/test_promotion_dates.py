"""The day of a CM's last promotion comes from the audit log, so "promoted within N months" protects them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from planner.audit.models import AuditEntry
from planner.enums import AuditAction
from planner.scenarios.adapter import build_inputs
from solver.select.exits import protection
from tests.planning.bank import TODAY


def _change_grade(db, small_bank, code: str, grade: str, on: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """Change a CM's grade through the audited session (as the CM form does), then date its audit entry."""
    manager = small_bank.managers[code]
    manager.grade_id = small_bank.grades[grade].id
    db.commit()
    entry = db.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "manager",
            AuditEntry.entity_id == str(manager.id),
            AuditEntry.action == AuditAction.UPDATE,
        )
    ).one()
    assert entry.changes["grade_id"][1] == small_bank.grades[grade].id
    entry.at = on
    db.commit()


def test_a_cm_promoted_five_months_ago_is_protected_from_exit_within_twelve_months(
    db, small_bank, small_scenario
):
    # A2 goes from l1 to l2 on 2026-06-23, five months before the reference day 2026-11-23.
    _change_grade(db, small_bank, "A2", "l2", dt.datetime(2026, 6, 23, 9, 0, tzinfo=dt.UTC))

    inputs = build_inputs(db, small_scenario, TODAY)

    managers = {m.id: m for m in inputs.selection.managers}
    assert managers["A2"].months_since_promotion is not None
    assert 4.9 < managers["A2"].months_since_promotion < 5.1
    assert 0.40 < managers["A2"].years_in_grade < 0.43  # 153 days, not the eight years as a CM
    assert protection(managers["A2"], inputs.selection.exits) == "promoted within 12 months"
    # Nobody else has a recorded grade change: no promotion day, time in grade is time as a CM.
    assert managers["A1"].months_since_promotion is None
    assert protection(managers["A1"], inputs.selection.exits) is None


def test_a_demotion_is_not_a_promotion_but_restarts_the_time_in_grade(db, small_bank, small_scenario):
    _change_grade(db, small_bank, "A1", "l1", dt.datetime(2026, 5, 23, 9, 0, tzinfo=dt.UTC))

    inputs = build_inputs(db, small_scenario, TODAY)

    a1 = next(m for m in inputs.selection.managers if m.id == "A1")
    assert a1.months_since_promotion is None
    assert 0.49 < a1.years_in_grade < 0.51
