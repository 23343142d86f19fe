"""Create, change, delete and search territories (片区 / 网格) and their competency thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.competency.models import CompetencyDimension
from planner.enums import Segment
from planner.errors import InvalidInput, StillReferenced
from planner.messages import N_
from planner.org.models import OrgUnit
from planner.org.services import check_location
from planner.persistence import count_referring
from planner.territories.models import Territory, TerritoryThreshold


@dataclass(frozen=True)
class TerritoryData:
    """The editable facts of a territory."""

    code: str
    name: str
    unit_id: int
    segment: Segment
    households: int = 0
    customers: int = 0
    villages: int = 0
    loan_balance: Decimal = Decimal(0)
    deposit_balance: Decimal = Decimal(0)
    latitude: float | None = None
    longitude: float | None = None
    staffing_need_override: int | None = None
    min_grade_rank: int | None = None


@dataclass(frozen=True)
class TerritoryFilters:
    """What the territory list is narrowed to."""

    branch_id: int | None = None
    outlet_id: int | None = None
    segment: Segment | None = None
    search: str = ""
    understaffed_only: bool = False


def check_code(session: Session, code: str, territory: Territory | None = None) -> None:
    """Refuse a code another territory already has."""
    stmt = select(Territory.id).where(Territory.code == code)
    if territory is not None and territory.id is not None:
        stmt = stmt.where(Territory.id != territory.id)
    if session.scalar(stmt) is not None:
        raise InvalidInput("code", N_("Another territory already has the code %(code)s.", code=code))


def _validate(session: Session, data: TerritoryData, territory: Territory | None) -> None:
    check_code(session, data.code, territory)
    if session.get(OrgUnit, data.unit_id) is None:
        raise InvalidInput("unit_id", N_("Choose the unit the territory belongs to."))
    for name in ("households", "customers", "villages", "loan_balance", "deposit_balance"):
        if getattr(data, name) < 0:
            raise InvalidInput(name, N_("This figure cannot be negative."))
    if data.staffing_need_override is not None and data.staffing_need_override < 0:
        raise InvalidInput("staffing_need_override", N_("This figure cannot be negative."))
    check_location(data.latitude, data.longitude)


def create_territory(session: Session, data: TerritoryData) -> Territory:
    """Add a territory after checking its code, unit, workload and location."""
    _validate(session, data, None)
    territory = Territory(**data.__dict__)
    session.add(territory)
    session.flush()
    return territory


def update_territory(session: Session, territory: Territory, data: TerritoryData) -> Territory:
    """Change a territory's facts under the same rules as a new one."""
    _validate(session, data, territory)
    for name, value in data.__dict__.items():
        setattr(territory, name, value)
    session.flush()
    return territory


def delete_territory(session: Session, territory: Territory) -> None:
    """Delete a territory no CM works or has worked; otherwise say who still refers to it."""
    working = count_referring(session, "manager", "territory_id", [territory.id])
    history = count_referring(session, "territory_assignment", "territory_id", [territory.id])
    still = []
    if working:
        still.append(N_("customer managers working it (%(num)d)", num=working))
    if history:
        still.append(N_("entries in CMs' territory history (%(num)d)", num=history))
    if still:
        raise StillReferenced(
            "territory",
            N_(
                "%(territory)s cannot be deleted: it is still referred to by %(what)s.",
                territory=f"{territory.code} {territory.name}",
                what=still,
            ),
        )
    session.delete(territory)
    session.flush()


def check_threshold(
    session: Session,
    territory: Territory,
    dimension_id: int,
    min_score: float,
    threshold: TerritoryThreshold | None,
) -> None:
    """Refuse an unknown dimension, a score outside 0–100, or a second threshold on the same dimension."""
    if session.get(CompetencyDimension, dimension_id) is None:
        raise InvalidInput("dimension_id", N_("Choose a competency dimension."))
    if not 0 <= min_score <= 100:
        raise InvalidInput("min_score", N_("The minimum score must be between 0 and 100."))
    stmt = select(TerritoryThreshold.id).where(
        TerritoryThreshold.territory_id == territory.id, TerritoryThreshold.dimension_id == dimension_id
    )
    if threshold is not None and threshold.id is not None:
        stmt = stmt.where(TerritoryThreshold.id != threshold.id)
    if session.scalar(stmt) is not None:
        raise InvalidInput(
            "dimension_id", N_("This dimension already has a threshold here; change it instead.")
        )


def add_threshold(
    session: Session, territory: Territory, dimension_id: int, min_score: float
) -> TerritoryThreshold:
    """Require CMs working ``territory`` to score at least ``min_score`` on a dimension."""
    check_threshold(session, territory, dimension_id, min_score, None)
    threshold = TerritoryThreshold(territory_id=territory.id, dimension_id=dimension_id, min_score=min_score)
    session.add(threshold)
    session.flush()
    return threshold


def update_threshold(
    session: Session, threshold: TerritoryThreshold, dimension_id: int, min_score: float
) -> TerritoryThreshold:
    """Change a threshold's dimension or minimum score."""
    check_threshold(session, threshold.territory, dimension_id, min_score, threshold)
    threshold.dimension_id, threshold.min_score = dimension_id, min_score
    session.flush()
    return threshold


def remove_threshold(session: Session, threshold: TerritoryThreshold) -> None:
    """Drop a competency threshold."""
    session.delete(threshold)
    session.flush()
