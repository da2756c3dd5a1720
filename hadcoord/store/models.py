"""Typed SQLAlchemy 2 models: accounts, audit trail, patients, pathways and their tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hadcoord.clock import utc_now
from hadcoord.coverage.results import MatchStatus, OptionKind
from hadcoord.store.database import Base
from hadcoord.store.types import StrEnumType, UTCDateTime
from hadcoord.vocabulary import CentralLine, PathwayState, RequestKind, Role, TaskStatus

__all__ = ["AuditEvent", "Pathway", "PathwayEvent", "Patient", "Role", "Task", "User"]


class User(Base):
    """An account; HAD nurses belong to one HAD establishment."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 20))
    had_establishment_id: Mapped[str | None] = mapped_column(String(64), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # An admin-issued password must be changed at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # TOTP (RFC 6238) secret, base32; confirmed once the user typed a first valid code.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Last TOTP time step accepted: a code is used once only (RFC 6238 §5.2).
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)


class AuditEvent(Base):
    """Who read or changed what, and when (kept even if the user or patient is removed)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(32))
    patient_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    target: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    # Where the request came from: client address, and the first 16 characters of the session
    # id (user_sessions.id) — never the cookie's token (issue 16).
    client: Mapped[str] = mapped_column(String(64), default="")
    session_ref: Mapped[str] = mapped_column(String(16), default="")
    # Tamper evidence (store/audit_chain.py): position in the chain, previous and own SHA-256.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class Patient(Base):
    """A patient's record; ``reference`` is the pseudonym shown where identity must not be."""

    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    commune_code: Mapped[str] = mapped_column(String(5))
    phone: Mapped[str] = mapped_column(String(32), default="")
    gp_name: Mapped[str] = mapped_column(String(200), default="")
    haematologist: Mapped[str] = mapped_column(String(200), default="")
    indication: Mapped[str] = mapped_column(String(8))
    weight_kg: Mapped[float] = mapped_column(Float)
    # Under 45 kg the dose follows the body surface area (SmPC 4.2): the height is needed.
    height_cm: Mapped[float | None] = mapped_column(Float, default=None)
    consent_had: Mapped[bool] = mapped_column(Boolean, default=False)
    # NEWS2 SpO2 scale (RCP 2017): 2 only on a prescribed 88-92 % target; never from a check.
    spo2_scale: Mapped[int] = mapped_column(Integer, default=1)
    # Issue 14: what the home team needs (shown to the coordinator and the patient's HAD team
    # only). Empty = not known (« à renseigner »): nothing is invented.
    address: Mapped[str] = mapped_column(String(300), default="")
    phone_other: Mapped[str] = mapped_column(String(32), default="")
    trusted_name: Mapped[str] = mapped_column(String(200), default="")
    trusted_relation: Mapped[str] = mapped_column(String(100), default="")
    trusted_phone: Mapped[str] = mapped_column(String(32), default="")
    allergies: Mapped[str] = mapped_column(Text, default="")
    central_line: Mapped[CentralLine | None] = mapped_column(StrEnumType(CentralLine, 8),
                                                             default=None)
    day_hospital: Mapped[str] = mapped_column(String(200), default="")
    gp_phone: Mapped[str] = mapped_column(String(32), default="")
    nurses_name: Mapped[str] = mapped_column(String(200), default="")
    nurses_phone: Mapped[str] = mapped_column(String(32), default="")
    pharmacy_name: Mapped[str] = mapped_column(String(200), default="")
    pharmacy_phone: Mapped[str] = mapped_column(String(32), default="")
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    provider_phone: Mapped[str] = mapped_column(String(32), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # One per form display: a second submit of the same form is refused (no duplicate patient).
    submission_key: Mapped[str | None] = mapped_column(String(36), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    pathway: Mapped[Pathway | None] = relationship(back_populates="patient", uselist=False)


class Pathway(Base):
    """The care pathway chosen for a patient: the coverage option and the calendar inputs."""

    __tablename__ = "pathways"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), unique=True)
    coverage_status: Mapped[MatchStatus] = mapped_column(StrEnumType(MatchStatus, 32))
    option_kind: Mapped[OptionKind] = mapped_column(StrEnumType(OptionKind, 16))
    had_establishment_id: Mapped[str | None] = mapped_column(String(64), default=None)
    covering_establishment_id: Mapped[str | None] = mapped_column(String(64), default=None)
    distance_km: Mapped[float | None] = mapped_column(Float, default=None)
    first_recourse: Mapped[str] = mapped_column(String(200), default="")
    cycle1_start: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    change_days: Mapped[str] = mapped_column(String(16), default="mon-thu")
    cycles: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # Issue 14: where the pathway stands (its transitions are in pathway_events).
    state: Mapped[PathwayState] = mapped_column(StrEnumType(PathwayState, 24),
                                                default=PathwayState.OPTIONS_PROPOSED)
    current_cycle: Mapped[int | None] = mapped_column(Integer, default=None)
    # Issue 14: the day hospital of the bag changes, a directory entry (``kind:key``); None:
    # the default of ``[protocol.calendar]`` (the IUCT-Oncopole day hospital).
    day_hospital_key: Mapped[str | None] = mapped_column(String(300), default=None)
    patient: Mapped[Patient] = relationship(back_populates="pathway")
    tasks: Mapped[list[Task]] = relationship(back_populates="pathway", order_by="Task.due_date")
    events: Mapped[list[PathwayEvent]] = relationship(order_by="PathwayEvent.id")
    # Issue 13: the infusion's interruptions, re-planned in this order.
    interruptions: Mapped[list[PathwayInterruption]] = relationship(
        order_by="PathwayInterruption.id", cascade="all, delete-orphan")


class Task(Base):
    """Something the chosen option implies (admission request, derogation letter, training…)."""

    __tablename__ = "tasks"
    # The dashboard and the digest read the open tasks due by a day: a range of this index,
    # not a scan of every task ever created (issue 19).
    __table_args__ = (Index("ix_tasks_status_due_date", "status", "due_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[TaskStatus] = mapped_column(StrEnumType(TaskStatus, 16),
                                                default=TaskStatus.TODO)
    content: Mapped[str] = mapped_column(Text, default="")
    # The request whose acceptance this task waits for (due the day after the answer).
    waits_for: Mapped[RequestKind | None] = mapped_column(StrEnumType(RequestKind, 16),
                                                          default=None)
    pathway: Mapped[Pathway] = relationship(back_populates="tasks")


from hadcoord.store.interruptions import PathwayInterruption  # noqa: E402  (relationship target)
from hadcoord.store.pathway_events import PathwayEvent  # noqa: E402  (the relationship's target)
