"""Territory thresholds as columns: "最低分：风险控制", "Min score: Risk control", "风险控制门槛"."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.messages import N_
from planner.spreadsheets import values as v
from planner.spreadsheets.columns import Column
from planner.spreadsheets.text import normalise_header

PREFIX = "threshold_"
_MARKS = [
    normalise_header(mark)
    for mark in ("最低分", "门槛", "最低要求", "Min score", "Minimum score", "Threshold")
]


def threshold_column(dimension: CompetencyDimension) -> Column:
    """Return the column of a territory's minimum score on ``dimension``."""
    return Column(
        f"{PREFIX}{dimension.id}",
        f"最低分：{dimension.name_zh}",
        f"Min score: {dimension.name_en}",
        v.number(0, 100),
        hint=N_("The lowest score on this dimension a CM working the territory needs; empty for none."),
    )


def dimensions(session: Session) -> list[CompetencyDimension]:
    """Return every dimension, the active model's last (so they win a shared code or name)."""
    stmt = (
        select(CompetencyDimension)
        .join(CompetencyGroup, CompetencyGroup.id == CompetencyDimension.group_id)
        .join(CompetencyFramework, CompetencyFramework.id == CompetencyGroup.framework_id)
        .order_by(CompetencyFramework.is_active, CompetencyGroup.position, CompetencyDimension.position)
    )
    return list(session.scalars(stmt))


def threshold_matcher(session: Session) -> Callable[[list[str]], str | None]:
    """Return a matcher of threshold headers: a mark (最低分, Min score …) before or after a dimension."""
    names: dict[str, int] = {}
    for dimension in dimensions(session):
        for name in (dimension.code, dimension.name_zh, dimension.name_en):
            names[normalise_header(name)] = dimension.id

    def match(variants: list[str]) -> str | None:
        for variant in variants:
            for mark in _MARKS:
                rest = variant.removeprefix(mark) if variant.startswith(mark) else variant.removesuffix(mark)
                if rest != variant and rest in names:
                    return f"{PREFIX}{names[rest]}"
        return None

    return match
