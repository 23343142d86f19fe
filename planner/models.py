"""Import every model so the metadata is complete (for Alembic and the mapper registry)."""

from planner.assessments.models import Assessment
from planner.audit.models import AuditEntry
from planner.auth.models import User
from planner.candidates.models import Candidate, CandidatePreference, CandidateStatusChange
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.org.models import OrgUnit, UnitStaffCount
from planner.people.models import AvoidanceLink, Manager, TerritoryAssignment
from planner.performance.models import IndicatorValue, KpiIndicator, KpiScheme, PerformanceReview
from planner.runs.models import Run, RunProgress, RunSnapshot
from planner.runs.results import (
    RunAssignment,
    RunExit,
    RunGoal,
    RunHire,
    RunMove,
    RunPenalty,
    RunPlanCell,
    RunPlanFlow,
    RunPromotion,
    RunRejection,
    RunTerritory,
    RunUnitYear,
)
from planner.scenarios.models import Scenario
from planner.settings.models import Grade, Setting
from planner.spreadsheets.models import SpreadsheetUpload
from planner.territories.models import Territory, TerritoryThreshold

__all__ = [
    "Assessment",
    "AuditEntry",
    "AvoidanceLink",
    "Candidate",
    "CandidatePreference",
    "CandidateStatusChange",
    "CompetencyDimension",
    "CompetencyFramework",
    "CompetencyGroup",
    "Grade",
    "IndicatorValue",
    "KpiIndicator",
    "KpiScheme",
    "Manager",
    "OrgUnit",
    "PerformanceReview",
    "Run",
    "RunAssignment",
    "RunExit",
    "RunGoal",
    "RunHire",
    "RunMove",
    "RunPenalty",
    "RunPlanCell",
    "RunPlanFlow",
    "RunProgress",
    "RunPromotion",
    "RunRejection",
    "RunSnapshot",
    "RunTerritory",
    "RunUnitYear",
    "Scenario",
    "Setting",
    "SpreadsheetUpload",
    "Territory",
    "TerritoryAssignment",
    "TerritoryThreshold",
    "UnitStaffCount",
    "User",
]
