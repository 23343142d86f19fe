"""Realistic bank-scale scenarios, deterministic by seed, with every rule active.

Outlets (网点) sit in clusters on a 80 km x 80 km region, each owning about eight territories; CMs have a
grade, one or two segments, competency scores, a home near their outlet, a current territory and years there;
a few are linked (回避), pinned or barred from a territory. ``grids`` > 0 gives a shape-2 scenario.
"""

from __future__ import annotations

import numpy as np

from solver.assign.model import GRADES, SEGMENTS, Grid, Manager, Problem, Rules, Territory, Unit

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
