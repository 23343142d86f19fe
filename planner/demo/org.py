"""The demo bank's branches, outlets, territories and staff totals."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from planner.demo.names import COUNTY_SEATS, place_names
from planner.enums import Segment

# Rural banks serve mostly households and farms; corporate territories are few.
SEGMENT_WEIGHTS = {
    Segment.RETAIL: 0.40,
    Segment.AGRICULTURE: 0.35,
    Segment.SMALL_BUSINESS: 0.15,
    Segment.CORPORATE: 0.10,
}
TERRITORY_SUFFIX = {
    Segment.RETAIL: "社区网格",
    Segment.AGRICULTURE: "村片区",
    Segment.SMALL_BUSINESS: "商圈片区",
    Segment.CORPORATE: "园区对公片区",
}
# Corporate territories need at least an intermediate CM (rank 2 on the default ladder).
CORPORATE_MIN_GRADE_RANK = 2


@dataclass(frozen=True)
class Place:
    """A generated unit or territory before it has a database id."""

    index: int
    parent: int
    name: str
    latitude: float
    longitude: float


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split ``total`` into ``parts`` uneven counts, each at least 1."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def branches(rng: random.Random, count: int) -> list[Place]:
    """Return branches (支行) named after towns, clustered around county seats."""
    names = place_names(rng, count)
    result: list[Place] = []
    for i in range(count):
        _, lat, lon = COUNTY_SEATS[i % len(COUNTY_SEATS)]
        result.append(
            Place(
                i,
                -1,
                f"{names[i]}支行",
                round(lat + rng.gauss(0, 0.12), 5),
                round(lon + rng.gauss(0, 0.12), 5),
            )
        )
    return result


def outlets(rng: random.Random, parents: list[Place], count: int) -> list[Place]:
    """Return outlets (网点) spread over the branches, a few kilometres from their branch."""
    names = place_names(rng, count)
    result: list[Place] = []
    for parent, n in zip(parents, split(rng, count, len(parents)), strict=True):
        for _ in range(n):
            i = len(result)
            lat = round(parent.latitude + rng.gauss(0, 0.04), 5)
            lon = round(parent.longitude + rng.gauss(0, 0.04), 5)
            result.append(Place(i, parent.index, f"{names[i]}营业所", lat, lon))
    return result


@dataclass(frozen=True)
class TerritoryPlan:
    """A generated territory with its workload."""

    place: Place
    segment: Segment
    households: int
    customers: int
    villages: int
    loan_balance: Decimal
    deposit_balance: Decimal


def territories(rng: random.Random, parents: list[Place], count: int) -> list[TerritoryPlan]:
    """Return territories (片区/网格) of 500–2,500 households with balances in 万元."""
    names = place_names(rng, count)
    segments = list(SEGMENT_WEIGHTS)
    weights = list(SEGMENT_WEIGHTS.values())
    result: list[TerritoryPlan] = []
    for parent, n in zip(parents, split(rng, count, len(parents)), strict=True):
        for _ in range(n):
            i = len(result)
            segment = rng.choices(segments, weights)[0]
            households = rng.randint(500, 2_500)
            if segment is Segment.CORPORATE:
                customers = rng.randint(20, 120)
            elif segment is Segment.SMALL_BUSINESS:
                customers = rng.randint(80, 400)
            else:
                customers = int(households * rng.uniform(0.55, 0.9))
            villages = rng.randint(2, 9) if segment is Segment.AGRICULTURE else rng.randint(0, 2)
            per_household = {Segment.CORPORATE: 20.0, Segment.SMALL_BUSINESS: 9.0}.get(segment, 4.0)
            loans = households * per_household * rng.uniform(0.5, 1.6)
            deposits = households * rng.uniform(6.0, 16.0) * (1.5 if segment is Segment.CORPORATE else 1.0)
            place = Place(
                i,
                parent.index,
                f"{names[i]}{TERRITORY_SUFFIX[segment]}",
                round(parent.latitude + rng.gauss(0, 0.03), 5),
                round(parent.longitude + rng.gauss(0, 0.03), 5),
            )
            result.append(
                TerritoryPlan(
                    place,
                    segment,
                    households,
                    customers,
                    villages,
                    Decimal(f"{loans:.2f}"),
                    Decimal(f"{deposits:.2f}"),
                )
            )
    return result


def staff_totals(rng: random.Random, cms_per_branch: list[int], share: float) -> list[dict[int, int]]:
    """Return each branch's total staff for 2024–2026; the CM share grows towards ``share`` in 2026."""
    result: list[dict[int, int]] = []
    for cms in cms_per_branch:
        latest = max(cms + 1, round(cms / (share * rng.uniform(0.9, 1.1))))
        result.append(
            {
                2024: round(latest * rng.uniform(0.97, 1.03)),
                2025: round(latest * rng.uniform(0.98, 1.02)),
                2026: latest,
            }
        )
    return result
