"""Importing CMs: what a preview reports for each kind of bad input, and what a commit writes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.enums import AuditAction, Segment
from planner.people.models import Manager, TerritoryAssignment
from planner.spreadsheets.importer import ImportRefused, commit_import, preview_import
from tests import factories
from tests.spreadsheets.conftest import TODAY
from tests.spreadsheets.workbooks import MANAGER_HEADER, csv_bytes, manager_row, xlsx


def _preview(db, rows, **kwargs):
    return preview_import(db, "managers", "roster.xlsx", xlsx(rows, **kwargs), today=TODAY)


def _only_problem(report):
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    return (problem.sheet, problem.row, problem.column, problem.value, problem.message)


def test_a_clean_file_previews_its_rows_as_they_will_be_stored(db, bank):
    report = _preview(db, [MANAGER_HEADER, manager_row("E1"), manager_row("E2")])
    assert report.clean
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    number, action, shown = report.sample[0]
    assert (number, action, shown["工号"], shown["出生日期"], shown["条线"]) == (
        2,
        "create",
        "E1",
        "1990-05-01",
        "零售",
    )


@pytest.mark.parametrize(
    ("override", "column", "value", "message"),
    [
        ({"所属机构": "XX999"}, "所属机构", "XX999", "No unit has this code or name."),
        ({"所属机构": "BR0001"}, None, None, None),  # a branch is a valid unit
        ({"等级": "特级"}, "等级", "特级", "No grade on the ladder is called this."),
        ({"出生日期": "2030-01-01"}, "出生日期", "2030-01-01", "The birth date is in the future."),
        ({"出生日期": "2021/2/30"}, "出生日期", "2021/2/30", "There is no such day."),
        ({"入行日期": "1989-01-01"}, "入行日期", "1989-01-01", "Hired before being born."),
        (
            {"入行日期": "2000-01-01"},
            "入行日期",
            "2000-01-01",
            "The bank hire date must be on or after the 18th birthday.",
        ),
        (
            {"任客户经理日期": "2010-01-01"},
            "任客户经理日期",
            "2010-01-01",
            "A CM cannot start before joining the bank.",
        ),
        ({"性别": "未知"}, "性别", "未知", "Unknown value; allowed: %(allowed)s."),
        ({"学历": ""}, "学历", "", "This cell is required."),
        ({"入行日期": "去年"}, "入行日期", "去年", "Not a date; write it as 2021-03-05."),
    ],
)
def test_each_bad_cell_is_named_by_sheet_row_column_value_and_reason(
    db, bank, override, column, value, message
):
    report = _preview(db, [["花名册"], MANAGER_HEADER, manager_row("E1"), manager_row("E2", **override)])
    if column is None:
        assert report.clean
        return
    assert _only_problem(report) == ("客户经理", 4, column, value, message)


def test_a_value_out_of_range_is_a_problem(db, bank):
    header = [*MANAGER_HEADER, "住址纬度"]
    report = _preview(db, [header, [*manager_row("E1"), 95]])
    assert _only_problem(report) == ("客户经理", 2, "住址纬度", "95", "Must be between %(low)s and %(high)s.")


def test_an_unknown_territory_is_a_problem(db, bank):
    header = [*MANAGER_HEADER, "片区"]
    report = _preview(db, [header, [*manager_row("E1"), "T-NONE"]])
    assert _only_problem(report) == ("客户经理", 2, "片区", "T-NONE", "No territory has this code or name.")


def test_a_territory_of_another_segment_is_a_problem(db, bank):
    factories.TerritoryFactory(code="T1", unit=bank.outlet, segment=Segment.CORPORATE)
    db.commit()
    report = _preview(db, [[*MANAGER_HEADER, "片区"], [*manager_row("E1"), "T1"]])
    assert _only_problem(report)[4] == "The territory serves another segment than the CM."


def test_a_key_twice_in_the_file_is_a_problem_on_the_second_row(db, bank):
    report = _preview(db, [MANAGER_HEADER, manager_row("E1"), manager_row("E2"), manager_row("E1")])
    assert _only_problem(report) == ("客户经理", 4, "工号", "E1", "This key is also on row %(row)d.")
    assert report.problems[0].params == {"row": 2}


def test_a_missing_required_column_is_named(db, bank):
    header = [h for h in MANAGER_HEADER if h != "学历"]
    row = manager_row("E1")[: len(header)]
    report = _preview(db, [header, row])
    assert _only_problem(report) == (
        "客户经理",
        1,
        "学历 / Education",
        "",
        "This required column is missing.",
    )


def test_a_sheet_without_a_header_says_so(db, bank):
    report = _preview(db, [["随便写的"], ["没有表头"]])
    assert report.problems[0].message.startswith("No header row found")


def test_every_problem_is_reported_not_only_the_first(db, bank):
    rows = [
        MANAGER_HEADER,
        manager_row("E1", 性别="X"),
        manager_row("E2", 所属机构="NOPE"),
        manager_row("E3", 学历="?"),
    ]
    report = _preview(db, rows)
    assert [(p.row, p.column) for p in report.problems] == [(2, "性别"), (3, "所属机构"), (4, "学历")]
    assert [r.row for r in report.rejected] == [2, 3, 4]


def test_an_employee_number_stored_as_a_number_matches_the_stored_text(db, bank):
    factories.ManagerFactory(employee_no="100234", unit=bank.outlet, grade=bank.junior)
    db.commit()
    report = _preview(db, [MANAGER_HEADER, manager_row(100234)])
    assert (report.created, report.updated) == (0, 1)


def test_a_csv_file_saved_by_chinese_excel_in_gbk_is_read(db, bank):
    data = csv_bytes([MANAGER_HEADER, manager_row("E1")], encoding="gb18030")
    report = preview_import(db, "managers", "roster.csv", data, today=TODAY)
    assert report.clean and report.created == 1


def test_a_named_sheet_is_read_and_a_missing_one_is_a_problem(db, bank):
    data = xlsx([MANAGER_HEADER, manager_row("E1")], sheet="2026")
    assert preview_import(db, "managers", "r.xlsx", data, today=TODAY, sheet="2026").created == 1
    report = preview_import(db, "managers", "r.xlsx", data, today=TODAY, sheet="2025")
    assert report.problems[0].message == "There is no sheet called %(name)s."


def test_the_commit_writes_the_rows_under_one_audit_entry(db, bank):
    user = factories.UserFactory(username="hr")
    db.commit()
    data = xlsx([[*MANAGER_HEADER, "片区"], [*manager_row("E1"), ""], [*manager_row("E2"), ""]])
    commit_import(db, user.id, "managers", "roster.xlsx", data, today=TODAY)
    db.commit()
    summary = db.scalar(select(AuditEntry).where(AuditEntry.entity == "import"))
    assert (summary.user_id, summary.entity_id) == (user.id, "managers")
    assert summary.changes == {
        "file": "roster.xlsx",
        "sheet": "客户经理",
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    children = db.scalars(select(AuditEntry).where(AuditEntry.parent_id == summary.id)).all()
    assert sorted(e.changes["employee_no"] for e in children if e.entity == "manager") == ["E1", "E2"]
    assert all(e.action is AuditAction.CREATE for e in children)


def test_a_second_import_of_an_edited_file_updates_rather_than_duplicates(db, bank):
    commit_import(
        db,
        None,
        "managers",
        "r.xlsx",
        xlsx([MANAGER_HEADER, manager_row("E1"), manager_row("E2")]),
        today=TODAY,
    )
    db.commit()
    edited = xlsx([MANAGER_HEADER, manager_row("E1", 等级="高级客户经理"), manager_row("E2")])
    report = commit_import(db, None, "managers", "r.xlsx", edited, today=TODAY)
    db.commit()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert db.scalar(select(func.count()).select_from(Manager)) == 2
    e1 = db.scalar(select(Manager).where(Manager.employee_no == "E1"))
    assert e1.grade_id == bank.senior.id
    update = db.scalar(
        select(AuditEntry).where(AuditEntry.entity == "manager", AuditEntry.action == AuditAction.UPDATE)
    )
    assert update.changes == {"grade_id": [bank.junior.id, bank.senior.id]}


def test_a_new_territory_is_a_dated_move_in_the_history(db, bank):
    old = factories.TerritoryFactory(code="T1", unit=bank.outlet)
    new = factories.TerritoryFactory(code="T2", unit=bank.outlet)
    db.commit()
    header = [*MANAGER_HEADER, "片区", "进入片区日期"]
    commit_import(
        db, None, "managers", "r.xlsx", xlsx([header, [*manager_row("E1"), "T1", "2020-01-01"]]), today=TODAY
    )
    commit_import(
        db, None, "managers", "r.xlsx", xlsx([header, [*manager_row("E1"), "T2", "2025-07-01"]]), today=TODAY
    )
    db.commit()
    periods = db.execute(
        select(
            TerritoryAssignment.territory_id, TerritoryAssignment.started_on, TerritoryAssignment.ended_on
        ).order_by(TerritoryAssignment.started_on)
    ).all()
    assert [(p[0], p[1].isoformat(), p[2] and p[2].isoformat()) for p in periods] == [
        (old.id, "2020-01-01", "2025-07-01"),
        (new.id, "2025-07-01", None),
    ]


def test_a_file_with_problems_cannot_be_committed_and_changes_nothing(db, bank):
    data = xlsx([MANAGER_HEADER, manager_row("E1"), manager_row("E2", 所属机构="NOPE")])
    entries_before = db.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ImportRefused) as refused:
        commit_import(db, None, "managers", "r.xlsx", data, today=TODAY)
    db.rollback()
    assert len(refused.value.report.problems) == 1
    assert db.scalar(select(func.count()).select_from(Manager)) == 0
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == entries_before
