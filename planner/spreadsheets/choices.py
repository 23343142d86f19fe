"""Names of the categories as workbooks write them: the app's Chinese and English labels and common aliases.

The first two names of each member are what templates and exports write (Chinese, English); every name,
and the stored code, is accepted on import after folding (case, width, spaces, punctuation).
"""

from __future__ import annotations

import enum
from typing import Any

from planner.enums import (
    AssessmentSource,
    CandidateChannel,
    Education,
    Gender,
    ManagerStatus,
    PipelineStatus,
    Segment,
    TitleLevel,
    UnitKind,
)
from planner.spreadsheets.text import normalise_header
from planner.spreadsheets.values import Parser, choice

NAMES: dict[enum.Enum, tuple[str, ...]] = {
    UnitKind.BANK: ("总行", "Bank", "总部", "法人行", "head office"),
    UnitKind.BRANCH: ("支行", "Branch", "分理处", "sub-branch"),
    UnitKind.OUTLET: ("网点", "Outlet", "营业网点", "分社", "储蓄所", "信用社"),
    Segment.RETAIL: ("零售", "Retail", "个人", "个人客户", "零售客户经理", "personal"),
    Segment.CORPORATE: ("对公", "Corporate", "公司", "公司客户", "对公客户经理", "公司业务"),
    Segment.SMALL_BUSINESS: (
        "小微",
        "Small business",
        "小微企业",
        "普惠",
        "普惠金融",
        "SME",
        "small_business",
    ),
    Segment.AGRICULTURE: ("三农", "Agriculture", "农户", "涉农", "农村", "agri", "farming"),
    Gender.MALE: ("男", "Male", "M", "男性", "man"),
    Gender.FEMALE: ("女", "Female", "F", "女性", "woman"),
    Education.HIGH_SCHOOL: ("高中及以下", "High school", "高中", "中专", "职高", "初中", "技校", "secondary"),
    Education.JUNIOR_COLLEGE: ("大专", "Junior college", "专科", "大学专科", "高职", "associate", "college"),
    Education.BACHELOR: ("本科", "Bachelor", "大学本科", "学士", "大学", "bachelor's", "undergraduate"),
    Education.MASTER: ("硕士研究生", "Master", "硕士", "研究生", "master's", "MBA", "postgraduate"),
    Education.DOCTORATE: ("博士研究生", "Doctorate", "博士", "PhD", "doctor"),
    TitleLevel.NONE: ("无职称", "No title", "无", "none", "-"),
    TitleLevel.JUNIOR: ("初级职称", "Junior title", "初级", "助理经济师", "助理会计师", "junior"),
    TitleLevel.MIDDLE: ("中级职称", "Mid-level title", "中级", "经济师", "会计师", "middle", "intermediate"),
    TitleLevel.SENIOR: ("高级职称", "Senior title", "高级", "高级经济师", "高级会计师", "senior"),
    ManagerStatus.ACTIVE: ("在岗", "Active", "在职", "正常"),
    ManagerStatus.PROBATION: ("试用期", "Probation", "试用", "见习期"),
    ManagerStatus.LEAVE: ("休假", "On leave", "请假", "产假", "病假", "leave"),
    ManagerStatus.EXITED: ("已调离", "Exited", "调离", "离岗", "退出"),
    CandidateChannel.CAMPUS: ("校园招聘", "Campus hiring", "校招", "应届", "campus"),
    CandidateChannel.EXPERIENCED: ("社会招聘", "Experienced hire", "社招", "experienced"),
    CandidateChannel.COUNTER_TRANSFER: (
        "柜员转岗",
        "Counter-staff transfer",
        "前台人员分流",
        "转岗",
        "counter",
    ),
    CandidateChannel.INTERNAL: ("内部竞聘", "Internal competition", "内部竞岗", "竞聘", "internal"),
    CandidateChannel.REFERRAL: ("内部推荐", "Referral", "推荐", "内推"),
    PipelineStatus.APPLIED: ("已报名", "Applied", "报名"),
    PipelineStatus.SCREENED: ("资格审查通过", "Screened", "资格审查", "初审通过"),
    PipelineStatus.WRITTEN_EXAM: ("笔试", "Written exam", "笔试中"),
    PipelineStatus.INTERVIEW: ("面试", "Interview", "面试中"),
    PipelineStatus.OFFERED: ("已发录用通知", "Offered", "拟录用", "offer"),
    PipelineStatus.HIRED: ("已录用", "Hired", "录用"),
    PipelineStatus.REJECTED: ("未录用", "Rejected", "淘汰", "落选"),
    PipelineStatus.WITHDRAWN: ("已放弃", "Withdrawn", "放弃", "弃考"),
    AssessmentSource.EXAM: ("考试", "Exam", "笔试", "测评"),
    AssessmentSource.INTERVIEW: ("面试", "Interview"),
    AssessmentSource.SUPERVISOR: ("上级评价", "Supervisor", "领导评价", "主管评价"),
    AssessmentSource.REVIEW_360: ("360度评价", "360° review", "360评价", "360", "360 review", "review_360"),
}


def written_name(member: enum.Enum, language: str) -> str:
    """Return the name templates and exports write for ``member`` in ``language`` ("zh" or "en")."""
    zh, en = NAMES[member][:2]
    return zh if language == "zh" else en


def allowed_names(enum_cls: type[enum.Enum], language: str) -> list[str]:
    """Return the written names of every member of ``enum_cls``, for drop-down lists."""
    return [written_name(member, language) for member in enum_cls]


def aliases_of(enum_cls: type[enum.Enum]) -> dict[str, Any]:
    """Return every folded name of every member of ``enum_cls`` mapped to the member."""
    table: dict[str, Any] = {}
    for member in enum_cls:
        for name in (member.value, *NAMES[member]):
            table.setdefault(normalise_header(name), member)
    return table


def enum_parser(enum_cls: type[enum.Enum]) -> Parser:
    """Return a parser of ``enum_cls`` that accepts any name in Chinese or English."""
    allowed = " / ".join(f"{zh} ({en})" for zh, en in (NAMES[m][:2] for m in enum_cls))
    return choice(aliases_of(enum_cls), allowed)
