"""Load the demo bank into a database: ``flask demo`` and the page benchmark call ``load_demo``.

Every random draw comes from ``random.Random`` streams seeded by ``seed`` and the reference date is fixed, so
the same seed always produces the same bank. Rows are bulk-inserted with the audit hook switched off (the
large demo has hundreds of thousands of rows); one summary entry records the load instead.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.audit.models import AuditEntry
from planner.auth.models import User
from planner.auth.services import create_user
from planner.demo import org, staff
from planner.demo.activity import load_assessments, load_candidates, load_reviews
from planner.demo.bulk import insert_returning_ids, insert_rows
from planner.demo.sizes import DemoSize, resolve_size
from planner.demo.streams import stream
from planner.enums import AuditAction, ManagerStatus, Role, Segment, UnitKind
from planner.org.models import OrgUnit, UnitStaffCount
from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
from planner.settings.models import Grade
from planner.territories.models import Territory

logger = logging.getLogger(__name__)

DEMO_BANK_CODE = "DEMO"
DEMO_BANK_NAME = "江汉农村商业银行"
REFERENCE_DATE = date(2026, 11, 23)
# code, rank, 中文, English: the default ladder, created when absent.
GRADE_LADDER = [
    ("trainee", 0, "见习", "Trainee"),
    ("junior", 1, "初级", "Junior"),
    ("intermediate", 2, "中级", "Intermediate"),
    ("senior", 3, "高级", "Senior"),
    ("principal", 4, "资深", "Principal"),
]
# For the local demo only: well-known passwords.
DEMO_USERS = [
    ("admin", "demo-admin", Role.ADMIN, "演示管理员"),
    ("planner", "demo-planner", Role.PLANNER, "演示规划员"),
    ("viewer", "demo-viewer", Role.VIEWER, "演示查看员"),
]


def load_demo(
    session: Session, size: str | DemoSize = "small", seed: int = 1, today: date = REFERENCE_DATE
) -> str:
    """Load the demo bank unless it is already there; return a short report for the console."""
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == DEMO_BANK_CODE)) is not None:
        return f"The demo bank ({DEMO_BANK_CODE}) is already loaded; nothing changed."
    counts = resolve_size(size)
    started = time.perf_counter()
    was_disabled = session.info.get("audit_disabled", False)
    session.info["audit_disabled"] = True
    try:
        created = _load(session, counts, seed, today)
        users = _ensure_users(session)
    finally:
        session.info["audit_disabled"] = was_disabled
    session.add(
        AuditEntry(
            user_id=session.info.get("actor_id"),
            action=AuditAction.CREATE,
            entity="demo",
            entity_id=DEMO_BANK_CODE,
            changes={"size": str(size) if isinstance(size, str) else "custom", "seed": seed, **created},
        )
    )
    session.flush()
    seconds = time.perf_counter() - started
    logger.info("demo bank loaded in %.1f s", seconds)
    return _report(created, users, seconds)


def _report(created: dict[str, int], users: list[str], seconds: float) -> str:
    lines = [f"Loaded the demo bank {DEMO_BANK_NAME} ({DEMO_BANK_CODE}) in {seconds:.1f} s:"]
    lines += [f"  {name}: {count:,}" for name, count in created.items()]
    lines.append("Demo users (for the local demo only; change or delete them before any real use):")
    lines += [f"  {username} / {password} ({role.value})" for username, password, role, _ in DEMO_USERS]
    if users:
        lines.append(f"  created: {', '.join(users)}")
    return "\n".join(lines)


def _ensure_users(session: Session) -> list[str]:
    created = []
    for username, password, role, display_name in DEMO_USERS:
        if session.scalar(select(User.id).where(User.username == username)) is None:
            create_user(session, username, password, role, display_name=display_name)
            created.append(username)
    return created


def _ensure_grades(session: Session) -> dict[int, int]:
    """Return grade ids by rank, creating the default ladder's missing rungs."""
    grades = list(session.scalars(select(Grade)))
    by_rank = {g.rank: g.id for g in grades}
    by_code = {g.code: g.id for g in grades}
    for code, rank, name_zh, name_en in GRADE_LADDER:
        if rank in by_rank:
            continue
        if code in by_code:
            # The bank moved this rung to another rank: use it where the demo expects the rung.
            by_rank[rank] = by_code[code]
            continue
        grade = Grade(code=code, rank=rank, name_zh=name_zh, name_en=name_en)
        session.add(grade)
        session.flush()
        by_rank[rank] = grade.id
    return by_rank


def _load(session: Session, size: DemoSize, seed: int, today: date) -> dict[str, int]:
    grade_ids = _ensure_grades(session)
    bank = OrgUnit(
        code=DEMO_BANK_CODE, name=DEMO_BANK_NAME, kind=UnitKind.BANK, latitude=30.59, longitude=114.3
    )
    session.add(bank)
    session.flush()

    rng = stream(seed, "org")
    branch_plans = org.branches(rng, size.branches)
    branch_ids = insert_returning_ids(
        session,
        OrgUnit,
        [
            {
                "code": f"DEMO-B{b.index + 1:03d}",
                "name": b.name,
                "kind": UnitKind.BRANCH,
                "parent_id": bank.id,
                "latitude": b.latitude,
                "longitude": b.longitude,
            }
            for b in branch_plans
        ],
    )
    outlet_plans = org.outlets(rng, branch_plans, size.outlets)
    outlet_ids = insert_returning_ids(
        session,
        OrgUnit,
        [
            {
                "code": f"DEMO-O{o.index + 1:04d}",
                "name": o.name,
                "kind": UnitKind.OUTLET,
                "parent_id": branch_ids[o.parent],
                "latitude": o.latitude,
                "longitude": o.longitude,
            }
            for o in outlet_plans
        ],
    )
    territory_plans = org.territories(rng, outlet_plans, size.territories)
    territory_ids = insert_returning_ids(
        session,
        Territory,
        [
            {
                "code": f"DEMO-T{t.place.index + 1:05d}",
                "name": t.place.name,
                "unit_id": outlet_ids[t.place.parent],
                "segment": t.segment,
                "households": t.households,
                "customers": t.customers,
                "villages": t.villages,
                "loan_balance": t.loan_balance,
                "deposit_balance": t.deposit_balance,
                "latitude": t.place.latitude,
                "longitude": t.place.longitude,
                "min_grade_rank": org.CORPORATE_MIN_GRADE_RANK if t.segment is Segment.CORPORATE else None,
            }
            for t in territory_plans
        ],
    )

    cms = staff.managers(stream(seed, "staff"), territory_plans, outlet_plans, size.managers, today)
    manager_ids = insert_returning_ids(
        session, Manager, [_manager_row(cm, grade_ids, outlet_ids, territory_ids) for cm in cms]
    )
    insert_rows(
        session,
        TerritoryAssignment,
        [
            {"manager_id": manager_id, "territory_id": territory_ids[t], "started_on": start, "ended_on": end}
            for cm, manager_id in zip(cms, manager_ids, strict=True)
            for t, start, end in cm.history
        ],
    )
    pairs = staff.avoidance_pairs(stream(seed, "avoidance"), cms, outlet_plans)
    insert_rows(
        session,
        AvoidanceLink,
        [
            {
                "manager_a_id": min(manager_ids[a], manager_ids[b]),
                "manager_b_id": max(manager_ids[a], manager_ids[b]),
                "relation": relation,
            }
            for a, b, relation in pairs
        ],
    )

    cms_per_branch = [0] * size.branches
    for cm in cms:
        if cm.status is not ManagerStatus.EXITED:
            cms_per_branch[outlet_plans[cm.outlet].parent] += 1
    totals = org.staff_totals(stream(seed, "totals"), cms_per_branch, size.cm_share)
    insert_rows(
        session,
        UnitStaffCount,
        [
            {"unit_id": branch_ids[i], "year": year, "total_staff": total}
            for i, by_year in enumerate(totals)
            for year, total in by_year.items()
        ],
    )

    reviews = load_reviews(session, seed, cms, manager_ids, [branch_ids[o.parent] for o in outlet_plans])
    assessments = load_assessments(session, seed, cms, manager_ids, today)
    candidate_counts = load_candidates(session, seed, size.candidates, branch_ids, today)
    return {
        "branches": len(branch_ids),
        "outlets": len(outlet_ids),
        "territories": len(territory_ids),
        "customer managers": len(manager_ids),
        "avoidance pairs": len(pairs),
        "total staff (2026)": sum(t[2026] for t in totals),
        "performance reviews": reviews,
        "competency assessments": assessments,
        **candidate_counts,
    }


def _manager_row(
    cm: staff.ManagerPlan, grade_ids: dict[int, int], outlet_ids: list[int], territory_ids: list[int]
) -> dict:
    return {
        "employee_no": cm.employee_no,
        "name": cm.name,
        "gender": cm.gender,
        "birth_date": cm.birth_date,
        "bank_hire_date": cm.bank_hire_date,
        "cm_since": cm.cm_since,
        "grade_id": grade_ids[cm.grade_rank],
        "segment": cm.segment,
        "unit_id": outlet_ids[cm.outlet],
        "territory_id": territory_ids[cm.territory] if cm.territory is not None else None,
        "territory_since": cm.territory_since,
        "education": cm.education,
        "title_level": cm.title_level,
        "qualification_passed_on": cm.qualification_passed_on,
        "credit_record_clean": cm.credit_record_clean,
        "has_disciplinary_record": cm.has_disciplinary_record,
        "status": cm.status,
        "home_latitude": cm.home[0],
        "home_longitude": cm.home[1],
    }
