"""factory_boy factories for every model; ``bind(session)`` points them at the test session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

from planner import models
from planner.enums import (
    AssessmentSource,
    CandidateChannel,
    Education,
    Gender,
    IndicatorDirection,
    ManagerStatus,
    Normalisation,
    PipelineStatus,
    Role,
    Segment,
    TitleLevel,
    UnitKind,
)

PASSWORD = "correct horse battery"
ALL_FACTORIES: list[type[SQLAlchemyModelFactory]] = []


def bind(session: Session) -> None:
    """Make every factory write through ``session``."""
    for factory_class in ALL_FACTORIES:
        factory_class._meta.sqlalchemy_session = session  # type: ignore[attr-defined]


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        ALL_FACTORIES.append(cls)


class UserFactory(BaseFactory):
    class Meta:
        model = models.User

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    role = Role.PLANNER
    password_hash = factory.LazyFunction(lambda: _hash(PASSWORD))
    locale = ""


def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


class BankFactory(BaseFactory):
    class Meta:
        model = models.OrgUnit

    code = factory.Sequence(lambda n: f"BANK{n:02d}")
    name = factory.Sequence(lambda n: f"农商银行{n}")
    kind = UnitKind.BANK
    parent = None
    latitude = 30.0
    longitude = 114.0


class BranchFactory(BankFactory):
    code = factory.Sequence(lambda n: f"BR{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}支行")
    kind = UnitKind.BRANCH
    parent = factory.SubFactory(BankFactory)


class OutletFactory(BankFactory):
    code = factory.Sequence(lambda n: f"OU{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}网点")
    kind = UnitKind.OUTLET
    parent = factory.SubFactory(BranchFactory)


class StaffCountFactory(BaseFactory):
    class Meta:
        model = models.UnitStaffCount

    unit = factory.SubFactory(BranchFactory)
    year = 2026
    total_staff = 100


class TerritoryFactory(BaseFactory):
    class Meta:
        model = models.Territory

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"第{n}片区")
    unit = factory.SubFactory(OutletFactory)
    segment = Segment.RETAIL
    households = 1200
    customers = 900
    villages = 3
    loan_balance = Decimal("5000.00")
    deposit_balance = Decimal("12000.00")
    latitude = 30.01
    longitude = 114.01


class GradeFactory(BaseFactory):
    class Meta:
        model = models.Grade
        sqlalchemy_get_or_create = ("code",)

    code = "junior"
    rank = 1
    name_zh = "初级"
    name_en = "Junior"


class ManagerFactory(BaseFactory):
    class Meta:
        model = models.Manager

    employee_no = factory.Sequence(lambda n: f"E{n:06d}")
    name = factory.Sequence(lambda n: f"客户经理{n}")
    gender = Gender.FEMALE
    birth_date = dt.date(1990, 5, 1)
    bank_hire_date = dt.date(2014, 7, 1)
    cm_since = dt.date(2016, 3, 1)
    grade = factory.SubFactory(GradeFactory)
    segment = Segment.RETAIL
    unit = factory.SubFactory(OutletFactory)
    territory = None
    territory_since = None
    education = Education.BACHELOR
    title_level = TitleLevel.JUNIOR
    qualification_passed_on = dt.date(2025, 6, 1)
    credit_record_clean = True
    has_disciplinary_record = False
    status = ManagerStatus.ACTIVE
    home_latitude = 30.02
    home_longitude = 114.02


class AvoidanceLinkFactory(BaseFactory):
    class Meta:
        model = models.AvoidanceLink

    manager_a = factory.SubFactory(ManagerFactory)
    manager_b = factory.SubFactory(ManagerFactory)
    relation = "spouse"


class FrameworkFactory(BaseFactory):
    class Meta:
        model = models.CompetencyFramework

    name = factory.Sequence(lambda n: f"胜任素质模型{n}")
    version = 1
    is_active = True


class CompetencyGroupFactory(BaseFactory):
    class Meta:
        model = models.CompetencyGroup

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"G{n}")
    name_zh = "业务素质"
    name_en = "Business competence"
    weight = 1.0


class DimensionFactory(BaseFactory):
    class Meta:
        model = models.CompetencyDimension

    group = factory.SubFactory(CompetencyGroupFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name_zh = "风险控制"
    name_en = "Risk control"
    weight = 1.0


class AssessmentFactory(BaseFactory):
    class Meta:
        model = models.Assessment

    dimension = factory.SubFactory(DimensionFactory)
    manager = factory.SubFactory(ManagerFactory)
    candidate = None
    score = 75.0
    assessed_on = dt.date(2026, 3, 1)
    source = AssessmentSource.SUPERVISOR


class KpiSchemeFactory(BaseFactory):
    class Meta:
        model = models.KpiScheme

    name = factory.Sequence(lambda n: f"客户经理绩效考核方案{n}")
    is_active = True


class IndicatorFactory(BaseFactory):
    class Meta:
        model = models.KpiIndicator

    scheme = factory.SubFactory(KpiSchemeFactory)
    code = factory.Sequence(lambda n: f"K{n}")
    name_zh = "存款余额"
    name_en = "Deposits"
    direction = IndicatorDirection.HIGHER_IS_BETTER
    weight = 1.0
    normalisation = Normalisation.PEER_MIN_MAX


class ReviewFactory(BaseFactory):
    class Meta:
        model = models.PerformanceReview

    manager = factory.SubFactory(ManagerFactory)
    scheme = factory.SubFactory(KpiSchemeFactory)
    period = "2025"
    unit = factory.SelfAttribute("manager.unit")
    segment = factory.SelfAttribute("manager.segment")


class IndicatorValueFactory(BaseFactory):
    class Meta:
        model = models.IndicatorValue

    review = factory.SubFactory(ReviewFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = 100.0


class CandidateFactory(BaseFactory):
    class Meta:
        model = models.Candidate

    reference = factory.Sequence(lambda n: f"C{n:06d}")
    channel = CandidateChannel.CAMPUS
    employee_no = None
    name = factory.Sequence(lambda n: f"应聘者{n}")
    gender = Gender.MALE
    birth_date = dt.date(2002, 1, 15)
    id_number = "420102200201150011"
    phone = "13800000000"
    education = Education.BACHELOR
    major = "金融学"
    years_experience = 0
    written_score = 78.0
    interview_score = 82.0
    personality_score = 70.0
    credit_record_clean = True
    has_disciplinary_record = False
    qualification_passed_on = None
    status = PipelineStatus.APPLIED
    applied_on = dt.date(2026, 9, 1)


class PreferenceFactory(BaseFactory):
    class Meta:
        model = models.CandidatePreference

    candidate = factory.SubFactory(CandidateFactory)
    unit = factory.SubFactory(BranchFactory)
    rank = 1
