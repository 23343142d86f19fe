"""Competency assessments of CMs and candidates, matched by subject, dimension, date and source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.assessments.models import Assessment
from planner.candidates.models import Candidate
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.enums import AssessmentSource
from planner.messages import N_
from planner.people.models import Manager
from planner.spreadsheets import values as v
from planner.spreadsheets.choices import enum_parser
from planner.spreadsheets.columns import Column
from planner.spreadsheets.kinds.base import Flag, ImportKind, Record
from planner.spreadsheets.kinds.lookups import Finder
from planner.spreadsheets.kinds.manager_columns import DATE_HINT

COLUMNS = [
    Column(
        "employee_no",
        "工号",
        "Employee number",
        v.code(32),
        aliases=("员工编号", "员工号", "Employee ID"),
        hint=N_("For a CM; leave empty for a candidate."),
    ),
    Column(
        "candidate_reference",
        "报名编号",
        "Candidate reference",
        v.code(32),
        aliases=("考生编号", "应聘编号", "Reference", "Candidate ID"),
        hint=N_("For a candidate."),
    ),
    Column(
        "dimension",
        "素质维度",
        "Dimension",
        v.text(80),
        required=True,
        aliases=("胜任素质维度", "维度", "维度代码", "素质项", "Competency", "Dimension code"),
        hint=N_("The code or the name of a dimension of the active competency model."),
    ),
    Column(
        "score", "得分", "Score", v.number(0, 100), required=True, aliases=("分数", "评分", "成绩", "Points")
    ),
    Column(
        "assessed_on",
        "评价日期",
        "Assessed on",
        v.date_value,
        required=True,
        hint=DATE_HINT,
        aliases=("测评日期", "评估日期", "日期", "Date", "Assessment date"),
    ),
    Column(
        "source",
        "来源",
        "Source",
        enum_parser(AssessmentSource),
        required=True,
        choices=AssessmentSource,
        aliases=("评价来源", "评价方式", "测评方式", "Assessment source"),
    ),
]


@dataclass
class Context:
    """Today, subjects by number, dimensions by code or name, and stored assessments by natural key."""

    today: dt.date
    managers: dict[str, int]
    candidates: dict[str, int]
    dimensions: Finder
    stored: dict[str, Assessment] = field(default_factory=dict)


def natural_key(subject: str, dimension_id: int, assessed_on: dt.date, source: AssessmentSource) -> str:
    """Return the key an assessment is matched by."""
    return f"{subject}|{dimension_id}|{assessed_on.isoformat()}|{source.value}"


class AssessmentKind(ImportKind):
    """Competency assessments."""

    name = "assessments"
    title = N_("Competency assessments")
    sheet_zh = "素质测评"
    sheet_en = "Assessments"
    columns = COLUMNS
    key_column = "key"
    compared = ["score"]

    def load(self, session: Session, today: dt.date) -> Context:
        """Read subjects, dimensions (the active model's first) and stored assessments."""
        dimensions = Finder()
        stmt = (
            select(CompetencyDimension, CompetencyFramework.is_active)
            .join(CompetencyGroup, CompetencyGroup.id == CompetencyDimension.group_id)
            .join(CompetencyFramework, CompetencyFramework.id == CompetencyGroup.framework_id)
            .order_by(CompetencyFramework.is_active, CompetencyDimension.id)
        )
        for dimension, _active in session.execute(stmt):
            # The active model's dimensions come last and so win a shared code.
            dimensions.by_code.pop(dimension.code, None)
            dimensions.add(dimension.code, [dimension.name_zh, dimension.name_en], dimension)
        managers = {row[0]: row[1] for row in session.execute(select(Manager.employee_no, Manager.id))}
        candidates = {row[0]: row[1] for row in session.execute(select(Candidate.reference, Candidate.id))}
        context = Context(today, managers, candidates, dimensions)
        by_manager = {v: k for k, v in managers.items()}
        by_candidate = {v: "C:" + k for k, v in candidates.items()}
        for row in session.scalars(select(Assessment)):
            if row.manager_id is not None:
                subject = by_manager.get(row.manager_id)
            else:
                subject = by_candidate.get(row.candidate_id) if row.candidate_id is not None else None
            context.stored[natural_key(subject or "", row.dimension_id, row.assessed_on, row.source)] = row
        return context

    def check(self, context: Context, values: Record, flag: Flag) -> Record | None:
        """Resolve the subject and the dimension; refuse a future date."""
        employee_no, reference = values.get("employee_no"), values.get("candidate_reference")
        if bool(employee_no) == bool(reference):
            flag(
                "employee_no", N_("Give either a CM's employee number or a candidate's reference, not both.")
            )
            return None
        record: Record = {
            "score": values["score"],
            "assessed_on": values["assessed_on"],
            "source": values["source"],
        }
        if employee_no:
            record["manager_id"] = context.managers.get(employee_no)
            if record["manager_id"] is None:
                flag("employee_no", N_("No CM has this employee number."))
            subject = employee_no
        else:
            record["candidate_id"] = context.candidates.get(reference or "")
            if record["candidate_id"] is None:
                flag("candidate_reference", N_("No candidate has this reference."))
            subject = f"C:{reference}"
        dimension = context.dimensions.find(values["dimension"])
        if dimension is None:
            flag("dimension", N_("No competency dimension has this code or name."))
            return None
        if values["assessed_on"] > context.today:
            flag("assessed_on", N_("The date cannot be in the future."))
        record["dimension_id"] = dimension.id
        values["key"] = natural_key(subject, dimension.id, values["assessed_on"], values["source"])
        return record

    def existing(self, context: Context, key: str) -> Assessment | None:
        """Return the stored assessment of the same subject, dimension, day and source."""
        return context.stored.get(key)

    def write(self, session: Session, context: Context, record: Record, row: Any) -> None:
        """Add the assessment or change its score."""
        if row is None:
            session.add(Assessment(**record))
        elif row.score != record["score"]:
            row.score = record["score"]
