"""Create, clone, change and delete scenarios; read the defaults the bank's data gives them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.auth.models import User
from planner.candidates.gates import gate_rules, passes_all_gates_condition
from planner.candidates.models import Candidate
from planner.enums import CandidateChannel, ManagerStatus
from planner.errors import InvalidInput, PermissionDenied
from planner.org.models import UnitStaffCount
from planner.people.models import Grade, Manager, TerritoryAssignment
from planner.scenarios.adapter import attrition_rates
from planner.scenarios.bank import FINAL_STATUSES
from planner.scenarios.messages import N_
from planner.scenarios.models import Scenario
from planner.scenarios.parameters import default_parameters, validate_parameters
from planner.scenarios.permissions import can_create, can_edit
from planner.settings.services import get_setting

BASELINE_NAME = "Baseline: rural plan 16% → 19% → 23% → 29.1%"


def grade_codes(session: Session) -> list[str]:
    """Return the bank's grade ladder, lowest first."""
    return list(session.scalars(select(Grade.code).order_by(Grade.rank)))


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", N_("Give the scenario a name."))
    if len(name) > 120:
        raise InvalidInput("name", N_("The name can have at most 120 characters."))
    return name


def bank_parameters(session: Session) -> dict[str, Any]:
    """Return the default parameters with the bank's own settings filled in (rotation years)."""
    params = default_parameters()
    params["rotation_years"] = float(get_setting(session, "rotation_years"))
    params["rotation_must_years"] = max(params["rotation_must_years"], params["rotation_years"] + 1)
    return params


def create_scenario(
    session: Session,
    user: User | None,
    name: str,
    parameters: dict[str, Any] | None = None,
    description: str = "",
    baseline: bool = False,
) -> Scenario:
    """Create a scenario owned by ``user`` with validated parameters (the bank's defaults when omitted)."""
    if user is not None and not can_create(user):
        raise PermissionDenied(N_("Viewers cannot create scenarios."))
    params = validate_parameters(parameters or bank_parameters(session), grade_codes(session))
    scenario = Scenario(
        name=_check_name(name),
        description=description,
        owner_id=user.id if user else None,
        is_baseline=baseline,
        parameters=params,
        schema_version=params["schema_version"],
    )
    session.add(scenario)
    session.flush()
    return scenario


def clone_scenario(
    session: Session, source: Scenario, user: User | None, name: str | None = None
) -> Scenario:
    """Copy ``source`` as a new scenario owned by ``user``, remembering where it came from."""
    if user is not None and not can_create(user):
        raise PermissionDenied(N_("Viewers cannot create scenarios."))
    clone = Scenario(
        name=_check_name(name or f"{source.name} (copy)"[:120]),
        description=source.description,
        owner_id=user.id if user else None,
        parent_id=source.id,
        is_baseline=False,
        parameters=validate_parameters(dict(source.parameters), grade_codes(session)),
        schema_version=source.schema_version,
    )
    session.add(clone)
    session.flush()
    return clone


def update_scenario(
    session: Session,
    scenario: Scenario,
    user: User | None,
    name: str,
    parameters: dict[str, Any],
    description: str = "",
) -> Scenario:
    """Change a scenario's name and parameters; every value is checked before anything changes."""
    if user is not None and not can_edit(user, scenario):
        raise PermissionDenied(N_("You may not change this scenario."))
    checked = validate_parameters(parameters, grade_codes(session))
    scenario.name = _check_name(name)
    scenario.description = description
    scenario.parameters = checked
    session.flush()
    return scenario


def delete_scenario(session: Session, scenario: Scenario, user: User | None) -> None:
    """Delete a scenario and its runs; clones keep existing without their parent."""
    if user is not None and not can_edit(user, scenario):
        raise PermissionDenied(N_("You may not delete this scenario."))
    session.delete(scenario)
    session.flush()


def lineage(scenario: Scenario) -> list[Scenario]:
    """Return the chain of parents, nearest first."""
    chain, seen = [], {scenario.id}
    parent = scenario.parent
    while parent is not None and parent.id not in seen:
        chain.append(parent)
        seen.add(parent.id)
        parent = parent.parent
    return chain


def ensure_baseline(session: Session) -> Scenario:
    """Return the baseline scenario, creating it (the rural plan, exits 3–5) when the bank has none."""
    existing = session.scalar(select(Scenario).where(Scenario.is_baseline.is_(True)).order_by(Scenario.id))
    if existing is not None:
        return existing
    return create_scenario(
        session,
        None,
        BASELINE_NAME,
        bank_parameters(session),
        description="CMs at 16% of all staff today, 19%, 23% and 29.1% over the next three years; "
        "3 to 5 bottom-ranked exits per branch a year.",
        baseline=True,
    )


@dataclass(frozen=True)
class BankDefaults:
    """What the bank's data says for the defaults a scenario form shows, and where each came from."""

    attrition: dict[str, tuple[float, str]]  # grade → (rate, "history" or "settings")
    first_year_attrition: float
    pipeline: dict[str, int]  # channel → candidates passing every gate
    base_year: int


def bank_defaults(session: Session, today: date) -> BankDefaults:
    """Read the defaults the bank's data gives (attrition by grade, pipelines) with a few aggregate queries.

    The same rules as the adapter's: ``attrition_rates`` on the same counts, and the gates' SQL twin
    (``passes_all_gates_condition``, kept in step with the gates by their tests) for the pipelines.
    """
    grades = grade_codes(session)
    code = dict(session.execute(select(Grade.id, Grade.code)).all())
    headcount: dict[str, int] = {}
    for grade_id, n in session.execute(
        select(Manager.grade_id, func.count())
        .where(Manager.status != ManagerStatus.EXITED)
        .group_by(Manager.grade_id)
    ):
        headcount[code[grade_id]] = int(n)
    last_end = (
        select(TerritoryAssignment.manager_id, func.max(TerritoryAssignment.ended_on).label("ended"))
        .group_by(TerritoryAssignment.manager_id)
        .subquery()
    )
    left: dict[str, int] = {}
    for grade_id, n in session.execute(
        select(Manager.grade_id, func.count())
        .join(last_end, last_end.c.manager_id == Manager.id)
        .where(Manager.status == ManagerStatus.EXITED, last_end.c.ended >= today - timedelta(days=365))
        .group_by(Manager.grade_id)
    ):
        left[code[grade_id]] = int(n)
    pipeline = {c.value: 0 for c in CandidateChannel}
    for channel, n in session.execute(
        select(Candidate.channel, func.count())
        .where(
            passes_all_gates_condition(gate_rules(session), today), Candidate.status.not_in(FINAL_STATUSES)
        )
        .group_by(Candidate.channel)
    ):
        pipeline[CandidateChannel(channel).value] = int(n)
    years = session.scalar(select(func.max(UnitStaffCount.year)))
    return BankDefaults(
        attrition=attrition_rates(grades, headcount, left, float(get_setting(session, "attrition_rate"))),
        first_year_attrition=float(get_setting(session, "first_year_attrition_rate")),
        pipeline=pipeline,
        base_year=int(years or today.year),
    )
