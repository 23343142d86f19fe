"""Customer managers (客户经理) as a workbook lists them, matched by employee number (工号)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import ManagerStatus, TitleLevel, UnitKind
from planner.messages import N_
from planner.people.models import Manager, TerritoryAssignment
from planner.people.qualification import add_years
from planner.people.services import MAX_AGE, MIN_AGE, age_on, move_to_territory
from planner.spreadsheets.kinds.base import Flag, ImportKind, Record, set_changed
from planner.spreadsheets.kinds.lookups import Finder, grade_finder, territory_finder, unit_finder
from planner.spreadsheets.kinds.manager_columns import COLUMNS

# What a new CM gets for a column the file lacks or a cell left blank.
DEFAULTS: dict[str, Any] = {
    "title_level": TitleLevel.NONE,
    "status": ManagerStatus.ACTIVE,
    "credit_record_clean": True,
    "has_disciplinary_record": False,
    "qualification_passed_on": None,
    "home_latitude": None,
    "home_longitude": None,
    "territory_id": None,
}

PLAIN = [
    "employee_no",
    "name",
    "gender",
    "birth_date",
    "bank_hire_date",
    "cm_since",
    "grade_id",
    "segment",
    "unit_id",
    "education",
    "title_level",
    "qualification_passed_on",
    "credit_record_clean",
    "has_disciplinary_record",
    "status",
    "home_latitude",
    "home_longitude",
]


@dataclass
class Context:
    """What checking CMs needs: today, the ladder, units, territories and the stored CMs by number."""

    today: dt.date
    grades: Finder
    units: Finder
    territories: Finder
    managers: dict[str, Manager] = field(default_factory=dict)


class ManagerKind(ImportKind):
    """Customer managers."""

    name = "managers"
    title = N_("Customer managers")
    sheet_zh = "客户经理"
    sheet_en = "Customer managers"
    columns = COLUMNS
    key_column = "employee_no"
    compared = [*PLAIN, "territory_id"]

    def load(self, session: Session, today: dt.date) -> Context:
        """Read the ladder, the units, the territories and every CM (for updates) in four queries."""
        managers = {m.employee_no: m for m in session.scalars(select(Manager))}
        return Context(
            today, grade_finder(session), unit_finder(session), territory_finder(session), managers
        )

    def check(self, context: Context, values: Record, flag: Flag) -> Record | None:
        """Resolve grade, unit and territory; check ages, the order of the dates and the territory's fit."""
        record = dict(values)
        ok = _check_dates(context.today, values, flag)
        grade = context.grades.find(values["grade"])
        if grade is None:
            flag("grade", N_("No grade on the ladder is called this."))
            ok = False
        unit = context.units.find(values["unit"])
        if unit is None:
            flag("unit", N_("No unit has this code or name."))
            ok = False
        elif unit.kind not in (UnitKind.BRANCH, UnitKind.OUTLET):
            flag("unit", N_("A CM belongs to a branch or an outlet."))
            ok = False
        territory = None
        if values.get("territory"):
            territory = context.territories.find(values["territory"])
            if territory is None:
                flag("territory", N_("No territory has this code or name."))
                ok = False
            elif unit is not None and territory.unit_id != unit.id and territory.unit_parent_id != unit.id:
                flag("territory", N_("The territory must belong to the CM's unit or to an outlet under it."))
                ok = False
            elif territory.segment != values["segment"]:
                flag("territory", N_("The territory serves another segment than the CM."))
                ok = False
        if not ok:
            return None
        record["grade_id"] = grade.id
        record["unit_id"] = unit.id
        if "territory" in values:
            record["territory_id"] = territory.id if territory else None
        # A blank cell of a column the file has means the default; a column it lacks keeps stored values.
        for name, default in DEFAULTS.items():
            if name in values and values[name] is None:
                record[name] = default
        return record

    def existing(self, context: Context, key: str) -> Manager | None:
        """Return the CM with this employee number."""
        return context.managers.get(key)

    def differs(self, context: Context, record: Record, row: Any) -> bool:
        """Tell whether a fact or the territory (or its start date, when given) would change."""
        if super().differs(context, record, row):
            return True
        since = record.get("territory_since")
        return since is not None and record.get("territory_id") is not None and row.territory_since != since

    def write(self, session: Session, context: Context, record: Record, row: Manager | None) -> None:
        """Add the CM (opening a territory period) or change it (a new territory is a dated move)."""
        since = record.get("territory_since") or context.today
        if row is None:
            record = {**DEFAULTS, **record}
            territory_id = record["territory_id"]
            # Every new CM sets the same columns, so the flush inserts them in batches, not one by one.
            manager = Manager(
                **{name: record[name] for name in PLAIN},
                territory_id=territory_id,
                territory_since=since if territory_id is not None else None,
            )
            session.add(manager)
            if territory_id is not None:
                session.add(TerritoryAssignment(manager=manager, territory_id=territory_id, started_on=since))
            context.managers[manager.employee_no] = manager
            return
        set_changed(row, record, PLAIN)
        if "territory_id" not in record:
            return
        if row.territory_id != record["territory_id"]:
            from planner.territories.models import Territory

            target = session.get(Territory, record["territory_id"]) if record["territory_id"] else None
            move_to_territory(session, row, target, since)
        elif record.get("territory_since") and row.territory_id is not None:
            row.territory_since = record["territory_since"]


def _check_dates(today: dt.date, values: Record, flag: Flag) -> bool:
    """Flag impossible dates: born in the future, too young or old, hired before 18, dates out of order."""
    ok = True
    birth, hired, since = values["birth_date"], values["bank_hire_date"], values["cm_since"]
    if birth > today:
        flag("birth_date", N_("The birth date is in the future."))
        return False
    if not MIN_AGE <= age_on(birth, today) <= MAX_AGE:
        flag("birth_date", N_("A CM must be %(low)d to %(high)d years old."), low=MIN_AGE, high=MAX_AGE)
        ok = False
    if hired < birth:
        flag("bank_hire_date", N_("Hired before being born."))
        ok = False
    elif hired < add_years(birth, MIN_AGE):
        flag("bank_hire_date", N_("The bank hire date must be on or after the 18th birthday."))
        ok = False
    if hired > today:
        flag("bank_hire_date", N_("The bank hire date cannot be in the future."))
        ok = False
    if since < hired:
        flag("cm_since", N_("A CM cannot start before joining the bank."))
        ok = False
    if since > today:
        flag("cm_since", N_("The CM start date cannot be in the future."))
        ok = False
    passed = values.get("qualification_passed_on")
    if passed is not None and passed > today:
        flag("qualification_passed_on", N_("The qualification date cannot be in the future."))
        ok = False
    territory_since = values.get("territory_since")
    if territory_since is not None and territory_since > today:
        flag("territory_since", N_("The territory start date cannot be in the future."))
        ok = False
    return ok
