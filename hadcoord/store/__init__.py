"""Persistence: SQLAlchemy 2 engine, sessions and typed models (migrations in migrations/)."""

from hadcoord.store.audit_chain import AuditChain
from hadcoord.store.calendar_feeds import CalendarFeed
from hadcoord.store.checks import Alert, DailyCheckRecord, JobRun, Notification
from hadcoord.store.database import (
    Base,
    database_is_reachable,
    engine_of,
    make_engine,
    make_session_factory,
    open_session,
)
from hadcoord.store.directory import DirectoryEntry
from hadcoord.store.interruptions import PathwayInterruption
from hadcoord.store.letters import LetterVersion
from hadcoord.store.models import AuditEvent, Pathway, Patient, Role, Task, User
from hadcoord.store.pathway_events import PathwayEvent
from hadcoord.store.pharmacy_views import PharmacyView
from hadcoord.store.plans import PlanHomePeriod, PlanSummary
from hadcoord.store.scenarios import SavedScenario
from hadcoord.store.schema import Heartbeat
from hadcoord.store.security import LoginThrottle, RateCounter, RecoveryCode, UserSession

__all__ = [
    "Alert",
    "AuditChain",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "DailyCheckRecord",
    "DirectoryEntry",
    "Heartbeat",
    "JobRun",
    "LetterVersion",
    "LoginThrottle",
    "Notification",
    "Pathway",
    "PathwayEvent",
    "PathwayInterruption",
    "Patient",
    "PharmacyView",
    "PlanHomePeriod",
    "PlanSummary",
    "RateCounter",
    "RecoveryCode",
    "Role",
    "SavedScenario",
    "Task",
    "User",
    "UserSession",
    "database_is_reachable",
    "engine_of",
    "make_engine",
    "make_session_factory",
    "open_session",
]
