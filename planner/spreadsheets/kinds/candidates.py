"""Candidates (公开竞聘) with exam components and ranked unit preferences, matched by candidate reference."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.candidates.models import Candidate
from planner.candidates.services import (
    ID_NUMBER_PATTERN,
    MAX_AGE,
    MAX_PREFERENCES,
    MIN_AGE,
    PHONE_PATTERN,
    CandidateData,
    age_on,
    create_candidate,
    update_candidate,
)
from planner.enums import CandidateChannel, Education, Gender, UnitKind
from planner.messages import N_
from planner.spreadsheets import values as v
from planner.spreadsheets.choices import enum_parser
from planner.spreadsheets.columns import Column
from planner.spreadsheets.kinds.base import Flag, ImportKind, Record
from planner.spreadsheets.kinds.lookups import Finder, unit_finder
from planner.spreadsheets.kinds.manager_columns import DATE_HINT, YES_NO_HINT

SCORE = v.number(0, 100)
PREFERENCE_NAMES = [
    ("第一志愿", "First preference"),
    ("第二志愿", "Second preference"),
    ("第三志愿", "Third preference"),
]

COLUMNS = [
    Column(
        "reference",
        "报名编号",
        "Candidate reference",
        v.code(32),
        required=True,
        aliases=("考生编号", "准考证号", "应聘编号", "编号", "Reference", "Candidate ID", "Applicant ID"),
    ),
    Column(
        "channel",
        "招聘渠道",
        "Channel",
        enum_parser(CandidateChannel),
        required=True,
        choices=CandidateChannel,
        aliases=("渠道", "来源", "招聘方式", "Recruitment channel", "Source"),
    ),
    Column(
        "name", "姓名", "Name", v.text(60), required=True, aliases=("应聘人姓名", "考生姓名", "Full name")
    ),
    Column("gender", "性别", "Gender", enum_parser(Gender), required=True, choices=Gender, aliases=("Sex",)),
    Column(
        "birth_date",
        "出生日期",
        "Birth date",
        v.date_value,
        required=True,
        hint=DATE_HINT,
        aliases=("出生年月日", "生日", "Date of birth", "DOB"),
    ),
    Column(
        "education",
        "学历",
        "Education",
        enum_parser(Education),
        required=True,
        choices=Education,
        aliases=("最高学历", "文化程度", "Highest education", "Degree"),
    ),
    Column(
        "applied_on",
        "报名日期",
        "Applied on",
        v.date_value,
        required=True,
        hint=DATE_HINT,
        aliases=("报名时间", "申请日期", "Application date"),
    ),
    Column(
        "employee_no",
        "工号",
        "Employee number",
        v.code(32),
        aliases=("员工编号", "员工号", "Employee ID"),
        hint=N_("Internal candidates only."),
    ),
    Column(
        "id_number",
        "身份证号",
        "ID number",
        v.code(18),
        aliases=("身份证号码", "公民身份号码", "证件号码", "ID card", "ID card number"),
    ),
    Column(
        "phone",
        "手机号",
        "Phone",
        v.code(20),
        aliases=("手机号码", "联系电话", "电话", "Mobile", "Phone number"),
    ),
    Column("major", "专业", "Major", v.text(80), aliases=("所学专业", "Subject")),
    Column(
        "years_experience",
        "工作年限",
        "Years of experience",
        v.integer(0, 50),
        aliases=("从业年限", "工龄", "Experience"),
    ),
    Column(
        "written_score",
        "笔试成绩",
        "Written exam score",
        SCORE,
        aliases=("笔试", "笔试分数", "Written score"),
    ),
    Column("interview_score", "面试成绩", "Interview score", SCORE, aliases=("面试", "面试分数")),
    Column(
        "personality_score",
        "心理测试成绩",
        "Personality test score",
        SCORE,
        aliases=("心理测试", "性格测试", "心理测评", "Personality score"),
    ),
    Column(
        "credit_record_clean",
        "征信良好",
        "Clean credit record",
        v.boolean,
        hint=YES_NO_HINT,
        aliases=("征信记录良好", "征信", "Credit record clean"),
    ),
    Column(
        "has_disciplinary_record",
        "违规违纪记录",
        "Disciplinary record",
        v.boolean,
        hint=YES_NO_HINT,
        aliases=("违规违纪", "处分", "Has disciplinary record"),
    ),
    Column(
        "qualification_passed_on",
        "信贷资格考试通过日期",
        "Qualification passed on",
        v.date_value,
        hint=DATE_HINT,
        aliases=("资格考试通过日期", "Qualification date"),
    ),
    *[
        Column(
            f"preference_{rank}",
            zh,
            en,
            v.text(120),
            aliases=(f"志愿{rank}", f"意向机构{rank}", f"Preference {rank}"),
            hint=N_("The code (or the exact name) of a branch or outlet."),
        )
        for rank, (zh, en) in enumerate(PREFERENCE_NAMES, start=1)
    ],
]
FIELDS = [c.key for c in COLUMNS if not c.key.startswith("preference_")]
DEFAULTS: dict[str, Any] = {
    "major": "",
    "years_experience": 0,
    "credit_record_clean": True,
    "has_disciplinary_record": False,
}


@dataclass
class Context:
    """Today, the units, and the stored candidates by reference."""

    today: dt.date
    units: Finder
    candidates: dict[str, Candidate] = field(default_factory=dict)


class CandidateKind(ImportKind):
    """Candidates."""

    name = "candidates"
    title = N_("Candidates")
    sheet_zh = "应聘人员"
    sheet_en = "Candidates"
    columns = COLUMNS
    key_column = "reference"
    compared = FIELDS

    def load(self, session: Session, today: dt.date) -> Context:
        """Read units and candidates with their preferences."""
        stored = session.scalars(select(Candidate).options(selectinload(Candidate.preferences)))
        return Context(today, unit_finder(session), {c.reference: c for c in stored})

    def check(self, context: Context, values: Record, flag: Flag) -> Record | None:
        """Check the candidate's age, numbers, dates and preferred units."""
        record = {k: val for k, val in values.items() if not k.startswith("preference_")}
        for name, default in DEFAULTS.items():
            if name in record and record[name] is None:
                record[name] = default
        if values["channel"].is_internal and not values.get("employee_no"):
            flag(
                "employee_no",
                N_("Internal candidates (counter staff, internal competition) need an employee number."),
            )
        if values.get("id_number"):
            record["id_number"] = values["id_number"].upper()
            if not ID_NUMBER_PATTERN.match(record["id_number"]):
                flag("id_number", N_("An ID number has 18 characters: 17 digits, then a digit or X."))
        if values.get("phone") and not PHONE_PATTERN.match(values["phone"]):
            flag("phone", N_("A phone number has 11 digits."))
        if values["birth_date"] > context.today:
            flag("birth_date", N_("The birth date is in the future."))
        elif values["applied_on"] > context.today:
            flag("applied_on", N_("The application date cannot be in the future."))
        elif not MIN_AGE <= age_on(values["birth_date"], values["applied_on"]) <= MAX_AGE:
            flag(
                "birth_date",
                N_("The candidate must be %(low)s to %(high)s years old when applying (is %(age)s)."),
                low=MIN_AGE,
                high=MAX_AGE,
                age=age_on(values["birth_date"], values["applied_on"]),
            )
        passed = values.get("qualification_passed_on")
        if passed is not None and passed > context.today:
            flag("qualification_passed_on", N_("The qualification date cannot be in the future."))
        record["preferences"] = self._preferences(context, values, flag)
        # A flagged problem rejects the row whatever is returned.
        return record

    def _preferences(self, context: Context, values: Record, flag: Flag) -> list[int] | None:
        if not any(key.startswith("preference_") for key in values):
            return []
        chosen: list[int] = []
        for rank in range(1, MAX_PREFERENCES + 1):
            text = values.get(f"preference_{rank}")
            if not text:
                continue
            unit = context.units.find(text)
            if unit is None:
                flag(f"preference_{rank}", N_("No unit has this code or name."))
                return None
            if unit.kind not in (UnitKind.BRANCH, UnitKind.OUTLET):
                flag(f"preference_{rank}", N_("A preference must be a branch or an outlet."))
                return None
            if unit.id in chosen:
                flag(f"preference_{rank}", N_("Each preferred unit may be chosen only once."))
                return None
            chosen.append(unit.id)
        return chosen

    def existing(self, context: Context, key: str) -> Candidate | None:
        """Return the candidate with this reference."""
        return context.candidates.get(key)

    def differs(self, context: Context, record: Record, row: Any) -> bool:
        """Tell whether a fact or the preferences would change."""
        if super().differs(context, record, row):
            return True
        return bool(record["preferences"]) and [p.unit_id for p in row.preferences] != record["preferences"]

    def write(self, session: Session, context: Context, record: Record, row: Candidate | None) -> None:
        """Add the candidate (in the "applied" state, with its history) or change it, through the services."""
        if row is None:
            data = CandidateData(
                **{**DEFAULTS, **{k: record.get(k) for k in FIELDS if k in record}},
                preferences=record["preferences"],
            )
            create_candidate(session, data, session.info.get("actor_id"), context.today)
            return
        merged = {k: record[k] if k in record else getattr(row, k) for k in FIELDS}
        preferences = record["preferences"] or [p.unit_id for p in row.preferences]
        update_candidate(session, row, CandidateData(**merged, preferences=preferences), context.today)
