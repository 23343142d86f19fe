"""The audit log page: who may read it, filters, pagination and how changes are shown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planner.audit.models import AuditEntry
from planner.enums import AuditAction
from tests import factories


def _entry(db, *, at, action=AuditAction.UPDATE, entity="territory", entity_id="1", user=None, changes=None):
    entry = AuditEntry(
        at=at,
        action=action,
        entity=entity,
        entity_id=entity_id,
        user_id=user.id if user else None,
        changes=changes if changes is not None else {"households": [1200, 1500]},
    )
    db.add(entry)
    db.flush()
    return entry


@pytest.fixture
def entries(db):
    """Four hand-made entries by two users on three days; the log is emptied of factory noise first."""
    wang = factories.UserFactory(username="wang")
    li = factories.UserFactory(username="li")
    db.query(AuditEntry).delete()
    made = {
        "t1": _entry(db, at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), user=wang, entity_id="7"),
        "m1": _entry(
            db,
            at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
            user=li,
            entity="manager",
            entity_id="42",
            action=AuditAction.CREATE,
            changes={"name": "张伟", "grade_id": 2},
        ),
        "t2": _entry(
            db,
            at=datetime(2026, 3, 2, 23, 59, tzinfo=UTC),
            user=wang,
            entity_id="8",
            action=AuditAction.DELETE,
        ),
        "o1": _entry(db, at=datetime(2026, 3, 5, 8, 0, tzinfo=UTC), entity="org_unit", entity_id="3"),
    }
    db.commit()
    return made


def _rows(response) -> list[str]:
    """Return the record cells ("entity #id") of the table, in page order."""
    import re

    html = response.get_data(as_text=True)
    return [
        f"{m[0]} #{m[1]}"
        for m in re.findall(r"<td>[^<]* <span class=\"muted\">(\w+) #([\w-]+)</span></td>", html)
    ]


def test_viewer_may_not_read_the_audit_log(viewer_client):
    assert viewer_client.get("/audit/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get("/audit/").status_code == 302


def test_planner_sees_entries_newest_first(planner_client, entries):
    response = planner_client.get("/audit/")
    assert response.status_code == 200
    rows = [r for r in _rows(response) if not r.startswith("app_user")]
    assert rows == ["org_unit #3", "territory #8", "manager #42", "territory #7"]


def test_update_shows_old_and_new_value(admin_client, entries):
    html = admin_client.get("/audit/?entity=territory&action=update").get_data(as_text=True)
    assert "<del>1200</del> → <ins>1500</ins>" in html
    assert "wang" in html


def test_filter_by_table(planner_client, entries):
    assert _rows(planner_client.get("/audit/?entity=territory")) == ["territory #8", "territory #7"]


def test_filter_by_table_and_record(planner_client, entries):
    assert _rows(planner_client.get("/audit/?entity=territory&entity_id=7")) == ["territory #7"]


def test_filter_by_action(planner_client, entries):
    assert _rows(planner_client.get("/audit/?action=delete")) == ["territory #8"]


def test_filter_by_user(planner_client, entries, db):
    li_id = entries["m1"].user_id
    assert _rows(planner_client.get(f"/audit/?user={li_id}")) == ["manager #42"]


def test_date_range_is_in_beijing_time_and_includes_both_end_days(planner_client, entries):
    # 2026-03-02 23:59 UTC is already 3 March in Beijing.
    assert _rows(planner_client.get("/audit/?date_from=2026-03-02&date_to=2026-03-02")) == ["manager #42"]
    response = planner_client.get("/audit/?date_from=2026-03-02&date_to=2026-03-03")
    assert _rows(response) == ["territory #8", "manager #42"]


def test_times_are_shown_in_beijing_time(planner_client, entries):
    html = planner_client.get("/audit/?entity=territory&entity_id=8").get_data(as_text=True)
    assert "<td>2026-03-03 07:59:00</td>" in html


def test_end_date_before_start_date_is_refused(planner_client, entries):
    response = planner_client.get("/audit/?date_from=2026-03-05&date_to=2026-03-01")
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)


def test_pagination_keeps_the_filters(app, planner_client, db):
    db.query(AuditEntry).delete()
    for day in range(1, 4):
        for hour in range(20):
            _entry(db, at=datetime(2026, 4, day, hour, tzinfo=UTC), entity_id=f"{day}-{hour}")
    db.commit()
    page_size = app.extensions["planner.config"].page_size
    response = planner_client.get("/audit/?entity=territory&page=2")
    rows = _rows(response)
    assert len(rows) == 60 - page_size
    assert rows[-1] == "territory #1-0"
    assert 'href="/audit/?entity=territory&amp;page=1" rel="prev"' in response.get_data(as_text=True)


def test_page_renders_in_chinese_by_default(planner_client, entries):
    chinese = planner_client.get("/audit/").get_data(as_text=True)
    assert "<h1>审计日志</h1>" in chinese
    assert "修改" in chinese
    assert '<td>片区 <span class="muted">territory #7</span></td>' in chinese
    assert '<option value="territory_assignment">片区分配记录</option>' in chinese


def test_page_renders_in_english(planner_client, entries):
    planner_client.post("/locale", data={"locale": "en"})
    english = planner_client.get("/audit/").get_data(as_text=True)
    assert "<h1>Audit log</h1>" in english
    assert "Updated" in english


def test_beijing_day_starts_at_16_utc_the_day_before(db):
    from zoneinfo import ZoneInfo

    from planner.audit.services import AuditFilters, search_entries

    sql = search_entries(
        AuditFilters(date_from=datetime(2026, 3, 2).date(), timezone=ZoneInfo("Asia/Shanghai"))
    )
    bound = sql.compile().params["at_1"]
    assert bound == datetime(2026, 3, 1, 16, 0, tzinfo=UTC)
