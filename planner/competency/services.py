"""Competency frameworks (胜任素质模型): versions, activation, groups and dimensions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from planner.competency.defaults import seed_default_framework
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.errors import InvalidInput, StillReferenced
from planner.messages import N_
from planner.persistence import count_referring, schema_table


@dataclass(frozen=True)
class FrameworkSummary:
    """One row of the framework list."""

    framework: CompetencyFramework
    groups: int
    dimensions: int
    assessments: int


def list_frameworks(session: Session) -> list[FrameworkSummary]:
    """Return every framework with its group, dimension and assessment counts, newest version first."""
    groups = (
        select(CompetencyGroup.framework_id, func.count().label("n"))
        .group_by(CompetencyGroup.framework_id)
        .subquery()
    )
    dimensions = (
        select(CompetencyGroup.framework_id, func.count(CompetencyDimension.id).label("n"))
        .join(CompetencyDimension, CompetencyDimension.group_id == CompetencyGroup.id)
        .group_by(CompetencyGroup.framework_id)
        .subquery()
    )
    assessment = schema_table("assessment", "id", "dimension_id")
    assessments = (
        select(CompetencyGroup.framework_id, func.count(assessment.c.id).label("n"))
        .join(CompetencyDimension, CompetencyDimension.group_id == CompetencyGroup.id)
        .join(assessment, assessment.c.dimension_id == CompetencyDimension.id)
        .group_by(CompetencyGroup.framework_id)
        .subquery()
    )
    rows = session.execute(
        select(
            CompetencyFramework,
            func.coalesce(groups.c.n, 0),
            func.coalesce(dimensions.c.n, 0),
            func.coalesce(assessments.c.n, 0),
        )
        .outerjoin(groups, groups.c.framework_id == CompetencyFramework.id)
        .outerjoin(dimensions, dimensions.c.framework_id == CompetencyFramework.id)
        .outerjoin(assessments, assessments.c.framework_id == CompetencyFramework.id)
        .order_by(CompetencyFramework.name, CompetencyFramework.version.desc())
    ).all()
    return [FrameworkSummary(row[0], row[1], row[2], row[3]) for row in rows]


def load_framework(session: Session, framework_id: int) -> CompetencyFramework | None:
    """Return a framework with its groups and dimensions loaded."""
    return session.scalar(
        select(CompetencyFramework)
        .where(CompetencyFramework.id == framework_id)
        .options(selectinload(CompetencyFramework.groups).selectinload(CompetencyGroup.dimensions))
    )


def active_framework(session: Session) -> CompetencyFramework | None:
    """Return the active framework (the newest version if several are flagged)."""
    return session.scalar(
        select(CompetencyFramework)
        .where(CompetencyFramework.is_active.is_(True))
        .order_by(CompetencyFramework.version.desc(), CompetencyFramework.id.desc())
        .options(selectinload(CompetencyFramework.groups).selectinload(CompetencyGroup.dimensions))
        .limit(1)
    )


def weight_shares(weights: list[float]) -> list[float | None]:
    """Return each weight as a share of their sum (None for all when the sum is zero)."""
    total = sum(weights)
    return [weight / total if total > 0 else None for weight in weights]


def seed_default_model(session: Session) -> CompetencyFramework:
    """Create the default framework, but only while no framework exists at all."""
    if session.scalar(select(func.count()).select_from(CompetencyFramework)):
        raise InvalidInput(
            "framework", N_("Frameworks already exist; the default model is only seeded once.")
        )
    return seed_default_framework(session)


def _check_framework_name(session: Session, name: str, version: int, framework_id: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", N_("A name is required."))
    clash = session.scalar(
        select(CompetencyFramework.id).where(
            CompetencyFramework.name == name,
            CompetencyFramework.version == version,
            CompetencyFramework.id != (framework_id or 0),
        )
    )
    if clash is not None:
        raise InvalidInput(
            "name", N_("Version %(version)d of “%(name)s” already exists.", version=version, name=name)
        )
    return name


def create_framework(session: Session, *, name: str, description: str = "") -> CompetencyFramework:
    """Create version 1 of a framework; it becomes active only when no other framework is active."""
    name = _check_framework_name(session, name, 1, None)
    any_active = session.scalar(select(CompetencyFramework.id).where(CompetencyFramework.is_active.is_(True)))
    framework = CompetencyFramework(
        name=name, version=1, is_active=any_active is None, description=(description or "").strip()
    )
    session.add(framework)
    session.flush()
    return framework


def update_framework(
    session: Session, framework: CompetencyFramework, *, name: str, description: str = ""
) -> CompetencyFramework:
    """Rename a framework version or change its description."""
    framework.name = _check_framework_name(session, name, framework.version, framework.id)
    framework.description = (description or "").strip()
    session.flush()
    return framework


def new_version(session: Session, framework: CompetencyFramework) -> CompetencyFramework:
    """Copy ``framework`` with its groups and dimensions as the next version (inactive until activated)."""
    latest = session.scalar(
        select(func.max(CompetencyFramework.version)).where(CompetencyFramework.name == framework.name)
    )
    copy = CompetencyFramework(
        name=framework.name,
        version=(latest or framework.version) + 1,
        is_active=False,
        description=framework.description,
    )
    for group in framework.groups:
        copy.groups.append(
            CompetencyGroup(
                code=group.code,
                name_zh=group.name_zh,
                name_en=group.name_en,
                weight=group.weight,
                position=group.position,
                dimensions=[
                    CompetencyDimension(
                        code=d.code,
                        name_zh=d.name_zh,
                        name_en=d.name_en,
                        weight=d.weight,
                        position=d.position,
                    )
                    for d in group.dimensions
                ],
            )
        )
    session.add(copy)
    session.flush()
    return copy


def activate_framework(session: Session, framework: CompetencyFramework) -> CompetencyFramework:
    """Make ``framework`` the one active version; every other framework is switched off."""
    others = session.scalars(
        select(CompetencyFramework).where(
            CompetencyFramework.is_active.is_(True), CompetencyFramework.id != framework.id
        )
    )
    for other in others:
        other.is_active = False
    framework.is_active = True
    session.flush()
    return framework


def _usage(session: Session, dimension_ids: list[int]) -> tuple[int, int]:
    """Count assessments and territory thresholds that refer to any of ``dimension_ids``."""
    return (
        count_referring(session, "assessment", "dimension_id", dimension_ids),
        count_referring(session, "territory_threshold", "dimension_id", dimension_ids),
    )


def _refuse_if_used(session: Session, dimension_ids: list[int], what: str) -> None:
    assessments, thresholds = _usage(session, dimension_ids)
    if assessments or thresholds:
        raise StillReferenced(
            "competency_dimension",
            N_(
                "%(what)s cannot be deleted: %(assessments)d assessments and %(thresholds)d territory "
                "thresholds use it. Create a new version of the framework and change that instead.",
                what=what,
                assessments=assessments,
                thresholds=thresholds,
            ),
        )


def delete_framework(session: Session, framework: CompetencyFramework) -> None:
    """Delete an inactive framework version whose dimensions nobody refers to."""
    if framework.is_active:
        raise InvalidInput("framework", N_("The active framework cannot be deleted; activate another first."))
    ids = [d.id for g in framework.groups for d in g.dimensions]
    _refuse_if_used(session, ids, N_("This framework"))
    session.delete(framework)
    session.flush()


def _check_part(name_zh: str, name_en: str, weight: float | None) -> tuple[str, str, float]:
    name_zh, name_en = (name_zh or "").strip(), (name_en or "").strip()
    if not name_zh:
        raise InvalidInput("name_zh", N_("The Chinese name is required."))
    if not name_en:
        raise InvalidInput("name_en", N_("The English name is required."))
    if weight is None or weight < 0:
        raise InvalidInput("weight", N_("The weight must be zero or more."))
    return name_zh, name_en, float(weight)


def _check_code(code: str, taken: set[str]) -> str:
    code = (code or "").strip()
    if not code:
        raise InvalidInput("code", N_("A code is required."))
    if code in taken:
        raise InvalidInput("code", N_("The code “%(code)s” is already used here.", code=code))
    return code


def create_group(
    session: Session, framework: CompetencyFramework, *, code: str, name_zh: str, name_en: str, weight: float
) -> CompetencyGroup:
    """Add a group at the end of a framework."""
    code = _check_code(code, {g.code for g in framework.groups})
    name_zh, name_en, weight = _check_part(name_zh, name_en, weight)
    position = max((g.position for g in framework.groups), default=-1) + 1
    group = CompetencyGroup(code=code, name_zh=name_zh, name_en=name_en, weight=weight, position=position)
    framework.groups.append(group)
    session.flush()
    return group


def update_group(
    session: Session, group: CompetencyGroup, *, code: str, name_zh: str, name_en: str, weight: float
) -> CompetencyGroup:
    """Change a group's code, names or weight."""
    group.code = _check_code(code, {g.code for g in group.framework.groups if g.id != group.id})
    group.name_zh, group.name_en, group.weight = _check_part(name_zh, name_en, weight)
    session.flush()
    return group


def delete_group(session: Session, group: CompetencyGroup) -> None:
    """Delete a group and its dimensions unless one of them is in use."""
    _refuse_if_used(session, [d.id for d in group.dimensions], N_("This group"))
    group.framework.groups.remove(group)
    session.flush()


def create_dimension(
    session: Session, group: CompetencyGroup, *, code: str, name_zh: str, name_en: str, weight: float
) -> CompetencyDimension:
    """Add a dimension at the end of a group."""
    code = _check_code(code, {d.code for d in group.dimensions})
    name_zh, name_en, weight = _check_part(name_zh, name_en, weight)
    position = max((d.position for d in group.dimensions), default=-1) + 1
    dimension = CompetencyDimension(
        code=code, name_zh=name_zh, name_en=name_en, weight=weight, position=position
    )
    group.dimensions.append(dimension)
    session.flush()
    return dimension


def update_dimension(
    session: Session, dimension: CompetencyDimension, *, code: str, name_zh: str, name_en: str, weight: float
) -> CompetencyDimension:
    """Change a dimension's code, names or weight."""
    siblings = {d.code for d in dimension.group.dimensions if d.id != dimension.id}
    dimension.code = _check_code(code, siblings)
    dimension.name_zh, dimension.name_en, dimension.weight = _check_part(name_zh, name_en, weight)
    session.flush()
    return dimension


def delete_dimension(session: Session, dimension: CompetencyDimension) -> None:
    """Delete a dimension that no assessment and no territory threshold refers to."""
    _refuse_if_used(session, [dimension.id], N_("This dimension"))
    dimension.group.dimensions.remove(dimension)
    session.flush()
