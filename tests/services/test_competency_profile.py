"""A CM's competency profile uses the latest score per dimension and the framework's weights."""

import datetime as dt

import pytest

from planner.assessments.profile import competency_profile
from planner.competency.defaults import DEFAULT_GROUPS, seed_default_framework
from planner.competency.services import active_framework
from tests import factories


def test_default_framework_has_the_three_literature_groups(db):
    framework = seed_default_framework(db)
    assert [g.name_zh for g in framework.groups] == ["品德素质", "业务素质", "心理素质"]
    assert sum(len(g.dimensions) for g in framework.groups) == sum(len(g[4]) for g in DEFAULT_GROUPS) == 12


def test_seeding_twice_creates_one_framework(db):
    first = seed_default_framework(db)
    assert seed_default_framework(db).id == first.id
    assert db.query(factories.models.CompetencyFramework).count() == 1


def test_profile_uses_the_latest_assessment_and_weights_groups(db):
    framework = factories.FrameworkFactory()
    ethics = factories.CompetencyGroupFactory(framework=framework, weight=1.0, position=0)
    skills = factories.CompetencyGroupFactory(framework=framework, weight=3.0, position=1)
    honesty = factories.DimensionFactory(group=ethics, weight=1.0)
    marketing = factories.DimensionFactory(group=skills, weight=1.0)
    risk = factories.DimensionFactory(group=skills, weight=3.0)
    manager = factories.ManagerFactory()
    factories.AssessmentFactory(manager=manager, dimension=honesty, score=60, assessed_on=dt.date(2024, 1, 1))
    factories.AssessmentFactory(manager=manager, dimension=honesty, score=80, assessed_on=dt.date(2025, 1, 1))
    factories.AssessmentFactory(manager=manager, dimension=marketing, score=40)
    factories.AssessmentFactory(manager=manager, dimension=risk, score=80)
    db.refresh(framework)

    profile = competency_profile(db, framework, manager_id=manager.id)

    assert [d.score for d in profile.dimensions] == [80, 40, 80]
    # skills: (1×40 + 3×80) / 4 = 70; overall: (1×80 + 3×70) / 4 = 72.5
    assert [g.score for g in profile.groups] == [80, 70]
    assert profile.overall == pytest.approx(72.5)


def test_unassessed_dimensions_are_left_out_of_the_means(db):
    framework = factories.FrameworkFactory()
    group = factories.CompetencyGroupFactory(framework=framework)
    assessed = factories.DimensionFactory(group=group)
    factories.DimensionFactory(group=group)
    manager = factories.ManagerFactory()
    factories.AssessmentFactory(manager=manager, dimension=assessed, score=66)
    db.refresh(framework)
    profile = competency_profile(db, framework, manager_id=manager.id)
    assert [d.score for d in profile.dimensions] == [66, None]
    assert profile.overall == 66


def test_active_framework_is_the_newest_active_version(db):
    factories.FrameworkFactory(name="M", version=1, is_active=True)
    newest = factories.FrameworkFactory(name="M", version=2, is_active=True)
    factories.FrameworkFactory(name="M", version=3, is_active=False)
    assert active_framework(db).id == newest.id
