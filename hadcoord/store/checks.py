"""Typed models of the daily home checks, their alerts, the notification outbox and job runs.

The exactly-once delivery rests on ``Notification.dedup_key`` (UNIQUE): a job inserts its rows
in one transaction, a duplicate is rejected by the constraint, and a sender owns a row only
after a conditional UPDATE (pending → sending) that a single process can win.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hadcoord.clock import utc_now
from hadcoord.monitoring.levels import TriageLevel
from hadcoord.store.database import Base
from hadcoord.store.models import Patient, User
from hadcoord.store.types import StrEnumType, UTCDateTime
from hadcoord.vocabulary import AlertKind, Channel, NotificationStatus


class DailyCheckRecord(Base):
    """One daily home check as recorded by the HAD nurse, with its grading and triage."""

    __tablename__ = "daily_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    check_day: Mapped[date] = mapped_column(Date, index=True)  # recorded_at's day in Paris
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # One per form display (or API Idempotency-Key): a second submit records nothing.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # Vital signs and support
    temperature_c: Mapped[float] = mapped_column(Float)
    hours_above_40_c: Mapped[float | None] = mapped_column(Float, default=None)
    heart_rate: Mapped[int] = mapped_column(Integer)
    systolic_bp: Mapped[int] = mapped_column(Integer)
    diastolic_bp: Mapped[int] = mapped_column(Integer)
    spo2: Mapped[float] = mapped_column(Float)
    respiratory_rate: Mapped[int | None] = mapped_column(Integer, default=None)  # None: before
    fever_masking_treatment: Mapped[bool] = mapped_column(Boolean, default=False)
    spo2_scale: Mapped[int] = mapped_column(Integer, default=1)
    oxygen: Mapped[str] = mapped_column(String(20))
    vasopressors: Mapped[int] = mapped_column(Integer, default=0)
    vasopressin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Venous access
    line_redness: Mapped[bool] = mapped_column(Boolean)
    line_heat: Mapped[bool] = mapped_column(Boolean)
    line_swelling: Mapped[bool] = mapped_column(Boolean)
    line_discharge: Mapped[bool] = mapped_column(Boolean)
    dressing_intact: Mapped[bool | None] = mapped_column(Boolean, default=None)
    # Pump and bag
    pump_running: Mapped[bool] = mapped_column(Boolean)
    pump_alarm: Mapped[bool] = mapped_column(Boolean)
    programmed_rate_ml_h: Mapped[float | None] = mapped_column(Float, default=None)
    prescribed_rate_ml_h: Mapped[float | None] = mapped_column(Float, default=None)
    bag_volume_ml: Mapped[float | None] = mapped_column(Float, default=None)
    volume_left_ml: Mapped[float] = mapped_column(Float)
    expected_volume_left_ml: Mapped[float] = mapped_column(Float)
    battery_changed: Mapped[bool | None] = mapped_column(Boolean, default=None)
    # Neurology
    writing_test: Mapped[str] = mapped_column(String(10))
    ice_score: Mapped[int | None] = mapped_column(Integer, default=None)
    ice_orientation: Mapped[int | None] = mapped_column(Integer, default=None)
    ice_naming: Mapped[int | None] = mapped_column(Integer, default=None)
    ice_commands: Mapped[int | None] = mapped_column(Integer, default=None)
    ice_writing: Mapped[int | None] = mapped_column(Integer, default=None)
    ice_attention: Mapped[int | None] = mapped_column(Integer, default=None)
    consciousness: Mapped[str] = mapped_column(String(16))
    seizure: Mapped[str] = mapped_column(String(10))
    neuro_signs: Mapped[str] = mapped_column(Text, default="")  # comma-separated NeuroSign
    free_text: Mapped[str] = mapped_column(Text, default="")
    # Graded result (monitoring core)
    crs_grade: Mapped[int] = mapped_column(Integer)
    icans_grade: Mapped[int] = mapped_column(Integer)
    fever_grade: Mapped[int] = mapped_column(Integer)
    triage: Mapped[TriageLevel] = mapped_column(StrEnumType(TriageLevel, 8), index=True)
    pump_deviation_ml: Mapped[float] = mapped_column(Float)
    news2_score: Mapped[int | None] = mapped_column(Integer, default=None)  # None: before NEWS2
    news2_risk: Mapped[str | None] = mapped_column(String(12), default=None)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)  # NEWS2 >= 7: call the 15
    ask_ice_items: Mapped[bool] = mapped_column(Boolean, default=False)
    # The alert episode this abnormal check belongs to (one open alert per patient episode).
    # Plain integer, no foreign key: alerts.check_id already points this way (no FK cycle).
    alert_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{code, level, message}]
    observations: Mapped[str] = mapped_column(Text, default="[]")
    patient: Mapped[Patient] = relationship()


class Alert(Base):
    """Something a coordinator must act on: a red/orange check episode, a missing check.

    A check alert is an episode: later abnormal checks of the patient attach to it while it is
    open (``checks_count``, ``last_check_at``) and raise its level when worse.
    """

    __tablename__ = "alerts"
    # One open check episode per patient, even when two checks are recorded at once (0012).
    __table_args__ = (Index("uq_alerts_open_check_episode", "patient_id", unique=True,
                            sqlite_where=text("kind = 'check' AND acknowledged_at IS NULL"),
                            postgresql_where=text("kind = 'check' AND acknowledged_at IS NULL")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    check_id: Mapped[int | None] = mapped_column(ForeignKey("daily_checks.id"), default=None)
    kind: Mapped[AlertKind] = mapped_column(StrEnumType(AlertKind, 32))
    level: Mapped[TriageLevel] = mapped_column(StrEnumType(TriageLevel, 8))  # red | orange
    message: Mapped[str] = mapped_column(Text)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(),
                                                             default=None, index=True)
    # What the coordinator did (ACK_ACTIONS in services.alerts) and a note.
    ack_action: Mapped[str | None] = mapped_column(String(32), default=None)
    ack_note: Mapped[str] = mapped_column(Text, default="")
    checks_count: Mapped[int] = mapped_column(Integer, default=1)
    last_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    raised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)  # to red
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    patient: Mapped[Patient] = relationship()
    acknowledged_by: Mapped[User | None] = relationship()


class Notification(Base):
    """One message to one user, or to one address, on one channel.

    Outbox: pending → sending → sent. ``address``: an e-mail to someone without an account
    (the on-call contact of the directory); empty for a user's notification.
    """

    __tablename__ = "notifications"
    __table_args__ = (CheckConstraint("recipient_id IS NOT NULL OR address <> ''",
                                      name="ck_notifications_recipient"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                     default=None)
    address: Mapped[str] = mapped_column(String(254), default="", server_default="")
    channel: Mapped[Channel] = mapped_column(StrEnumType(Channel, 8))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[NotificationStatus] = mapped_column(
        StrEnumType(NotificationStatus, 8), default=NotificationStatus.PENDING, index=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(),
                                                             default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    claim_token: Mapped[str | None] = mapped_column(String(36), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    recipient: Mapped[User | None] = relationship()

    @property
    def destination(self) -> str:
        """Whom it goes to: its user's e-mail, or its own address (no account)."""
        return self.recipient.email if self.recipient else self.address


class JobRun(Base):
    """A completed run of a daily job for one day (lets a restarted scheduler catch up)."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    key: Mapped[str] = mapped_column(String(60), unique=True)  # "<job>:<day>"
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    created: Mapped[int] = mapped_column(Integer, default=0)  # notifications newly queued
