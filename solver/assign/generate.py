"""Realistic bank-scale scenarios, deterministic by seed, with every rule active.

Outlets (网点) sit in clusters on a 80 km x 80 km region, each owning about eight territories; CMs have a
grade, one or two segments, competency scores, a home near their outlet, a current territory and years there;
a few are linked (回避), pinned or barred from a territory. ``grids`` > 0 gives a shape-2 scenario.
"""

from __future__ import annotations

import numpy as np

from solver.assign.model import GRADES, SEGMENTS, Grid, Manager, Problem, Rules, Segment, Territory, Unit

SKILLS = ("credit", "wealth", "risk", "digital")
SEGMENT_SHARE = (0.5, 0.2, 0.2, 0.1)
GRADE_SHARE = (0.1, 0.3, 0.35, 0.18, 0.07)


def generate(cms: int, territories: int, seed: int = 1, grids: int = 0) -> Problem:
    """Return a scenario with ``cms`` CMs and ``territories`` territories (or ``grids`` grids)."""
    rng = np.random.default_rng(seed)
    n_units = max(1, territories // 8)
    centres = rng.uniform(10, 70, size=(max(1, n_units // 25), 2))
    unit_xy = centres[rng.integers(len(centres), size=n_units)] + rng.normal(0, 6, size=(n_units, 2))
    units = [Unit(f"U{u:04d}", round(float(x), 2), round(float(y), 2)) for u, (x, y) in enumerate(unit_xy)]
    t_unit = np.sort(rng.integers(n_units, size=territories))
    t_seg = rng.choice(len(SEGMENTS), size=territories, p=SEGMENT_SHARE)
    shares = rng.gamma(4.0, 1.0, size=territories)
    need = np.maximum(1, np.round(shares / shares.sum() * cms * 0.97)).astype(int)
    terr = []
    for t in range(territories):
        xy = unit_xy[t_unit[t]] + rng.normal(0, 2, size=2)
        thresholds = {
            str(s): int(rng.integers(40, 65))
            for s in rng.choice(SKILLS, size=rng.integers(0, 3), replace=False)
        }
        terr.append(
            Territory(
                id=f"T{t:05d}",
                unit=units[t_unit[t]].id,
                segment=SEGMENTS[t_seg[t]],
                need=int(need[t]),
                min_grade=GRADES[int(rng.choice(3, p=(0.6, 0.3, 0.1)))],
                competency_min=thresholds,
                x=round(float(xy[0]), 2),
                y=round(float(xy[1]), 2),
            )
        )
    # current posts: fill territories roughly to their need
    slots = np.repeat(np.arange(territories), need)
    rng.shuffle(slots)
    current = np.concatenate([slots, rng.integers(territories, size=max(0, cms - slots.size))])[:cms]
    managers = []
    for c in range(cms):
        t = int(current[c])
        segs = [SEGMENTS[t_seg[t]]]
        if rng.random() < 0.3:
            segs.append(SEGMENTS[int(rng.choice(len(SEGMENTS), p=SEGMENT_SHARE))])
        home = unit_xy[t_unit[t]] + rng.normal(0, 5, size=2)
        managers.append(
            Manager(
                id=f"M{c:06d}",
                grade=GRADES[int(rng.choice(len(GRADES), p=GRADE_SHARE))],
                segments=sorted(set(segs)),
                competencies={s: int(rng.integers(30, 96)) for s in SKILLS},
                home_x=round(float(home[0]), 2),
                home_y=round(float(home[1]), 2),
                current=terr[t].id if rng.random() < 0.95 else None,
                years=round(float(rng.exponential(2.5)), 1),
                capacity=int(rng.integers(80, 121)),
            )
        )
    problem = Problem(units=units, territories=terr, managers=managers)
    ids = [m.id for m in managers]
    pick = rng.choice(cms, size=(max(1, cms // 100), 2))
    problem.avoidance = [(ids[a], ids[b]) for a, b in pick if a != b]
    linked = {x for pair in problem.avoidance for x in pair}
    # pin only CMs who meet any territory's minimum grade, are not due to rotate and are not linked
    pinnable = [
        m for m in managers if m.current and m.years <= 3 and m.grade in GRADES[2:] and m.id not in linked
    ]
    chosen = rng.choice(len(pinnable), size=min(len(pinnable), max(1, cms // 200)), replace=False)
    problem.pins = [(pinnable[k].id, str(pinnable[k].current)) for k in sorted(chosen.tolist())]
    problem.forbidden = [
        (ids[int(rng.integers(cms))], terr[int(rng.integers(territories))].id)
        for _ in range(max(1, cms // 200))
    ]
    problem.forbidden = [f for f in problem.forbidden if f not in set(problem.pins)]
    problem.rules = Rules(travel_max_km=45.0, max_moves=max(1, cms // 4))
    if grids:
        problem = _grids_version(problem, grids, rng)
    return problem


def _grids_version(problem: Problem, grids: int, rng: np.random.Generator) -> Problem:
    """Replace territories by grids that need CMs' capacity (shape 2)."""
    mgrs = problem.managers
    total_cap = sum(m.capacity for m in mgrs)
    work = rng.gamma(3.0, 1.0, size=grids)
    work = np.maximum(1, np.round(work / work.sum() * total_cap * 0.9)).astype(int)
    owners = rng.integers(len(mgrs), size=grids)
    grid_list = []
    for g in range(grids):
        m = mgrs[owners[g]]
        xy = np.array([m.home_x, m.home_y]) + rng.normal(0, 4, size=2)
        seg = m.segments[int(rng.integers(len(m.segments)))]
        grid_list.append(
            Grid(f"G{g:05d}", int(work[g]), round(float(xy[0]), 2), round(float(xy[1]), 2), seg, m.id)
        )
    for m in mgrs:
        m.current = None
    rules = Rules(travel_max_km=45.0, balance=True, max_moves=max(1, grids // 4))
    return Problem(units=problem.units, managers=mgrs, grids=grid_list, rules=rules)


BANK_SEGMENTS: tuple[Segment, ...] = ("retail", "agriculture", "corporate")
BANK_SEGMENT_SHARE = (0.5, 0.25, 0.25)
BANK_GRADE_SHARE = (0.15, 0.3, 0.3, 0.18, 0.07)  # the grade pyramid, trainee to principal
BANK_SKILLS = ("credit", "marketing", "risk")


def generate_bank(cms: int, seed: int = 1) -> Problem:
    """Return a bank as its planners state it: 50 CMs a branch, 5 a territory, the rules of issue 12.

    Branches sit on a plane, each with its 2-4 nearest branches as neighbours; a CM may serve their own or a
    neighbouring branch, in their segment (half retail, a quarter agriculture, a quarter corporate; about 10%
    of CMs sit in a territory of another segment), at least the territory's minimum grade, and must leave a
    territory after more than 5 years (years in place 0-7). Needs sum to about 96% of the CMs and no
    territory may take more than its need; avoidance pairs (about one per 50 CMs) are relatives in the same
    or a neighbouring branch. Costs: a move 10, travel 1 per km from home, 1 per competency point short,
    200 for a territory without a senior, 1,000 per missing CM.
    """
    rng = np.random.default_rng(seed)
    n_units = max(2, cms // 50)
    n_terr = max(n_units, cms // 5)
    side = 12.0 * np.sqrt(n_units)  # about 12 km between branches
    unit_xy = rng.uniform(0, side, size=(n_units, 2))
    dist = np.hypot(*(unit_xy[:, None, :] - unit_xy[None, :, :]).transpose(2, 0, 1))
    near = np.argsort(dist, axis=1)[:, 1 : 1 + 4]
    neighbours: list[set[int]] = [set() for _ in range(n_units)]
    for u in range(n_units):
        for v in near[u, : int(rng.integers(2, 5))].tolist():
            neighbours[u].add(v)
            neighbours[v].add(u)
    units = [
        Unit(
            f"B{u:04d}", round(float(x), 2), round(float(y), 2), [f"B{v:04d}" for v in sorted(neighbours[u])]
        )
        for u, (x, y) in enumerate(unit_xy)
    ]
    t_unit = np.sort(np.concatenate([np.arange(n_units), rng.integers(n_units, size=n_terr - n_units)]))
    t_seg = rng.choice(len(BANK_SEGMENTS), size=n_terr, p=BANK_SEGMENT_SHARE)
    weight = rng.gamma(5.0, 1.0, size=n_terr)
    need = np.maximum(1, np.round(weight / weight.sum() * cms * 0.96)).astype(int)
    t_xy = unit_xy[t_unit] + rng.normal(0, 3, size=(n_terr, 2))
    territories = [
        Territory(
            id=f"T{t:05d}",
            unit=units[t_unit[t]].id,
            segment=BANK_SEGMENTS[t_seg[t]],
            need=int(need[t]),
            min_grade=GRADES[int(rng.choice(3, p=(0.6, 0.25, 0.15)))],
            competency_min={
                str(s): int(rng.integers(60, 86))
                for s in rng.choice(BANK_SKILLS, size=int(rng.integers(1, 3)), replace=False)
            },
            x=round(float(t_xy[t, 0]), 2),
            y=round(float(t_xy[t, 1]), 2),
        )
        for t in range(n_terr)
    ]
    # current posts fill the territories to their need, the rest spread over all territories
    slots = np.repeat(np.arange(n_terr), need)
    rng.shuffle(slots)
    current = np.concatenate([slots, rng.integers(n_terr, size=max(0, cms - slots.size))])[:cms]
    grade = rng.choice(len(GRADES), size=cms, p=BANK_GRADE_SHARE)
    managers = []
    for c in range(cms):
        t = int(current[c])
        seg = int(t_seg[t]) if rng.random() >= 0.1 else int(rng.choice(len(BANK_SEGMENTS)))
        home = t_xy[t] + rng.normal(0, 4, size=2)
        managers.append(
            Manager(
                id=f"M{c:06d}",
                grade=GRADES[int(grade[c])],
                segments=[BANK_SEGMENTS[seg]],
                competencies={s: int(rng.integers(55, 99)) for s in BANK_SKILLS},
                home_x=round(float(home[0]), 2),
                home_y=round(float(home[1]), 2),
                current=territories[t].id,
                years=round(float(rng.uniform(0, 7)), 1),
            )
        )
    avoidance = []
    for _ in range(cms // 50):
        a = int(rng.integers(cms))
        u = int(t_unit[current[a]])
        pool = [u, *sorted(neighbours[u])]
        v = pool[int(rng.integers(len(pool)))]
        in_v = np.nonzero(t_unit[current] == v)[0]
        b = int(in_v[rng.integers(in_v.size)])
        if a != b:
            avoidance.append((managers[a].id, managers[b].id))
    rules = Rules(
        reach="neighbours",
        segment_hard=True,
        grade_hard=True,
        competency_hard=False,
        rotation_weight=0.0,  # the bank states only the hard half
        rotation_must_years=5.0,
        surplus_hard=True,
        candidates_per_manager=10_000,
        candidates_per_territory=10_000,
    )
    return Problem(units=units, territories=territories, managers=managers, avoidance=avoidance, rules=rules)
