"""Competency frameworks: versions, the one active version, groups and dimensions and their refusals."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from planner.competency import services
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.errors import InvalidInput, StillReferenced
from tests import factories


@pytest.fixture(autouse=True)
def _english_messages(db):
    """Check refusal messages in English (services translate them in the request's locale)."""
    with force_locale("en"):
        yield


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_first_framework_is_created_active_and_later_ones_inactive(db):
    first = services.create_framework(db, name="模型A")
    second = services.create_framework(db, name="模型B")
    assert (first.version, first.is_active) == (1, True)
    assert (second.version, second.is_active) == (1, False)


def test_duplicate_name_and_version_is_refused(db):
    services.create_framework(db, name="模型A")
    with pytest.raises(InvalidInput) as error:
        services.create_framework(db, name="模型A")
    assert error.value.field == "name"
    assert _count(db, CompetencyFramework) == 1


def test_activating_a_version_switches_every_other_framework_off(db):
    old = factories.FrameworkFactory(name="M", version=1, is_active=True)
    other = factories.FrameworkFactory(name="N", version=1, is_active=True)
    new = factories.FrameworkFactory(name="M", version=2, is_active=False)
    services.activate_framework(db, new)
    db.expire_all()
    active = db.scalars(select(CompetencyFramework.id).where(CompetencyFramework.is_active.is_(True))).all()
    assert active == [new.id]
    assert not old.is_active and not other.is_active


def test_new_version_copies_groups_and_dimensions_with_their_weights(db):
    framework = factories.FrameworkFactory(name="M", version=1, is_active=True, description="说明")
    ethics = factories.CompetencyGroupFactory(framework=framework, code="ethics", weight=0.3, position=0)
    skills = factories.CompetencyGroupFactory(framework=framework, code="skills", weight=0.7, position=1)
    factories.DimensionFactory(group=ethics, code="honesty", weight=1.0, position=0)
    factories.DimensionFactory(group=skills, code="marketing", weight=2.0, position=0)
    factories.DimensionFactory(group=skills, code="risk", weight=3.0, position=1)
    db.refresh(framework)

    copy = services.new_version(db, framework)

    assert (copy.name, copy.version, copy.is_active, copy.description) == ("M", 2, False, "说明")
    assert [(g.code, g.weight) for g in copy.groups] == [("ethics", 0.3), ("skills", 0.7)]
    assert [[(d.code, d.weight) for d in g.dimensions] for g in copy.groups] == [
        [("honesty", 1.0)],
        [("marketing", 2.0), ("risk", 3.0)],
    ]
    assert framework.is_active  # the original stays the active one until the copy is activated
    assert _count(db, CompetencyDimension) == 6


def test_new_version_numbers_after_the_latest_version_of_the_name(db):
    v1 = factories.FrameworkFactory(name="M", version=1)
    factories.FrameworkFactory(name="M", version=2, is_active=False)
    assert services.new_version(db, v1).version == 3


def test_group_weights_are_shown_as_shares():
    assert services.weight_shares([0.3, 0.5, 0.2]) == pytest.approx([0.3, 0.5, 0.2])
    assert services.weight_shares([1.0, 3.0]) == [0.25, 0.75]
    assert services.weight_shares([0.0, 0.0]) == [None, None]


def test_group_code_must_be_unique_in_its_framework(db):
    framework = factories.FrameworkFactory()
    factories.CompetencyGroupFactory(framework=framework, code="ethics")
    db.refresh(framework)
    with pytest.raises(InvalidInput) as error:
        services.create_group(db, framework, code="ethics", name_zh="品德", name_en="Ethics", weight=1)
    assert error.value.field == "code"
    assert _count(db, CompetencyGroup) == 1


def test_same_dimension_code_is_allowed_in_another_group(db):
    first, second = factories.CompetencyGroupFactory(), factories.CompetencyGroupFactory()
    factories.DimensionFactory(group=first, code="risk")
    db.refresh(second)
    dimension = services.create_dimension(db, second, code="risk", name_zh="风险", name_en="Risk", weight=1)
    assert dimension.group_id == second.id


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name_zh": "", "name_en": "Risk", "weight": 1}, "name_zh"),
        ({"name_zh": "风险", "name_en": " ", "weight": 1}, "name_en"),
        ({"name_zh": "风险", "name_en": "Risk", "weight": -0.1}, "weight"),
    ],
)
def test_dimension_needs_both_names_and_a_non_negative_weight(db, fields, field):
    group = factories.CompetencyGroupFactory()
    with pytest.raises(InvalidInput) as error:
        services.create_dimension(db, group, code="risk", **fields)
    assert error.value.field == field
    assert _count(db, CompetencyDimension) == 0


def test_dimension_with_assessments_cannot_be_deleted(db):
    assessment = factories.AssessmentFactory()
    with pytest.raises(StillReferenced) as error:
        services.delete_dimension(db, assessment.dimension)
    assert "1 assessments" in error.value.message
    assert "new version" in error.value.message
    assert _count(db, CompetencyDimension) == 1


def test_dimension_with_a_territory_threshold_cannot_be_deleted(db):
    dimension = factories.DimensionFactory()
    territory = factories.TerritoryFactory()
    db.add(factories.models.TerritoryThreshold(territory=territory, dimension=dimension, min_score=60))
    db.flush()
    with pytest.raises(StillReferenced) as error:
        services.delete_dimension(db, dimension)
    assert "1 territory thresholds" in error.value.message


def test_group_whose_dimension_is_assessed_cannot_be_deleted(db):
    assessment = factories.AssessmentFactory()
    with pytest.raises(StillReferenced):
        services.delete_group(db, assessment.dimension.group)
    assert _count(db, CompetencyGroup) == 1


def test_unused_dimension_is_deleted(db):
    dimension = factories.DimensionFactory()
    services.delete_dimension(db, dimension)
    assert _count(db, CompetencyDimension) == 0


def test_active_framework_cannot_be_deleted(db):
    framework = factories.FrameworkFactory(is_active=True)
    with pytest.raises(InvalidInput):
        services.delete_framework(db, framework)
    assert _count(db, CompetencyFramework) == 1


def test_default_model_is_seeded_only_when_no_framework_exists(db):
    framework = services.seed_default_model(db)
    assert framework.is_active and len(framework.groups) == 3
    with pytest.raises(InvalidInput):
        services.seed_default_model(db)
    assert _count(db, CompetencyFramework) == 1


def test_list_counts_groups_dimensions_and_assessments(db):
    framework = factories.FrameworkFactory(name="M")
    group = factories.CompetencyGroupFactory(framework=framework)
    first = factories.DimensionFactory(group=group)
    factories.DimensionFactory(group=group)
    factories.AssessmentFactory(dimension=first)
    factories.AssessmentFactory(dimension=first)
    factories.FrameworkFactory(name="N")
    rows = [(s.framework.name, s.groups, s.dimensions, s.assessments) for s in services.list_frameworks(db)]
    assert rows == [("M", 1, 2, 2), ("N", 0, 0, 0)]
