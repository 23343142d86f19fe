"""The example row of each template, using the bank's own units and grades when there are some."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import (
    AssessmentSource,
    CandidateChannel,
    Education,
    Gender,
    ManagerStatus,
    Segment,
    TitleLevel,
    UnitKind,
)
from planner.org.models import OrgUnit
from planner.people.models import Grade
from planner.spreadsheets.shown import shown_value


def grade_names(session: Session, language: str) -> list[str]:
    """Return the grade ladder's names in ``language``, lowest first."""
    grades = session.scalars(select(Grade).order_by(Grade.rank))
    return [grade.name_zh if language == "zh" else grade.name_en for grade in grades]


def _unit_code(session: Session, kind: UnitKind, fallback: str) -> str:
    return (
        session.scalar(select(OrgUnit.code).where(OrgUnit.kind == kind).order_by(OrgUnit.code).limit(1))
        or fallback
    )


def example_row(session: Session, kind: str, language: str) -> dict[str, Any]:
    """Return one plausible row of ``kind`` by column key, as a cell shows it."""
    outlet = _unit_code(session, UnitKind.OUTLET, "OU0001")
    branch = _unit_code(session, UnitKind.BRANCH, "BR0001")
    grades = grade_names(session, language)
    rows: dict[str, dict[str, Any]] = {
        "managers": {
            "employee_no": "E000123",
            "name": "王小明" if language == "zh" else "Wang Xiaoming",
            "gender": Gender.MALE,
            "birth_date": dt.date(1990, 5, 1),
            "bank_hire_date": dt.date(2014, 7, 1),
            "cm_since": dt.date(2016, 3, 1),
            "grade": grades[0] if grades else "",
            "segment": Segment.RETAIL,
            "unit": outlet,
            "education": Education.BACHELOR,
            "title_level": TitleLevel.JUNIOR,
            "qualification_passed_on": dt.date(2025, 6, 1),
            "credit_record_clean": True,
            "has_disciplinary_record": False,
            "status": ManagerStatus.ACTIVE,
        },
        "units": {
            "code": "OU0999",
            "name": "城东网点" if language == "zh" else "East outlet",
            "kind": UnitKind.OUTLET,
            "parent": branch,
            "latitude": 30.59,
            "longitude": 114.30,
        },
        "territories": {
            "code": "T09999",
            "name": "城东片区" if language == "zh" else "East territory",
            "unit": outlet,
            "segment": Segment.RETAIL,
            "households": 1200,
            "customers": 900,
            "villages": 3,
            "loan_balance": 5000,
            "deposit_balance": 12000,
        },
        "candidates": {
            "reference": "C2026-001",
            "channel": CandidateChannel.CAMPUS,
            "name": "李华" if language == "zh" else "Li Hua",
            "gender": Gender.FEMALE,
            "birth_date": dt.date(2002, 3, 5),
            "education": Education.BACHELOR,
            "applied_on": dt.date(2026, 3, 1),
            "major": "金融学" if language == "zh" else "Finance",
            "written_score": 82,
            "interview_score": 78,
            "preference_1": outlet,
        },
        "assessments": {
            "employee_no": "E000123",
            "dimension": "risk_control",
            "score": 85,
            "assessed_on": dt.date(2026, 6, 30),
            "source": AssessmentSource.SUPERVISOR,
        },
        "reviews": {"employee_no": "E000123", "period": "2025"},
    }
    return {key: shown_value(value, language) for key, value in rows.get(kind, {}).items()}
