"""Index a problem into numpy arrays: managers on one side, places (territories or grids) on the other.

In shape 1 the item is the manager and the bin the territory; in shape 2 the item is the grid and the bin the
manager. Rules speak of (manager, place) pairs so the same rule serves both shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from solver.assign.model import SEGMENTS, Problem, grade_level

SCALE = 100  # internal integer cost units per reported cost unit


def segment_bit(segment: str) -> int:
    """Return the bit of a segment."""
    if segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}; expected one of {SEGMENTS}")
    return 1 << SEGMENTS.index(segment)


@dataclass
class Context:
    """Problem arrays shared by the rules; ``place`` = territory (shape 1) or grid (shape 2)."""

    problem: Problem
    shape: str
    manager_ids: list[str]
    place_ids: list[str]
    m_grade: np.ndarray
    m_seg: np.ndarray
    m_comp: np.ndarray  # managers x skills
    m_home: np.ndarray  # managers x 2
    m_origin: np.ndarray  # managers x 2: where travel is measured from
    m_cur: np.ndarray  # shape 1: current territory index or -1
    m_years: np.ndarray
    m_cap: np.ndarray
    p_seg: np.ndarray
    p_xy: np.ndarray
    p_min_grade: np.ndarray
    p_comp: np.ndarray  # places x skills (0 = no threshold)
    p_unit: np.ndarray  # shape 1: unit index of the territory
    p_need: np.ndarray  # shape 1: CMs needed; shape 2: workload
    p_cur: np.ndarray  # shape 2: current manager index or -1
    unit_ids: list[str]
    manager_index: dict[str, int] = field(default_factory=dict)
    place_index: dict[str, int] = field(default_factory=dict)

    @property
    def territories(self) -> bool:
        """Return True for shape 1 (CMs → territories)."""
        return self.shape == "territories"

    def pair_of(self, mgr: np.ndarray, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (item, bin) arrays for (manager, place) arrays."""
        return (mgr, place) if self.territories else (place, mgr)

    def mgr_place(self, item: np.ndarray, bin_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (manager, place) arrays for (item, bin) arrays."""
        return (item, bin_) if self.territories else (bin_, item)

    def item_ids(self) -> list[str]:
        """Return the ids of the items (what gets assigned)."""
        return self.manager_ids if self.territories else self.place_ids

    def bin_ids(self) -> list[str]:
        """Return the ids of the bins (where items go)."""
        return self.place_ids if self.territories else self.manager_ids


def build_context(problem: Problem) -> Context:
    """Turn a problem into arrays; raise ValueError on unknown ids."""
    shape = problem.shape
    rules = problem.rules
    units = {u.id: i for i, u in enumerate(problem.units)}
    unit_xy = np.array([[u.x, u.y] for u in problem.units] or np.zeros((0, 2)), dtype=np.float64)
    skills = sorted(
        {s for m in problem.managers for s in m.competencies}
        | {s for t in problem.territories for s in t.competency_min}
    )
    sk = {s: i for i, s in enumerate(skills)}
    mgrs = problem.managers
    n_m = len(mgrs)
    m_comp = np.zeros((n_m, len(skills)), dtype=np.int64)
    for i, m in enumerate(mgrs):
        for s, v in m.competencies.items():
            m_comp[i, sk[s]] = v
    m_index = {m.id: i for i, m in enumerate(mgrs)}
    m_home = np.array([[m.home_x, m.home_y] for m in mgrs], dtype=np.float64).reshape(n_m, 2)
    if shape == "territories":
        places = problem.territories
        p_index = {t.id: i for i, t in enumerate(places)}
        for t in places:
            if t.unit not in units:
                raise ValueError(f"territory {t.id}: unknown unit {t.unit!r}")
        p_unit = np.array([units[t.unit] for t in places], dtype=np.int64)
        p_xy = np.array(
            [
                [
                    t.x if t.x is not None else unit_xy[units[t.unit], 0],
                    t.y if t.y is not None else unit_xy[units[t.unit], 1],
                ]
                for t in places
            ],
            dtype=np.float64,
        ).reshape(len(places), 2)
        p_seg = np.array([segment_bit(t.segment) for t in places], dtype=np.int64)
        p_min = np.array([grade_level(t.min_grade, problem.grades) for t in places], dtype=np.int64)
        p_comp = np.zeros((len(places), len(skills)), dtype=np.int64)
        for j, t in enumerate(places):
            for s, v in t.competency_min.items():
                p_comp[j, sk[s]] = v
        p_need = np.array([t.need for t in places], dtype=np.int64)
        p_cur = np.full(len(places), -1, dtype=np.int64)
        for m in mgrs:
            if m.current is not None and m.current not in p_index:
                raise ValueError(f"manager {m.id}: unknown current territory {m.current!r}")
        m_cur = np.array([p_index[m.current] if m.current else -1 for m in mgrs], dtype=np.int64)
        m_origin = m_home.copy()
        if rules.travel_from == "outlet":
            has = m_cur >= 0
            m_origin[has] = unit_xy[p_unit[m_cur[has]]]
    else:
        grids = problem.grids
        p_index = {g.id: i for i, g in enumerate(grids)}
        p_unit = np.zeros(len(grids), dtype=np.int64)
        p_xy = np.array([[g.x, g.y] for g in grids], dtype=np.float64).reshape(len(grids), 2)
        p_seg = np.array([segment_bit(g.segment) for g in grids], dtype=np.int64)
        p_min = np.zeros(len(grids), dtype=np.int64)
        p_comp = np.zeros((len(grids), len(skills)), dtype=np.int64)
        p_need = np.array([g.workload for g in grids], dtype=np.int64)
        for g in grids:
            if g.current is not None and g.current not in m_index:
                raise ValueError(f"grid {g.id}: unknown current manager {g.current!r}")
        p_cur = np.array([m_index[g.current] if g.current else -1 for g in grids], dtype=np.int64)
        m_cur = np.full(n_m, -1, dtype=np.int64)
        m_origin = m_home.copy()
    return Context(
        problem=problem,
        shape=shape,
        manager_ids=[m.id for m in mgrs],
        place_ids=[p.id for p in (problem.territories if shape == "territories" else problem.grids)],
        m_grade=np.array([grade_level(m.grade, problem.grades) for m in mgrs], dtype=np.int64),
        m_seg=np.array([sum(segment_bit(s) for s in set(m.segments)) for m in mgrs], dtype=np.int64),
        m_comp=m_comp,
        m_home=m_home,
        m_origin=m_origin,
        m_cur=m_cur,
        m_years=np.array([m.years for m in mgrs], dtype=np.float64),
        m_cap=np.array([m.capacity for m in mgrs], dtype=np.int64),
        p_seg=p_seg,
        p_xy=p_xy,
        p_min_grade=p_min,
        p_comp=p_comp,
        p_unit=p_unit,
        p_need=p_need,
        p_cur=p_cur,
        unit_ids=[u.id for u in problem.units],
        manager_index=m_index,
        place_index=p_index,
    )
