"""Importing units, territories, candidates, assessments and reviews: created, then updated by natural key."""

from __future__ import annotations

from sqlalchemy import select

from planner.assessments.models import Assessment
from planner.candidates.models import Candidate, CandidateStatusChange
from planner.enums import CandidateChannel, PipelineStatus, UnitKind
from planner.org.models import OrgUnit, UnitStaffCount
from planner.performance.models import PerformanceReview
from planner.spreadsheets.importer import commit_import, preview_import
from planner.territories.models import Territory
from tests import factories
from tests.spreadsheets.conftest import TODAY
from tests.spreadsheets.workbooks import xlsx


def _commit(db, kind, rows):
    report = commit_import(db, None, kind, "f.xlsx", xlsx(rows), today=TODAY)
    db.commit()
    return report


def _preview(db, kind, rows):
    return preview_import(db, kind, "f.xlsx", xlsx(rows), today=TODAY)


UNIT_HEADER = ["机构代码", "机构名称", "层级", "上级机构", "2025年员工总数", "Total staff 2026"]


def test_units_under_units_of_the_same_file_are_created_with_their_staff_counts(db):
    rows = [
        UNIT_HEADER,
        ["OU9", "城东网点", "网点", "BR9", 30, 32],  # placed under a branch further down the file
        ["HQ", "农商银行", "总行", "", 5000, 5100],
        ["BR9", "城关支行", "支行", "HQ", 200, 210],
    ]
    report = _preview(db, "units", rows)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "上级机构", "An outlet must be placed under a branch.")
    ]
    rows = [UNIT_HEADER, rows[2], rows[3], rows[1]]
    assert _commit(db, "units", rows).created == 3
    outlet = db.scalar(select(OrgUnit).where(OrgUnit.code == "OU9"))
    assert (outlet.kind, outlet.parent.code, outlet.parent.parent.code) == (UnitKind.OUTLET, "BR9", "HQ")
    counts = db.execute(
        select(UnitStaffCount.year, UnitStaffCount.total_staff)
        .where(UnitStaffCount.unit_id == outlet.id)
        .order_by(UnitStaffCount.year)
    ).all()
    assert [tuple(c) for c in counts] == [(2025, 30), (2026, 32)]


def test_a_second_bank_is_refused(db, bank):
    report = _preview(db, "units", [UNIT_HEADER, ["HQ2", "另一家银行", "总行", "", 1, 1]])
    assert report.problems[0].message == "There is already a bank; a second one cannot be added."


def test_a_changed_staff_count_is_an_update(db, bank):
    factories.StaffCountFactory(unit=bank.branch, year=2025, total_staff=100)
    db.commit()
    parent = bank.branch.parent.code
    report = _commit(db, "units", [UNIT_HEADER[:5], ["BR0001", "城关支行", "支行", parent, 120]])
    assert (report.created, report.updated) == (0, 1)
    assert (
        db.scalar(select(UnitStaffCount.total_staff).where(UnitStaffCount.unit_id == bank.branch.id)) == 120
    )


TERRITORY_HEADER = ["片区代码", "片区名称", "所属机构", "条线", "户数", "贷款余额（万元）", "最低等级"]


def test_territories_are_created_then_updated_by_code(db, bank):
    _commit(
        db, "territories", [TERRITORY_HEADER, ["T1", "东片", "城关网点", "三农", "1,200", 5000.5, "初级"]]
    )
    territory = db.scalar(select(Territory))
    assert (
        territory.unit_id,
        territory.households,
        float(territory.loan_balance),
        territory.min_grade_rank,
    ) == (bank.outlet.id, 1200, 5000.5, 1)
    report = _commit(
        db, "territories", [TERRITORY_HEADER, ["T1", "东片", "OU0001", "三农", 1300, 5000.5, "初级"]]
    )
    assert (report.created, report.updated) == (0, 1)
    db.expire_all()
    assert db.scalar(select(Territory.households)) == 1300


def test_a_negative_workload_is_refused(db, bank):
    report = _preview(db, "territories", [TERRITORY_HEADER, ["T1", "东片", "OU0001", "零售", -5, 1, ""]])
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "户数", "Must be between %(low)s and %(high)s.")
    ]


CANDIDATE_HEADER = [
    "报名编号",
    "招聘渠道",
    "姓名",
    "性别",
    "出生日期",
    "学历",
    "报名日期",
    "笔试成绩",
    "面试成绩",
    "第一志愿",
    "第二志愿",
]


def test_candidates_come_with_exam_scores_and_ranked_preferences(db, bank):
    rows = [
        CANDIDATE_HEADER,
        ["C1", "校招", "李华", "女", "2002-03-05", "本科", "2026-03-01", 82, 78.5, "OU0001", "BR0001"],
    ]
    _commit(db, "candidates", rows)
    candidate = db.scalar(select(Candidate))
    assert (candidate.channel, candidate.written_score, candidate.status) == (
        CandidateChannel.CAMPUS,
        82,
        PipelineStatus.APPLIED,
    )
    assert [(p.rank, p.unit_id) for p in candidate.preferences] == [(1, bank.outlet.id), (2, bank.branch.id)]
    assert db.scalar(select(CandidateStatusChange.to_status)) is PipelineStatus.APPLIED
    rows[1][8] = 80
    assert _commit(db, "candidates", rows).updated == 1


def test_a_candidate_with_a_bad_score_id_number_and_preference_gets_every_problem(db, bank):
    header = [*CANDIDATE_HEADER, "身份证号"]
    rows = [
        header,
        ["C1", "社招", "李华", "女", "2002-03-05", "本科", "2026-03-01", 120, 78, "NOPE", "", "12345"],
    ]
    report = _preview(db, "candidates", rows)
    assert sorted((p.column, p.message) for p in report.problems) == [
        ("笔试成绩", "Must be between %(low)s and %(high)s."),
    ]
    rows[1][7] = 90
    report = _preview(db, "candidates", rows)
    assert sorted((p.column, p.message) for p in report.problems) == [
        ("第一志愿", "No unit has this code or name."),
        ("身份证号", "An ID number has 18 characters: 17 digits, then a digit or X."),
    ]


ASSESSMENT_HEADER = ["工号", "报名编号", "素质维度", "得分", "评价日期", "来源"]


def test_assessments_match_by_subject_dimension_day_and_source(db, bank):
    factories.ManagerFactory(employee_no="E1", unit=bank.outlet, grade=bank.junior)
    factories.DimensionFactory(code="risk", name_zh="风险控制")
    db.commit()
    _commit(db, "assessments", [ASSESSMENT_HEADER, ["E1", "", "风险控制", 80, "2026/6/30", "上级评价"]])
    report = _commit(
        db, "assessments", [ASSESSMENT_HEADER, ["E1", "", "risk", 85, "2026-06-30", "supervisor"]]
    )
    assert (report.created, report.updated) == (0, 1)
    assert db.scalar(select(Assessment.score)) == 85


def test_an_assessment_of_nobody_known_is_refused(db, bank):
    factories.DimensionFactory(code="risk")
    db.commit()
    report = _preview(db, "assessments", [ASSESSMENT_HEADER, ["E404", "", "risk", 80, "2026-06-30", "考试"]])
    assert [(p.column, p.value, p.message) for p in report.problems] == [
        ("工号", "E404", "No CM has this employee number.")
    ]


def test_reviews_bring_one_value_per_indicator_and_are_ranked(db, bank):
    scheme = factories.KpiSchemeFactory(name="2025方案")
    factories.IndicatorFactory(scheme=scheme, code="dep", name_zh="存款余额", name_en="Deposits")
    for number in ("E1", "E2"):
        factories.ManagerFactory(employee_no=number, unit=bank.outlet, grade=bank.junior)
    db.commit()
    header = ["工号", "考核期", "Deposits"]
    _commit(db, "reviews", [header, ["E1", "2025", 100], ["E2", "2025", 300]])
    ranks = {
        row[0]: row[1]
        for row in db.execute(select(PerformanceReview.manager_id, PerformanceReview.peer_rank))
    }
    assert sorted(ranks.values()) == [1, 2]
    report = _preview(db, "reviews", [header, ["E1", "2025", 100], ["E2", "2025", ""]])
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (3, "Deposits", "A value is required for indicator %(name)s.")
    ]


def test_territory_thresholds_are_columns_named_after_the_dimension(db, bank):
    risk = factories.DimensionFactory(code="risk", name_zh="风险控制", name_en="Risk control")
    marketing = factories.DimensionFactory(code="mkt", name_zh="营销能力", name_en="Marketing")
    db.commit()
    header = [*TERRITORY_HEADER[:4], "最低分：风险控制", "Marketing threshold"]
    _commit(db, "territories", [header, ["T1", "东片", "OU0001", "零售", 60, 70]])
    territory = db.scalar(select(Territory))
    assert {t.dimension_id: t.min_score for t in territory.thresholds} == {risk.id: 60, marketing.id: 70}
    report = _commit(db, "territories", [header, ["T1", "东片", "OU0001", "零售", 65, ""]])
    assert report.updated == 1
    db.expire_all()
    assert {t.dimension_id: t.min_score for t in db.scalar(select(Territory)).thresholds} == {risk.id: 65}
