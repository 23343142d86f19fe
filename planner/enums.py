"""Categories and lifecycle states of the domain, each with a bilingual label.

Values are stored as their ``value`` string (not native database enums) so that SQLite and PostgreSQL behave
alike and new members need no schema change.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        """Return the label in the current locale."""
        return str(LABELS[self])

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """Return ``(value, label)`` pairs for a select field; labels stay lazy, so a form class built at
        import time still speaks the language of each request."""
        return [(member.value, LABELS[member]) for member in cls]


class Role(LabelledEnum):
    """What a user may do: admin manages users; planner changes data; viewer only reads."""

    ADMIN = "admin"
    PLANNER = "planner"
    VIEWER = "viewer"


class UnitKind(LabelledEnum):
    """Level of an organisation unit: bank (总行) → branch (支行) → outlet (网点)."""

    BANK = "bank"
    BRANCH = "branch"
    OUTLET = "outlet"


class Segment(LabelledEnum):
    """Customer segment a territory or a CM serves."""

    RETAIL = "retail"
    CORPORATE = "corporate"
    SMALL_BUSINESS = "small_business"
    AGRICULTURE = "agriculture"


class Gender(LabelledEnum):
    """Gender as recorded by HR."""

    MALE = "male"
    FEMALE = "female"


class Education(LabelledEnum):
    """Highest education, lowest first; 大专 is the usual entry gate."""

    HIGH_SCHOOL = "high_school"
    JUNIOR_COLLEGE = "junior_college"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        """Return the position on the education ladder (0 = lowest)."""
        return list(Education).index(self)


class TitleLevel(LabelledEnum):
    """Professional title (职称) level."""

    NONE = "none"
    JUNIOR = "junior"
    MIDDLE = "middle"
    SENIOR = "senior"


class ManagerStatus(LabelledEnum):
    """Employment state of a customer manager within the CM team."""

    ACTIVE = "active"
    PROBATION = "probation"
    LEAVE = "leave"
    EXITED = "exited"


class AvoidanceRelation(LabelledEnum):
    """Why two people must not work in the same unit (回避)."""

    SPOUSE = "spouse"
    PARENT_CHILD = "parent_child"
    SIBLING = "sibling"
    OTHER_RELATIVE = "other_relative"


class AssessmentSource(LabelledEnum):
    """Where a competency score comes from."""

    EXAM = "exam"
    INTERVIEW = "interview"
    SUPERVISOR = "supervisor"
    REVIEW_360 = "review_360"


class IndicatorDirection(LabelledEnum):
    """Whether a KPI is better when higher (deposits) or lower (NPL ratio)."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class Normalisation(LabelledEnum):
    """How an indicator value becomes a 0–100 score before weighting."""

    PEER_MIN_MAX = "peer_min_max"
    TARGET = "target"
    TOLERANCE_BAND = "tolerance_band"


class CandidateChannel(LabelledEnum):
    """Recruitment channel of a candidate."""

    CAMPUS = "campus"
    EXPERIENCED = "experienced"
    COUNTER_TRANSFER = "counter_transfer"
    INTERNAL = "internal"
    REFERRAL = "referral"

    @property
    def is_internal(self) -> bool:
        """Tell whether candidates of this channel are already bank employees."""
        return self in (CandidateChannel.COUNTER_TRANSFER, CandidateChannel.INTERNAL)


class PipelineStatus(LabelledEnum):
    """Where a candidate stands in the selection pipeline."""

    APPLIED = "applied"
    SCREENED = "screened"
    WRITTEN_EXAM = "written_exam"
    INTERVIEW = "interview"
    OFFERED = "offered"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_final(self) -> bool:
        """Tell whether the candidate has left the pipeline."""
        return self in (PipelineStatus.HIRED, PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN)

    def can_move_to(self, target: PipelineStatus) -> bool:
        """Tell whether the pipeline allows moving from this status to ``target``."""
        if self.is_final:
            return False
        if target in (PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN):
            return True
        order = PIPELINE_ORDER
        return target in order and order.index(target) == order.index(self) + 1


PIPELINE_ORDER = [
    PipelineStatus.APPLIED,
    PipelineStatus.SCREENED,
    PipelineStatus.WRITTEN_EXAM,
    PipelineStatus.INTERVIEW,
    PipelineStatus.OFFERED,
    PipelineStatus.HIRED,
]


class AuditAction(LabelledEnum):
    """Kind of change recorded in the audit log."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SIGN_IN_FAILED = "sign_in_failed"


LABELS: dict[enum.Enum, object] = {
    Role.ADMIN: _l("Administrator"),
    Role.PLANNER: _l("Planner"),
    Role.VIEWER: _l("Viewer"),
    UnitKind.BANK: _l("Bank"),
    UnitKind.BRANCH: _l("Branch"),
    UnitKind.OUTLET: _l("Outlet"),
    Segment.RETAIL: _l("Retail"),
    Segment.CORPORATE: _l("Corporate"),
    Segment.SMALL_BUSINESS: _l("Small business"),
    Segment.AGRICULTURE: _l("Agriculture"),
    Gender.MALE: _l("Male"),
    Gender.FEMALE: _l("Female"),
    Education.HIGH_SCHOOL: _l("High school"),
    Education.JUNIOR_COLLEGE: _l("Junior college"),
    Education.BACHELOR: _l("Bachelor"),
    Education.MASTER: _l("Master"),
    Education.DOCTORATE: _l("Doctorate"),
    TitleLevel.NONE: _l("No title"),
    TitleLevel.JUNIOR: _l("Junior title"),
    TitleLevel.MIDDLE: _l("Mid-level title"),
    TitleLevel.SENIOR: _l("Senior title"),
    ManagerStatus.ACTIVE: _l("Active"),
    ManagerStatus.PROBATION: _l("Probation"),
    ManagerStatus.LEAVE: _l("On leave"),
    ManagerStatus.EXITED: _l("Exited"),
    AvoidanceRelation.SPOUSE: _l("Spouse"),
    AvoidanceRelation.PARENT_CHILD: _l("Parent and child"),
    AvoidanceRelation.SIBLING: _l("Siblings"),
    AvoidanceRelation.OTHER_RELATIVE: _l("Other relative"),
    AssessmentSource.EXAM: _l("Exam"),
    AssessmentSource.INTERVIEW: _l("Interview"),
    AssessmentSource.SUPERVISOR: _l("Supervisor"),
    AssessmentSource.REVIEW_360: _l("360° review"),
    IndicatorDirection.HIGHER_IS_BETTER: _l("Higher is better"),
    IndicatorDirection.LOWER_IS_BETTER: _l("Lower is better"),
    Normalisation.PEER_MIN_MAX: _l("Min–max within peer group"),
    Normalisation.TARGET: _l("Share of target"),
    Normalisation.TOLERANCE_BAND: _l("Tolerance band"),
    CandidateChannel.CAMPUS: _l("Campus hiring"),
    CandidateChannel.EXPERIENCED: _l("Experienced hire"),
    CandidateChannel.COUNTER_TRANSFER: _l("Counter-staff transfer"),
    CandidateChannel.INTERNAL: _l("Internal competition"),
    CandidateChannel.REFERRAL: _l("Referral"),
    PipelineStatus.APPLIED: _l("Applied"),
    PipelineStatus.SCREENED: _l("Screened"),
    PipelineStatus.WRITTEN_EXAM: _l("Written exam"),
    PipelineStatus.INTERVIEW: _l("Interview"),
    PipelineStatus.OFFERED: _l("Offered"),
    PipelineStatus.HIRED: _l("Hired"),
    PipelineStatus.REJECTED: _l("Rejected"),
    PipelineStatus.WITHDRAWN: _l("Withdrawn"),
    AuditAction.CREATE: _l("Created"),
    AuditAction.UPDATE: _l("Updated"),
    AuditAction.DELETE: _l("Deleted"),
    AuditAction.SIGN_IN_FAILED: _l("Failed sign-in"),
}


def enum_column_type(enum_cls: type[enum.Enum]):  # type: ignore[no-untyped-def]
    """Return the column type storing ``enum_cls`` by value as a short string."""
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
