"""Creating and changing CMs: every rule refuses with the field it concerns and changes nothing."""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from planner.enums import Education, Gender, ManagerStatus, Segment, TitleLevel
from planner.errors import InvalidInput
from planner.people.models import Manager, TerritoryAssignment
from planner.people.services import ManagerData, create_manager, update_manager
from tests import factories

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def outlet(db):
    return factories.OutletFactory()


@pytest.fixture
def data(db, outlet) -> ManagerData:
    """A valid CM: born 1990, joined the bank 2014, CM since 2016, in an outlet."""
    grade = factories.GradeFactory()
    db.flush()
    return ManagerData(
        employee_no="E900001",
        name="王芳",
        gender=Gender.FEMALE,
        birth_date=dt.date(1990, 5, 1),
        bank_hire_date=dt.date(2014, 7, 1),
        cm_since=dt.date(2016, 3, 1),
        grade_id=grade.id,
        segment=Segment.RETAIL,
        unit_id=outlet.id,
        education=Education.BACHELOR,
        title_level=TitleLevel.JUNIOR,
        qualification_passed_on=dt.date(2025, 6, 1),
        status=ManagerStatus.ACTIVE,
    )


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def refused_on(db, data: ManagerData) -> str:
    db.commit()
    before = count(db, Manager)
    with pytest.raises(InvalidInput) as refusal:
        create_manager(db, data, TODAY)
    db.rollback()
    assert count(db, Manager) == before
    return refusal.value.field


def test_a_valid_cm_is_created_with_every_fact(db, data):
    manager = create_manager(db, data, TODAY)
    db.commit()
    stored = db.get(Manager, manager.id)
    assert (stored.employee_no, stored.name, stored.unit_id, stored.territory_id) == (
        "E900001",
        "王芳",
        data.unit_id,
        None,
    )
    assert stored.assignments == []


def test_employee_number_must_be_unique(db, data):
    factories.ManagerFactory(employee_no="E900001")
    db.flush()
    assert refused_on(db, data) == "employee_no"


@pytest.mark.parametrize(
    ("birth_date", "accepted"),
    [
        (dt.date(2008, 6, 1), True),  # 18 today
        (dt.date(2008, 6, 2), False),  # 18 tomorrow
        (dt.date(1960, 6, 2), True),  # 65, turns 66 tomorrow
        (dt.date(1960, 6, 1), False),  # 66 today
    ],
)
def test_age_must_be_18_to_65(db, data, birth_date, accepted):
    data = dataclasses.replace(
        data, birth_date=birth_date, bank_hire_date=dt.date(2026, 6, 1), cm_since=dt.date(2026, 6, 1)
    )
    if accepted:
        assert create_manager(db, data, TODAY).birth_date == birth_date
    else:
        assert refused_on(db, data) == "birth_date"


def test_bank_hire_date_before_the_18th_birthday_is_refused(db, data):
    assert refused_on(db, dataclasses.replace(data, bank_hire_date=dt.date(2008, 4, 30))) == "bank_hire_date"


def test_bank_hire_on_the_18th_birthday_is_accepted(db, data):
    assert create_manager(db, dataclasses.replace(data, bank_hire_date=dt.date(2008, 5, 1)), TODAY).id


def test_bank_hire_date_in_the_future_is_refused(db, data):
    changed = dataclasses.replace(data, bank_hire_date=dt.date(2026, 6, 2), cm_since=dt.date(2026, 6, 2))
    assert refused_on(db, changed) == "bank_hire_date"


def test_cm_since_before_the_bank_hire_date_is_refused(db, data):
    assert refused_on(db, dataclasses.replace(data, cm_since=dt.date(2014, 6, 30))) == "cm_since"


def test_cm_since_on_the_bank_hire_date_is_accepted(db, data):
    assert create_manager(db, dataclasses.replace(data, cm_since=dt.date(2014, 7, 1)), TODAY).id


def test_qualification_in_the_future_is_refused(db, data):
    changed = dataclasses.replace(data, qualification_passed_on=dt.date(2026, 6, 2))
    assert refused_on(db, changed) == "qualification_passed_on"


def test_unit_must_be_an_outlet_or_a_branch(db, data):
    bank = factories.BankFactory()
    db.flush()
    assert refused_on(db, dataclasses.replace(data, unit_id=bank.id)) == "unit_id"


def test_cm_of_a_branch_may_work_a_territory_of_an_outlet_under_it(db, data, outlet):
    territory = factories.TerritoryFactory(unit=outlet)
    db.flush()
    changed = dataclasses.replace(data, unit_id=outlet.parent_id, territory_id=territory.id)
    assert create_manager(db, changed, TODAY).territory_id == territory.id


def test_territory_of_another_unit_is_refused(db, data):
    elsewhere = factories.TerritoryFactory()  # under its own, unrelated outlet
    db.flush()
    assert refused_on(db, dataclasses.replace(data, territory_id=elsewhere.id)) == "territory_id"


def test_territory_of_another_segment_is_refused(db, data, outlet):
    corporate = factories.TerritoryFactory(unit=outlet, segment=Segment.CORPORATE)
    db.flush()
    assert refused_on(db, dataclasses.replace(data, territory_id=corporate.id)) == "territory_id"


def test_creating_with_a_territory_opens_the_first_period(db, data, outlet):
    territory = factories.TerritoryFactory(unit=outlet)
    db.flush()
    changed = dataclasses.replace(data, territory_id=territory.id, territory_since=dt.date(2025, 1, 1))
    manager = create_manager(db, changed, TODAY)
    periods = db.scalars(
        select(TerritoryAssignment).where(TerritoryAssignment.manager_id == manager.id)
    ).all()
    assert [(p.territory_id, p.started_on, p.ended_on) for p in periods] == [
        (territory.id, dt.date(2025, 1, 1), None)
    ]
    assert manager.territory_since == dt.date(2025, 1, 1)


def test_a_refused_update_changes_nothing(db, data):
    manager = create_manager(db, data, TODAY)
    db.commit()
    with pytest.raises(InvalidInput):
        update_manager(
            db, manager, dataclasses.replace(data, name="改名", cm_since=dt.date(2000, 1, 1)), TODAY
        )
    db.rollback()
    assert db.get(Manager, manager.id).name == "王芳"


def test_update_keeps_the_employee_number_of_the_cm_itself(db, data):
    manager = create_manager(db, data, TODAY)
    update_manager(db, manager, dataclasses.replace(data, name="王芳芳"), TODAY)
    db.commit()
    assert db.get(Manager, manager.id).name == "王芳芳"
