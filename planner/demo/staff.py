"""The demo bank's customer managers: who they are, where they work and where they worked before."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.demo.names import person_name
from planner.demo.org import CORPORATE_MIN_GRADE_RANK, Place, TerritoryPlan
from planner.enums import AvoidanceRelation, Education, Gender, ManagerStatus, Segment, TitleLevel

# 见习 < 初级 (most) > 中级 > 高级 > 资深 (few): the usual pyramid.
GRADE_WEIGHTS = [0.11, 0.39, 0.26, 0.17, 0.07]
# Years as a CM typical of each grade.
GRADE_TENURE_YEARS = [(0.1, 1.5), (1.0, 4.0), (3.0, 8.0), (6.0, 12.0), (10.0, 18.0)]
EDUCATION_WEIGHTS = {
    Education.HIGH_SCHOOL: 0.03,
    Education.JUNIOR_COLLEGE: 0.22,
    Education.BACHELOR: 0.65,
    Education.MASTER: 0.10,
}
GRADUATION_AGE = {
    Education.HIGH_SCHOOL: 19,
    Education.JUNIOR_COLLEGE: 21,
    Education.BACHELOR: 22,
    Education.MASTER: 25,
}
QUALIFICATION_VALIDITY_DAYS = 730


@dataclass
class ManagerPlan:
    """A generated CM before it has a database id."""

    employee_no: str
    name: str
    gender: Gender
    birth_date: date
    bank_hire_date: date
    cm_since: date
    grade_rank: int
    segment: Segment
    outlet: int
    territory: int | None
    territory_since: date | None
    education: Education
    title_level: TitleLevel
    qualification_passed_on: date | None
    credit_record_clean: bool
    has_disciplinary_record: bool
    status: ManagerStatus
    home: tuple[float, float]
    # Latent ability: drives KPI values and competency scores so they correlate with grade.
    ability: float
    # (territory index, started_on, ended_on or None for the current one), oldest first.
    history: list[tuple[int, date, date | None]] = field(default_factory=list)


def _days(years: float) -> timedelta:
    return timedelta(days=round(years * 365.25))


def _allocate(rng: random.Random, plans: list[TerritoryPlan], count: int) -> list[int]:
    """Give every territory one CM first, then the rest in proportion to households."""
    allocation = list(range(len(plans)))[:count]
    weights = [t.households for t in plans]
    allocation += rng.choices(range(len(plans)), weights, k=max(0, count - len(plans)))
    rng.shuffle(allocation)
    return allocation


def managers(
    rng: random.Random, plans: list[TerritoryPlan], outlets: list[Place], count: int, today: date
) -> list[ManagerPlan]:
    """Return ``count`` CMs: about 97% working a territory, 2% newly hired without one, 1% exited."""
    exited = max(1, count // 100) if count >= 50 else 0
    unassigned = max(1, count // 50) if count >= 50 else 0
    allocation = _allocate(rng, plans, count - exited - unassigned)
    kinds: list[int | str] = [*allocation, *(["new"] * unassigned), *(["exited"] * exited)]
    by_outlet_segment = _territories_by_branch(plans, outlets)
    result = []
    for seq, kind in enumerate(kinds, start=1):
        territory = kind if isinstance(kind, int) else None
        result.append(_manager(rng, seq, kind, territory, plans, outlets, by_outlet_segment, today))
    return result


def _territories_by_branch(plans: list[TerritoryPlan], outlets: list[Place]) -> dict[int, list[int]]:
    branch_of = {o.index: o.parent for o in outlets}
    grouped: dict[int, list[int]] = {}
    for t in plans:
        grouped.setdefault(branch_of[t.place.parent], []).append(t.place.index)
    return grouped


def _manager(
    rng: random.Random,
    seq: int,
    kind: int | str,
    territory: int | None,
    plans: list[TerritoryPlan],
    outlets: list[Place],
    by_branch: dict[int, list[int]],
    today: date,
) -> ManagerPlan:
    if territory is not None:
        plan = plans[territory]
        outlet, segment = plan.place.parent, plan.segment
    else:
        plan = None
        outlet = rng.randrange(len(outlets))
        segment = rng.choices([Segment.RETAIL, Segment.AGRICULTURE, Segment.SMALL_BUSINESS], [5, 4, 1])[0]
    if kind == "new":
        grade = 0
    elif segment is Segment.CORPORATE:
        grade = rng.choices(range(CORPORATE_MIN_GRADE_RANK, 5), GRADE_WEIGHTS[CORPORATE_MIN_GRADE_RANK:])[0]
    else:
        grade = rng.choices(range(5), GRADE_WEIGHTS)[0]
    low, high = GRADE_TENURE_YEARS[grade]
    tenure = rng.uniform(0.05, 0.4) if kind == "new" else rng.uniform(low, high)
    cm_since = today - _days(tenure)
    if kind == "exited":
        cm_since -= _days(1)
    education = rng.choices(list(EDUCATION_WEIGHTS), list(EDUCATION_WEIGHTS.values()))[0]
    # Many CMs start at the counter (柜员) and move to the front line after a few years.
    bank_hire = cm_since - _days(rng.choice([0.0, rng.uniform(0.5, 8.0), rng.uniform(1.0, 10.0)]))
    birth = bank_hire - _days(GRADUATION_AGE[education] + rng.uniform(0.5, 4.0))
    gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
    status = ManagerStatus.ACTIVE
    if kind == "exited":
        status = ManagerStatus.EXITED
    elif tenure < 0.5:
        status = ManagerStatus.PROBATION
    elif rng.random() < 0.03:
        status = ManagerStatus.LEAVE
    title = rng.choices(
        list(TitleLevel), [max(0.05, 0.5 - 0.1 * grade), 0.4, 0.1 + 0.1 * grade, 0.02 * grade]
    )[0]
    origin = outlets[outlet]
    result = ManagerPlan(
        employee_no=f"NS{bank_hire.year % 100:02d}{seq:05d}",
        name=person_name(rng, gender),
        gender=gender,
        birth_date=birth,
        bank_hire_date=bank_hire,
        cm_since=cm_since,
        grade_rank=grade,
        segment=segment,
        outlet=outlet,
        territory=territory,
        territory_since=None,
        education=education,
        title_level=title,
        qualification_passed_on=_qualification(rng, grade, today),
        credit_record_clean=rng.random() > 0.02,
        has_disciplinary_record=rng.random() < 0.01,
        status=status,
        home=(
            round(origin.latitude + rng.gauss(0, 0.05), 5),
            round(origin.longitude + rng.gauss(0, 0.05), 5),
        ),
        ability=0.6 * grade + rng.gauss(0, 1.0),
    )
    _add_history(rng, result, by_branch[origin.parent], today)
    return result


def _qualification(rng: random.Random, grade: int, today: date) -> date | None:
    """Most passed within two years; some expire within 90 days, some have expired; new trainees have none."""
    roll = rng.random()
    if grade == 0 and roll < 0.3:
        return None
    if roll < 0.06:
        return today - timedelta(
            days=rng.randint(QUALIFICATION_VALIDITY_DAYS + 1, QUALIFICATION_VALIDITY_DAYS + 300)
        )
    if roll < 0.16:
        return today - timedelta(
            days=rng.randint(QUALIFICATION_VALIDITY_DAYS - 90, QUALIFICATION_VALIDITY_DAYS - 1)
        )
    return today - timedelta(days=rng.randint(30, QUALIFICATION_VALIDITY_DAYS - 91))


def _add_history(rng: random.Random, cm: ManagerPlan, branch_territories: list[int], today: date) -> None:
    """Fill past territories (same branch) between ``cm_since`` and the current territory's start."""
    if cm.territory is not None:
        years_here = min((today - cm.cm_since).days / 365.25, rng.uniform(0.3, 6.0))
        cm.territory_since = max(cm.cm_since, today - _days(years_here))
        history_end = cm.territory_since
    elif cm.status is ManagerStatus.EXITED:
        history_end = today - timedelta(days=rng.randint(30, 240))
    else:
        return
    span = (history_end - cm.cm_since).days
    others = [t for t in branch_territories if t != cm.territory]
    past = min(rng.randint(1, 3), span // 365) if others else 0
    if cm.status is ManagerStatus.EXITED:
        past = max(1, past) if others else 0
    starts = sorted(cm.cm_since + timedelta(days=rng.randint(0, max(0, span - 1))) for _ in range(past - 1))
    bounds = [cm.cm_since, *starts, history_end]
    for i in range(past):
        cm.history.append((rng.choice(others), bounds[i], bounds[i + 1]))
    if cm.territory is not None and cm.territory_since is not None:
        cm.history.append((cm.territory, cm.territory_since, None))


def avoidance_pairs(
    rng: random.Random, cms: list[ManagerPlan], outlets: list[Place], share: float = 0.01
) -> list[tuple[int, int, AvoidanceRelation]]:
    """Return about ``share`` × CMs pairs of relatives working in the same branch (回避), by CM position."""
    branch_of = [outlets[cm.outlet].parent for cm in cms]
    by_branch: dict[int, list[int]] = {}
    for i, branch in enumerate(branch_of):
        if cms[i].status is not ManagerStatus.EXITED:
            by_branch.setdefault(branch, []).append(i)
    branches = [b for b in sorted(by_branch) if len(by_branch[b]) >= 2]
    wanted = max(1, round(len(cms) * share)) if branches else 0
    relations = list(AvoidanceRelation)
    pairs: dict[tuple[int, int], AvoidanceRelation] = {}
    for _ in range(wanted * 5):
        if len(pairs) >= wanted:
            break
        first, second = sorted(rng.sample(by_branch[rng.choice(branches)], 2))
        pairs.setdefault((first, second), rng.choices(relations, [0.5, 0.1, 0.25, 0.15])[0])
    return [(a, b, relation) for (a, b), relation in pairs.items()]
