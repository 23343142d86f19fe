"""Loading the demo bank into the database: counts, consistency, determinism and idempotence."""

from __future__ import annotations

import itertools
from collections import Counter

from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.auth.models import User
from planner.candidates.models import Candidate, CandidateStatusChange
from planner.db import Base
from planner.demo.loader import DEMO_BANK_CODE, load_demo
from planner.enums import CandidateChannel, ManagerStatus, UnitKind
from planner.org.models import OrgUnit, UnitStaffCount
from planner.people.models import Manager, TerritoryAssignment
from planner.performance.models import PerformanceReview
from planner.territories.models import Territory


def _count(db, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _fingerprint(db) -> list[tuple]:
    """Employee numbers, names and scores: what must not change between two loads with one seed."""
    return db.execute(
        select(Manager.employee_no, Manager.name, PerformanceReview.period, PerformanceReview.composite_score)
        .join(PerformanceReview, PerformanceReview.manager_id == Manager.id)
        .order_by(Manager.employee_no, PerformanceReview.period)
    ).all()


def test_loads_the_requested_counts(db, tiny):
    load_demo(db, size=tiny, seed=1)
    assert _count(db, OrgUnit, OrgUnit.kind == UnitKind.BANK, OrgUnit.code == DEMO_BANK_CODE) == 1
    assert _count(db, OrgUnit, OrgUnit.kind == UnitKind.BRANCH) == 3
    assert _count(db, OrgUnit, OrgUnit.kind == UnitKind.OUTLET) == 8
    assert _count(db, Territory) == 30
    assert _count(db, Manager) == 120
    assert _count(db, Candidate) == 40
    assert sorted(db.scalars(select(UnitStaffCount.year).distinct())) == [2024, 2025, 2026]
    assert _count(db, UnitStaffCount) == 3 * 3


def test_candidates_come_through_several_channels_with_a_history(db, tiny):
    load_demo(db, size=tiny, seed=1)
    channels = set(db.scalars(select(Candidate.channel)))
    assert CandidateChannel.CAMPUS in channels
    assert len(channels) >= 4
    first_steps = _count(db, CandidateStatusChange, CandidateStatusChange.from_status.is_(None))
    assert first_steps == 40


def test_same_seed_gives_the_same_bank(db, tiny, wipe):
    load_demo(db, size=tiny, seed=7)
    first = _fingerprint(db)
    wipe()
    load_demo(db, size=tiny, seed=7)
    assert _fingerprint(db) == first
    assert len(first) > 100


def test_another_seed_gives_another_bank(db, tiny, wipe):
    load_demo(db, size=tiny, seed=7)
    first = _fingerprint(db)
    wipe()
    load_demo(db, size=tiny, seed=8)
    assert _fingerprint(db) != first


def test_second_load_changes_nothing(db, tiny):
    load_demo(db, size=tiny, seed=1)
    db.commit()
    tables = [t for t in Base.metadata.sorted_tables]
    before = {t.name: db.scalar(select(func.count()).select_from(t)) for t in tables}
    report = load_demo(db, size=tiny, seed=2)
    after = {t.name: db.scalar(select(func.count()).select_from(t)) for t in tables}
    assert after == before
    assert "already loaded" in report


def test_a_cms_territory_shares_its_unit_and_segment(db, tiny):
    load_demo(db, size=tiny, seed=1)
    mismatched = db.scalar(
        select(func.count())
        .select_from(Manager)
        .join(Territory, Territory.id == Manager.territory_id)
        .where((Territory.unit_id != Manager.unit_id) | (Territory.segment != Manager.segment))
    )
    assert mismatched == 0
    assert _count(db, Manager, Manager.territory_id.is_not(None)) > 100


def test_every_open_assignment_is_the_cms_current_territory(db, tiny):
    load_demo(db, size=tiny, seed=1)
    open_rows = db.execute(
        select(
            TerritoryAssignment.manager_id, TerritoryAssignment.territory_id, TerritoryAssignment.started_on
        ).where(TerritoryAssignment.ended_on.is_(None))
    ).all()
    current = {
        m.id: (m.territory_id, m.territory_since)
        for m in db.scalars(select(Manager).where(Manager.territory_id.is_not(None)))
    }
    assert {manager_id: (territory, start) for manager_id, territory, start in open_rows} == current
    assert len(open_rows) == len(current)


def test_past_assignments_do_not_overlap(db, tiny):
    load_demo(db, size=tiny, seed=1)
    history: dict[int, list] = {}
    for row in db.scalars(
        select(TerritoryAssignment).order_by(TerritoryAssignment.started_on, TerritoryAssignment.id)
    ):
        history.setdefault(row.manager_id, []).append(row)
    assert any(len(rows) > 1 for rows in history.values())
    for rows in history.values():
        for earlier, later in itertools.pairwise(rows):
            assert earlier.ended_on is not None
            assert earlier.ended_on <= later.started_on


def test_exited_cms_have_no_territory(db, tiny):
    load_demo(db, size=tiny, seed=1)
    exited = db.scalars(select(Manager).where(Manager.status == ManagerStatus.EXITED)).all()
    assert len(exited) == 1
    assert exited[0].territory_id is None


def test_reviews_of_three_years_have_scores_and_ranks(db, tiny):
    load_demo(db, size=tiny, seed=1)
    reviews = db.scalars(select(PerformanceReview)).all()
    assert {r.period for r in reviews} == {"2023", "2024", "2025"}
    assert all(r.composite_score is not None and 1 <= r.peer_rank <= r.peer_group_size for r in reviews)
    group_sizes = Counter((r.period, r.unit_id, r.segment) for r in reviews)
    assert all(r.peer_group_size == group_sizes[(r.period, r.unit_id, r.segment)] for r in reviews)
    branch_ids = set(db.scalars(select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BRANCH)))
    assert {r.unit_id for r in reviews} <= branch_ids


def test_cms_are_about_a_fifth_of_each_branchs_staff(db, tiny):
    load_demo(db, size=tiny, seed=1)
    for branch in db.scalars(select(OrgUnit).where(OrgUnit.kind == UnitKind.BRANCH)):
        total = db.scalar(
            select(UnitStaffCount.total_staff).where(
                UnitStaffCount.unit_id == branch.id, UnitStaffCount.year == 2026
            )
        )
        cms = db.scalar(
            select(func.count())
            .select_from(Manager)
            .join(OrgUnit, OrgUnit.id == Manager.unit_id)
            .where(OrgUnit.parent_id == branch.id, Manager.status != ManagerStatus.EXITED)
        )
        assert 0.17 <= cms / total <= 0.23


def test_demo_users_can_sign_in_with_the_printed_passwords(app, db, tiny):
    report = load_demo(db, size=tiny, seed=1)
    db.commit()
    assert "planner / demo-planner" in report
    assert "local demo only" in report
    roles = dict(db.execute(select(User.username, User.role)).all())
    assert {name: role.value for name, role in roles.items()} == {
        "admin": "admin",
        "planner": "planner",
        "viewer": "viewer",
    }
    response = app.test_client().post("/login", data={"username": "viewer", "password": "demo-viewer"})
    assert response.status_code == 302


def test_the_load_leaves_one_summary_audit_entry(db, tiny):
    load_demo(db, size=tiny, seed=1)
    entries = db.scalars(select(AuditEntry)).all()
    assert [(e.entity, e.entity_id) for e in entries] == [("demo", DEMO_BANK_CODE)]
    assert entries[0].changes["customer managers"] == 120
    assert db.info.get("audit_disabled", False) is False


def test_existing_grades_are_reused_and_missing_rungs_added(db, tiny):
    from planner.settings.models import Grade
    from tests import factories

    junior = factories.GradeFactory(code="junior", rank=1, name_zh="初级客户经理")
    load_demo(db, size=tiny, seed=1)
    grades = dict(db.execute(select(Grade.rank, Grade.code)).all())
    assert grades == {0: "trainee", 1: "junior", 2: "intermediate", 3: "senior", 4: "principal"}
    assert db.get(Grade, junior.id).name_zh == "初级客户经理"
    assert _count(db, Manager, Manager.grade_id == junior.id) > 0
