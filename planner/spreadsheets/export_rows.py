"""Each list's rows as the import reads them back: references by code, grades by name, names masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from planner.candidates.privacy import mask_name
from planner.people.models import Manager
from planner.people.queries import ManagerFilters, search_managers
from planner.spreadsheets.exports import ExportFile, build_export, stream
from planner.spreadsheets.kinds.managers import COLUMNS as MANAGER_COLUMNS


def manager_record(manager: Manager, language: str) -> dict[str, Any]:
    """Return a CM's values by import column key."""
    grade = manager.grade
    return {
        "employee_no": manager.employee_no,
        "name": manager.name,
        "gender": manager.gender,
        "birth_date": manager.birth_date,
        "bank_hire_date": manager.bank_hire_date,
        "cm_since": manager.cm_since,
        "grade": grade.name_zh if language == "zh" else grade.name_en,
        "segment": manager.segment,
        "unit": manager.unit.code,
        "education": manager.education,
        "title_level": manager.title_level,
        "territory": manager.territory.code if manager.territory else None,
        "territory_since": manager.territory_since,
        "qualification_passed_on": manager.qualification_passed_on,
        "credit_record_clean": manager.credit_record_clean,
        "has_disciplinary_record": manager.has_disciplinary_record,
        "status": manager.status,
        "home_latitude": manager.home_latitude,
        "home_longitude": manager.home_longitude,
    }


def export_managers(
    session: Session, filters: ManagerFilters, today: dt.date, language: str, fmt: str
) -> ExportFile:
    """Export the CMs the list shows with ``filters``."""
    managers = stream(session, search_managers(session, filters, today))
    records = (manager_record(m, language) for m in managers)
    return build_export("managers", MANAGER_COLUMNS, records, language, fmt, today)


def masked(name: str, personal: bool) -> str:
    """Return the name as the role may see it (surname and ** for viewers)."""
    return name if personal else mask_name(name)
