"""The CM grade ladder (职级: 见习 → 初级 → 中级 → 高级 → 资深): add, rename and delete grades."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.errors import InvalidInput, StillReferenced
from planner.messages import N_
from planner.people.models import Manager
from planner.settings.models import Grade
from planner.territories.models import Territory


def grade_ladder(session: Session) -> list[tuple[Grade, int]]:
    """Return the grades by rank, each with the number of CMs holding it (one grouped query)."""
    holders = (
        select(Manager.grade_id, func.count().label("holders")).group_by(Manager.grade_id).subquery("holders")
    )
    rows = session.execute(
        select(Grade, func.coalesce(holders.c.holders, 0))
        .outerjoin(holders, holders.c.grade_id == Grade.id)
        .order_by(Grade.rank)
    )
    return [(grade, count) for grade, count in rows]


def check_new_grade(session: Session, code: str, rank: int) -> None:
    """Refuse a code or a rank another grade already has, or a negative rank."""
    if rank < 0:
        raise InvalidInput("rank", N_("The rank cannot be negative."))
    if session.scalar(select(Grade.id).where(Grade.code == code)) is not None:
        raise InvalidInput("code", N_("Another grade already has the code %(code)s.", code=code))
    if session.scalar(select(Grade.id).where(Grade.rank == rank)) is not None:
        raise InvalidInput("rank", N_("Another grade already has rank %(rank)d.", rank=rank))


def create_grade(session: Session, code: str, rank: int, name_zh: str, name_en: str) -> Grade:
    """Add a grade to the ladder at ``rank`` (0 is the entry grade)."""
    check_new_grade(session, code, rank)
    grade = Grade(code=code, rank=rank, name_zh=name_zh, name_en=name_en)
    session.add(grade)
    session.flush()
    return grade


def rename_grade(session: Session, grade: Grade, name_zh: str, name_en: str) -> Grade:
    """Change the Chinese and English names of a grade (its code and rank stay)."""
    grade.name_zh, grade.name_en = name_zh, name_en
    session.flush()
    return grade


def delete_grade(session: Session, grade: Grade) -> None:
    """Delete a grade nobody holds and no territory requires; otherwise say what still refers to it."""
    holders = (
        session.scalar(select(func.count()).select_from(Manager).where(Manager.grade_id == grade.id)) or 0
    )
    territories = (
        session.scalar(
            select(func.count()).select_from(Territory).where(Territory.min_grade_rank == grade.rank)
        )
        or 0
    )
    still = []
    if holders:
        still.append(N_("customer managers holding it (%(num)d)", num=holders))
    if territories:
        still.append(N_("territories requiring it as minimum grade (%(num)d)", num=territories))
    if still:
        raise StillReferenced(
            "grade",
            N_(
                "Grade %(grade)s cannot be deleted: it is still referred to by %(what)s.",
                grade=grade.code,
                what=still,
            ),
        )
    session.delete(grade)
    session.flush()
