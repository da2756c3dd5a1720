"""The closed vocabularies stored in the database and shared by services, web, CLI and jobs.

Pure Python (no SQLAlchemy, no Flask), so the domain core and the wording layer can name them.
Each is a ``StrEnum``: a member *is* its stored string, so the database values and the JSON
outputs are the same as when these were plain strings. The vocabularies of the domain core live
next to the code that decides them (``coverage.results.MatchStatus``/``OptionKind``,
``coverage.readiness.Training``/``PumpReadiness``, ``coverage.model.Structure``/``Basis``,
``monitoring.levels.TriageLevel``, ``monitoring.check.Consciousness``…).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user may see and do."""

    COORDINATOR = "coordinator"  # patients and pathways
    PHARMACIST = "pharmacist"  # preparation list: patient reference, not identity
    HAD_NURSE = "had_nurse"  # only the patients of their own HAD
    ARS = "ars"  # coverage and aggregate figures, never a patient identity
    ADMIN = "admin"  # users, reference data, audit


class TaskStatus(StrEnum):
    """Where a pathway task stands."""

    TODO = "todo"
    DONE = "done"


class Channel(StrEnum):
    """How a notification reaches its recipient."""

    EMAIL = "email"
    IN_APP = "in_app"


class NotificationStatus(StrEnum):
    """The outbox states of a notification: pending → sending → sent (or failed)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class AlertKind(StrEnum):
    """What raised an alert."""

    CHECK = "check"  # a red or orange daily check
    MISSING_CHECK = "missing_check"  # no daily check for a patient at home
