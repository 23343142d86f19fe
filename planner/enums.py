"""Categories and lifecycle states of the domain, each with a bilingual label.

Values are stored as their ``value`` string (not native database enums) so that SQLite and PostgreSQL behave
alike and new members need no schema change.
"""

from __future__ import annotations

import enum

import sqlalchemy

from planner.messages import N_, Message


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable label."""

    @property
    def label(self) -> Message:
        """Return the English label; the edge shows it in the user's language."""
        return LABELS[self]


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


class RunStatus(LabelledEnum):
    """Lifecycle of a solver run: queued → running → succeeded | failed | cancelled."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """Tell whether the run has ended (nothing more will happen to it)."""
        return self in (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)

    def can_move_to(self, target: RunStatus) -> bool:
        """Tell whether the lifecycle allows going from this state to ``target``."""
        return target in RUN_TRANSITIONS[self]


RUN_TRANSITIONS: dict[RunStatus, tuple[RunStatus, ...]] = {
    RunStatus.QUEUED: (RunStatus.RUNNING, RunStatus.CANCELLED, RunStatus.FAILED),
    RunStatus.RUNNING: (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED),
    RunStatus.SUCCEEDED: (),
    RunStatus.FAILED: (),
    RunStatus.CANCELLED: (),
}


LABELS: dict[enum.Enum, Message] = {
    Role.ADMIN: N_("Administrator"),
    Role.PLANNER: N_("Planner"),
    Role.VIEWER: N_("Viewer"),
    UnitKind.BANK: N_("Bank"),
    UnitKind.BRANCH: N_("Branch"),
    UnitKind.OUTLET: N_("Outlet"),
    Segment.RETAIL: N_("Retail"),
    Segment.CORPORATE: N_("Corporate"),
    Segment.SMALL_BUSINESS: N_("Small business"),
    Segment.AGRICULTURE: N_("Agriculture"),
    Gender.MALE: N_("Male"),
    Gender.FEMALE: N_("Female"),
    Education.HIGH_SCHOOL: N_("High school"),
    Education.JUNIOR_COLLEGE: N_("Junior college"),
    Education.BACHELOR: N_("Bachelor"),
    Education.MASTER: N_("Master"),
    Education.DOCTORATE: N_("Doctorate"),
    TitleLevel.NONE: N_("No title"),
    TitleLevel.JUNIOR: N_("Junior title"),
    TitleLevel.MIDDLE: N_("Mid-level title"),
    TitleLevel.SENIOR: N_("Senior title"),
    ManagerStatus.ACTIVE: N_("Active"),
    ManagerStatus.PROBATION: N_("Probation"),
    ManagerStatus.LEAVE: N_("On leave"),
    ManagerStatus.EXITED: N_("Exited"),
    AvoidanceRelation.SPOUSE: N_("Spouse"),
    AvoidanceRelation.PARENT_CHILD: N_("Parent and child"),
    AvoidanceRelation.SIBLING: N_("Siblings"),
    AvoidanceRelation.OTHER_RELATIVE: N_("Other relative"),
    AssessmentSource.EXAM: N_("Exam"),
    AssessmentSource.INTERVIEW: N_("Interview"),
    AssessmentSource.SUPERVISOR: N_("Supervisor"),
    AssessmentSource.REVIEW_360: N_("360° review"),
    IndicatorDirection.HIGHER_IS_BETTER: N_("Higher is better"),
    IndicatorDirection.LOWER_IS_BETTER: N_("Lower is better"),
    Normalisation.PEER_MIN_MAX: N_("Min–max within peer group"),
    Normalisation.TARGET: N_("Share of target"),
    Normalisation.TOLERANCE_BAND: N_("Tolerance band"),
    CandidateChannel.CAMPUS: N_("Campus hiring"),
    CandidateChannel.EXPERIENCED: N_("Experienced hire"),
    CandidateChannel.COUNTER_TRANSFER: N_("Counter-staff transfer"),
    CandidateChannel.INTERNAL: N_("Internal competition"),
    CandidateChannel.REFERRAL: N_("Referral"),
    PipelineStatus.APPLIED: N_("Applied"),
    PipelineStatus.SCREENED: N_("Screened"),
    PipelineStatus.WRITTEN_EXAM: N_("Written exam"),
    PipelineStatus.INTERVIEW: N_("Interview"),
    PipelineStatus.OFFERED: N_("Offered"),
    PipelineStatus.HIRED: N_("Hired"),
    PipelineStatus.REJECTED: N_("Rejected"),
    PipelineStatus.WITHDRAWN: N_("Withdrawn"),
    AuditAction.CREATE: N_("Created"),
    AuditAction.UPDATE: N_("Updated"),
    AuditAction.DELETE: N_("Deleted"),
    AuditAction.SIGN_IN_FAILED: N_("Failed sign-in"),
    RunStatus.QUEUED: N_("Queued"),
    RunStatus.RUNNING: N_("Running"),
    RunStatus.SUCCEEDED: N_("Succeeded"),
    RunStatus.FAILED: N_("Failed"),
    RunStatus.CANCELLED: N_("Cancelled"),
}


def enum_column_type(enum_cls: type[enum.Enum]) -> sqlalchemy.Enum:
    """Return the column type storing ``enum_cls`` by value as a short string."""
    return sqlalchemy.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
