"""The demo bank's shape, checked on the generated data of the small preset (no database needed)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from planner.demo import org, results, staff
from planner.demo.loader import REFERENCE_DATE
from planner.demo.sizes import SIZES, DemoSize, resolve_size
from planner.demo.streams import stream
from planner.enums import ManagerStatus

TODAY = REFERENCE_DATE


@pytest.fixture(scope="module")
def small():
    size = SIZES["small"]
    rng = stream(1, "org")
    branches = org.branches(rng, size.branches)
    outlets = org.outlets(rng, branches, size.outlets)
    territories = org.territories(rng, outlets, size.territories)
    cms = staff.managers(stream(1, "staff"), territories, outlets, size.managers, TODAY)
    return branches, outlets, territories, cms


def test_small_preset_is_a_county_bank_of_5000_staff():
    small = SIZES["small"]
    assert (small.branches, small.outlets, small.territories, small.managers, small.candidates) == (
        12,
        60,
        400,
        1000,
        600,
    )
    assert small.managers / small.cm_share == pytest.approx(5000)


def test_unknown_size_name_is_refused():
    with pytest.raises(ValueError, match="huge"):
        resolve_size("huge")


def test_more_branches_than_outlets_is_refused():
    with pytest.raises(ValueError):
        DemoSize(branches=5, outlets=4, territories=10, managers=10, candidates=0)


def test_split_gives_every_part_at_least_one_and_keeps_the_total():
    counts = org.split(random.Random(3), 60, 12)
    assert sum(counts) == 60
    assert min(counts) >= 1


def test_grades_form_a_pyramid(small):
    grades = Counter(cm.grade_rank for cm in small[3])
    assert grades[0] < grades[1]
    assert grades[1] > grades[2] > grades[3] > grades[4]


def test_territories_have_500_to_2500_households(small):
    households = [t.households for t in small[2]]
    assert min(households) >= 500
    assert max(households) <= 2500


def test_most_ages_are_25_to_50(small):
    ages = [(TODAY - cm.birth_date).days / 365.25 for cm in small[3]]
    assert sum(25 <= age <= 50 for age in ages) / len(ages) >= 0.85


def test_bachelors_are_the_majority(small):
    education = Counter(cm.education.value for cm in small[3])
    assert education.most_common(1)[0][0] == "bachelor"
    assert education["bachelor"] / len(small[3]) > 0.5


def test_some_qualifications_have_expired_and_some_expire_within_90_days(small):
    expiries = [
        cm.qualification_passed_on + timedelta(days=staff.QUALIFICATION_VALIDITY_DAYS)
        for cm in small[3]
        if cm.qualification_passed_on
    ]
    expired = sum(expiry < TODAY for expiry in expiries)
    soon = sum(TODAY <= expiry <= TODAY + timedelta(days=90) for expiry in expiries)
    assert 0.02 * len(expiries) < expired < 0.15 * len(expiries)
    assert 0.04 * len(expiries) < soon < 0.2 * len(expiries)


def test_some_cms_are_on_leave_on_probation_or_exited(small):
    statuses = Counter(cm.status for cm in small[3])
    assert statuses[ManagerStatus.LEAVE] > 0
    assert statuses[ManagerStatus.PROBATION] > 0
    assert statuses[ManagerStatus.EXITED] == 10


def test_about_one_percent_avoidance_pairs_inside_one_branch(small):
    _, outlets, _, cms = small
    pairs = staff.avoidance_pairs(random.Random(1), cms, outlets)
    assert len(pairs) == 10
    for a, b, _ in pairs:
        assert a < b
        assert outlets[cms[a].outlet].parent == outlets[cms[b].outlet].parent


def test_npl_ratios_are_mostly_half_to_six_percent(small):
    rng = random.Random(5)
    ratios = [results.kpi_values(rng, cm, 2025)["npl_ratio"] for cm in small[3]]
    assert sum(0.5 <= r <= 6.0 for r in ratios) / len(ratios) >= 0.85


def test_better_grades_bring_higher_average_deposits(small):
    rng = random.Random(5)
    by_grade: dict[int, list[float]] = {}
    for cm in small[3]:
        by_grade.setdefault(cm.grade_rank, []).append(results.kpi_values(rng, cm, 2025)["deposits"])
    means = [sum(v) / len(v) for _, v in sorted(by_grade.items())]
    assert means == sorted(means)
