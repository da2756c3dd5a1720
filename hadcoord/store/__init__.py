"""Persistence: SQLAlchemy 2 engine, sessions and typed models (migrations in migrations/)."""

from hadcoord.store.checks import Alert, DailyCheckRecord, JobRun, Notification
from hadcoord.store.database import (
    Base,
    database_is_reachable,
    make_engine,
    make_session_factory,
    open_session,
)
from hadcoord.store.models import AuditEvent, Pathway, Patient, Role, Task, User

__all__ = [
    "Alert",
    "AuditEvent",
    "Base",
    "DailyCheckRecord",
    "JobRun",
    "Notification",
    "Pathway",
    "Patient",
    "Role",
    "Task",
    "User",
    "database_is_reachable",
    "make_engine",
    "make_session_factory",
    "open_session",
]
