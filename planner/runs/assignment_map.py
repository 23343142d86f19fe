"""A run's assignment map: territories on their coordinates (need, assigned, short), moves as lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from planner.runs.models import Run
from planner.runs.results import RunMove, RunTerritory
from planner.territories.models import Territory

# More lines than this make the map unreadable and the page heavy; the moves table lists them all.
MAX_MOVE_LINES = 2000


@dataclass
class AssignmentMap:
    """Territories as ``[lon, lat, need, assigned, shortfall, code]``; moves as from → to."""

    territories: list[list[Any]] = field(default_factory=list)
    # [from lon, from lat, to lon, to lat, CM, why]: flat lists keep a large bank's page light.
    moves: list[list[Any]] = field(default_factory=list)
    moves_total: int = 0  # all moves between two placed territories (the map draws at most MAX_MOVE_LINES)
    unplaced: int = 0  # territories without coordinates, left off the map

    def as_json(self) -> dict[str, Any]:
        """Return the map's data for the page's script."""
        return {
            "territories": self.territories,
            "moves": self.moves,
            "moves_total": self.moves_total,
            "unplaced": self.unplaced,
        }


def assignment_map(session: Session, run: Run) -> AssignmentMap:
    """Return the run's territories on the map and the moves between two of them (a CM's from → to)."""
    out = AssignmentMap()
    rows = session.execute(
        select(
            Territory.longitude,
            Territory.latitude,
            RunTerritory.need,
            RunTerritory.assigned,
            RunTerritory.shortfall,
            RunTerritory.territory_code,
        )
        .select_from(RunTerritory)
        .outerjoin(Territory, Territory.id == RunTerritory.territory_id)
        .where(RunTerritory.run_id == run.id)
        .order_by(RunTerritory.territory_code)
    )
    for lon, lat, need, assigned, shortfall, code in rows:
        if lon is None or lat is None:
            out.unplaced += 1
        else:
            out.territories.append([round(lon, 5), round(lat, 5), need, assigned, shortfall, code])
    source, target = aliased(Territory), aliased(Territory)
    placed = (
        select(RunMove.manager_code, RunMove.reason, source.longitude, source.latitude)
        .add_columns(target.longitude, target.latitude)
        .join(source, source.id == RunMove.from_territory_id)
        .join(target, target.id == RunMove.to_territory_id)
        .where(
            RunMove.run_id == run.id,
            source.latitude.is_not(None),
            target.latitude.is_not(None),
            source.id != target.id,
        )
    )
    out.moves_total = session.scalar(select(func.count()).select_from(placed.subquery())) or 0
    for code, reason, x0, y0, x1, y1 in session.execute(placed.order_by(RunMove.id).limit(MAX_MOVE_LINES)):
        out.moves.append([round(x0, 5), round(y0, 5), round(x1, 5), round(y1, 5), code, reason])
    return out
