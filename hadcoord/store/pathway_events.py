"""A pathway's timeline: every transition with who, when and why (issue 14)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.coverage.results import OptionKind
from hadcoord.store.database import Base
from hadcoord.store.types import StrEnumType, UTCDateTime
from hadcoord.vocabulary import Answer, EndReason, PathwayState, PathwayStep, RequestKind


class PathwayEvent(Base):
    """One step of a pathway: the state it led to, the option then engaged, the details."""

    __tablename__ = "pathway_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    user_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor: Mapped[str] = mapped_column(String(254))
    step: Mapped[PathwayStep] = mapped_column(StrEnumType(PathwayStep, 40))
    state: Mapped[PathwayState] = mapped_column(StrEnumType(PathwayState, 24))
    option_kind: Mapped[OptionKind] = mapped_column(StrEnumType(OptionKind, 16))
    had_establishment_id: Mapped[str | None] = mapped_column(String(64), default=None)
    option_name: Mapped[str] = mapped_column(String(200), default="")
    request_kind: Mapped[RequestKind | None] = mapped_column(
        StrEnumType(RequestKind, 16), default=None)
    answer: Mapped[Answer | None] = mapped_column(StrEnumType(Answer, 16), default=None)
    answer_date: Mapped[date | None] = mapped_column(Date, default=None)
    reference: Mapped[str] = mapped_column(String(100), default="")  # the ARS or HAD reference
    end_reason: Mapped[EndReason | None] = mapped_column(StrEnumType(EndReason, 24), default=None)
    cycle: Mapped[int | None] = mapped_column(Integer, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
