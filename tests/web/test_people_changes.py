"""Adding, editing and deleting CMs and avoidance links: editors may, viewers get 403, bad input refused."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
from planner.people.services import move_to_territory
from tests import factories


@pytest.fixture
def outlet(db):
    outlet = factories.OutletFactory()
    factories.GradeFactory()
    db.commit()
    return outlet


def form_for(outlet, **changes) -> dict[str, str]:
    grade = factories.GradeFactory()
    data = {
        "employee_no": "E500",
        "name": "陈静",
        "gender": "female",
        "birth_date": "1992-03-04",
        "bank_hire_date": "2015-07-01",
        "cm_since": "2017-01-01",
        "grade_id": str(grade.id),
        "segment": "retail",
        "unit_id": str(outlet.id),
        "territory_id": "",
        "territory_since": "",
        "education": "bachelor",
        "title_level": "junior",
        "qualification_passed_on": "2025-05-01",
        "credit_record_clean": "y",
        "status": "active",
        "home_latitude": "30.5",
        "home_longitude": "114.3",
    }
    data.update(changes)
    return data


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_planner_adds_a_cm_and_lands_on_their_page(planner_client, db, outlet):
    response = planner_client.post("/managers/new", data=form_for(outlet))
    manager = db.scalar(select(Manager).where(Manager.employee_no == "E500"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/managers/{manager.id}"
    assert (manager.name, manager.birth_date, manager.home_latitude) == ("陈静", dt.date(1992, 3, 4), 30.5)


def test_adding_a_cm_is_written_to_the_audit_log(planner_client, db, outlet):
    planner_client.post("/managers/new", data=form_for(outlet))
    entries = db.scalars(select(AuditEntry).where(AuditEntry.entity == "manager")).all()
    assert [(e.action.value, e.changes["employee_no"]) for e in entries] == [("create", "E500")]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"birth_date": "2015-01-01"}, "birth_date", "客户经理年龄须在 18 至 65 岁之间。"),
        ({"bank_hire_date": "2009-01-01"}, "bank_hire_date", "入行日期不能早于年满18周岁之日。"),
        ({"cm_since": "2015-06-30"}, "cm_since", "担任客户经理日期不能早于入行日期。"),
        (
            {"qualification_passed_on": "2999-01-01"},
            "qualification_passed_on",
            "信贷资格通过日期不能晚于今天。",
        ),
        ({"name": ""}, "name", None),
        ({"birth_date": "not a date"}, "birth_date", None),
    ],
)
def test_invalid_input_is_shown_on_its_field_and_nothing_is_added(
    planner_client, db, outlet, changes, field, message
):
    response = planner_client.post("/managers/new", data=form_for(outlet, **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page[page.index(f'id="{field}-error"') :].split("</small>")[0]
    if message:
        assert message in error
    assert count(db, Manager) == 0


def test_duplicate_employee_number_is_refused_on_its_field(planner_client, db, outlet):
    factories.ManagerFactory(employee_no="E500")
    db.commit()
    response = planner_client.post("/managers/new", data=form_for(outlet))
    assert response.status_code == 422
    assert 'id="employee_no-error"' in response.get_data(as_text=True)
    assert count(db, Manager) == 1


def test_territory_of_another_unit_is_refused_on_its_field(planner_client, db, outlet):
    elsewhere = factories.TerritoryFactory()
    db.commit()
    response = planner_client.post("/managers/new", data=form_for(outlet, territory_id=str(elsewhere.id)))
    assert response.status_code == 422
    assert "片区须属于该客户经理所在机构或其下属网点。" in response.get_data(as_text=True)
    assert count(db, Manager) == 0


def test_editing_the_territory_closes_the_old_period_and_opens_a_new_one(planner_client, db, outlet):
    old = factories.TerritoryFactory(unit=outlet)
    new = factories.TerritoryFactory(unit=outlet)
    manager = factories.ManagerFactory(employee_no="E500", unit=outlet)
    db.flush()
    move_to_territory(db, manager, old, dt.date(2020, 1, 1))
    db.commit()
    data = form_for(outlet, territory_id=str(new.id), territory_since="2026-01-15")
    response = planner_client.post(f"/managers/{manager.id}/edit", data=data)
    assert response.status_code == 302
    db.expire_all()
    periods = db.scalars(select(TerritoryAssignment).order_by(TerritoryAssignment.started_on)).all()
    assert [(p.territory_id, p.started_on, p.ended_on) for p in periods] == [
        (old.id, dt.date(2020, 1, 1), dt.date(2026, 1, 15)),
        (new.id, dt.date(2026, 1, 15), None),
    ]


def test_editing_other_facts_leaves_the_territory_history_alone(planner_client, db, outlet):
    territory = factories.TerritoryFactory(unit=outlet)
    manager = factories.ManagerFactory(employee_no="E500", unit=outlet)
    db.flush()
    move_to_territory(db, manager, territory, dt.date(2020, 1, 1))
    db.commit()
    data = form_for(outlet, name="陈静怡", territory_id=str(territory.id), territory_since="2026-01-15")
    assert planner_client.post(f"/managers/{manager.id}/edit", data=data).status_code == 302
    db.expire_all()
    assert db.get(Manager, manager.id).name == "陈静怡"
    periods = db.scalars(select(TerritoryAssignment)).all()
    assert [(p.started_on, p.ended_on) for p in periods] == [(dt.date(2020, 1, 1), None)]


def test_edit_form_is_prefilled(planner_client, db, outlet):
    manager = factories.ManagerFactory(employee_no="E500", name="陈静", unit=outlet)
    db.commit()
    page = planner_client.get(f"/managers/{manager.id}/edit").get_data(as_text=True)
    assert 'value="E500"' in page and 'value="陈静"' in page


def test_delete_confirmation_suggests_marking_the_cm_exited(planner_client, db, outlet):
    manager = factories.ManagerFactory(unit=outlet)
    db.commit()
    page = planner_client.get(f"/managers/{manager.id}/delete").get_data(as_text=True)
    assert "通常应标记为“已退出”" in page
    assert "片区任职历史、回避关系、胜任素质评估和绩效考核记录" in page


def test_planner_deletes_a_cm_with_their_reviews(planner_client, db, outlet):
    manager = factories.ManagerFactory(unit=outlet)
    factories.ReviewFactory(manager=manager)
    factories.AssessmentFactory(manager=manager)
    db.commit()
    response = planner_client.post(f"/managers/{manager.id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/managers/"
    assert count(db, Manager) == 0


def test_delete_without_csrf_token_is_refused(csrf_app, db, outlet):
    manager = factories.ManagerFactory(unit=outlet)
    user = factories.UserFactory(username="csrf-planner")
    db.commit()
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/login", data={"username": user.username, "password": factories.PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    assert client.post(f"/managers/{manager.id}/delete").status_code == 400
    assert count(db, Manager) == 1


def test_avoidance_link_is_added_by_employee_number_and_removed(planner_client, db, outlet):
    manager = factories.ManagerFactory(unit=outlet)
    other = factories.ManagerFactory(employee_no="E-OTHER")
    db.commit()
    response = planner_client.post(
        f"/managers/{other.id}/avoidance", data={"employee_no": manager.employee_no, "relation": "sibling"}
    )
    assert response.status_code == 302
    link = db.scalar(select(AvoidanceLink))
    assert (link.manager_a_id, link.manager_b_id, link.relation.value) == (manager.id, other.id, "sibling")
    assert planner_client.post(f"/managers/{manager.id}/avoidance/{link.id}/delete").status_code == 302
    assert count(db, AvoidanceLink) == 0


def test_avoidance_with_oneself_is_refused_on_the_field(planner_client, db, outlet):
    manager = factories.ManagerFactory(unit=outlet)
    db.commit()
    response = planner_client.post(
        f"/managers/{manager.id}/avoidance", data={"employee_no": manager.employee_no, "relation": "spouse"}
    )
    assert response.status_code == 422
    assert "不能与本人建立回避关系。" in response.get_data(as_text=True)
    assert count(db, AvoidanceLink) == 0


@pytest.fixture
def linked(db, outlet):
    first = factories.ManagerFactory(unit=outlet)
    second = factories.ManagerFactory(unit=outlet)
    db.flush()
    link = AvoidanceLink(manager_a_id=first.id, manager_b_id=second.id, relation="spouse")
    db.add(link)
    db.commit()
    return first, link


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/managers/new"),
        ("post", "/managers/new"),
        ("get", "/managers/{id}/edit"),
        ("post", "/managers/{id}/edit"),
        ("get", "/managers/{id}/delete"),
        ("post", "/managers/{id}/delete"),
        ("post", "/managers/{id}/avoidance"),
        ("post", "/managers/{id}/avoidance/{link}/delete"),
    ],
)
def test_viewer_gets_403_on_every_change_and_nothing_changes(viewer_client, db, linked, method, url):
    manager, link = linked
    target = url.format(id=manager.id, link=link.id)
    response = getattr(viewer_client, method)(target, data={"employee_no": "X", "relation": "spouse"})
    assert response.status_code == 403
    assert (count(db, Manager), count(db, AvoidanceLink)) == (2, 1)


def test_anonymous_visitor_cannot_add(client, db):
    response = client.post("/managers/new", data={})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
