"""Typed SQLAlchemy models, grouped by area."""

from .analysis_cache import DimensionMean
from .audit import AuditEvent
from .base import Base, utcnow
from .feedback import Feedback
from .guidance import (
    DimensionPlanDefault,
    DimensionPlanMonth,
    FollowUpCase,
    FollowUpCheckIn,
    FollowUpGoal,
    GuidanceMeeting,
    PracticeNarrative,
)
from .observations import KINDS, STATUSES, Cycle, Observation, Score
from .org import AGE_GROUPS, Department, Kindergarten, Network, Pool
from .people import FAMILIES, ROLES, Certification, User, UserRole, department_member
from .plans import CalendarFeed, SemesterPlan, Visit
from .proposals import DepartmentProposal
from .signin import ExternalIdentity, LoginFailure, PasswordToken, UserSession

__all__ = [
    "AGE_GROUPS",
    "FAMILIES",
    "KINDS",
    "ROLES",
    "STATUSES",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Certification",
    "Cycle",
    "Department",
    "DepartmentProposal",
    "DimensionMean",
    "ExternalIdentity",
    "Feedback",
    "DimensionPlanDefault",
    "DimensionPlanMonth",
    "FollowUpCase",
    "FollowUpCheckIn",
    "FollowUpGoal",
    "GuidanceMeeting",
    "Kindergarten",
    "LoginFailure",
    "Network",
    "Observation",
    "PasswordToken",
    "Pool",
    "PracticeNarrative",
    "Score",
    "SemesterPlan",
    "User",
    "UserRole",
    "UserSession",
    "Visit",
    "department_member",
    "utcnow",
]
