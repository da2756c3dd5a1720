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
    NOT_APPLICABLE = "not_applicable"  # the option it served was abandoned (kept, not deleted)


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


class PathwayState(StrEnum):
    """Where a patient's pathway stands (issue 14: a pathway that follows real life)."""

    OPTIONS_PROPOSED = "options_proposed"  # an option retained, its request not sent yet
    REQUEST_SENT = "request_sent"  # ARS derogation, HAD admission or convention sent
    ANSWER_ACCEPTED = "answer_accepted"
    ANSWER_REFUSED = "answer_refused"  # no other option left to propose
    HAD_CONFIRMED = "had_confirmed"  # the HAD (or the convention's team) takes the patient
    AT_HOME = "at_home"
    IN_CYCLE = "in_cycle"  # cycle N (N stored with the transition)
    ENDED = "ended"


class RequestKind(StrEnum):
    """What was asked, and of whom."""

    DEROGATION = "derogation"  # to the ARS (CSP R.1435-41)
    HAD_ADMISSION = "had_admission"  # to the HAD
    CONVENTION = "convention"  # the convention, for the ARS to validate


class Answer(StrEnum):
    """The answer the ARS or the HAD gave."""

    ACCEPTED = "accepted"
    REFUSED = "refused"


class EndReason(StrEnum):
    """Why a pathway ended."""

    END_OF_TREATMENT = "end_of_treatment"
    TRANSFER = "transfer"
    DEATH = "death"
    PATIENT_CHOICE = "patient_choice"


class PathwayStep(StrEnum):
    """A transition recorded on a pathway's timeline."""

    OPTION_CHOSEN = "option_chosen"
    OPTION_SWITCHED = "option_switched"
    OPTION_PROPOSED_AFTER_REFUSAL = "option_proposed_after_refusal"
    REQUEST_SENT = "request_sent"
    ANSWER_RECORDED = "answer_recorded"
    HAD_CONFIRMED = "had_confirmed"
    AT_HOME = "at_home"
    CYCLE_STARTED = "cycle_started"
    ENDED = "ended"
    RECHECKED = "rechecked"  # the record was edited: tasks regenerated from the new situation
    # The stored plan was recomputed because one of its inputs changed (issue 19), and which.
    PLAN_RECOMPUTED_PROTOCOL = "plan_recomputed_protocol"
    PLAN_RECOMPUTED_CALENDAR = "plan_recomputed_calendar"  # start, change days or cycles
    PLAN_RECOMPUTED_INDICATION = "plan_recomputed_indication"
    PLAN_RECOMPUTED_INTERRUPTION = "plan_recomputed_interruption"
    PLAN_RECOMPUTED_BODY = "plan_recomputed_body"  # weight or height: the dose may follow


class CentralLine(StrEnum):
    """The patient's central venous access (the home team's line care depends on it)."""

    PICC = "picc"  # peripherally inserted central catheter
    PORT = "port"  # chambre implantable (totally implanted port)
    CVC = "cvc"  # tunnelled or non-tunnelled central venous catheter
