"""What the pages need of each pathway's plan, stored: its date range and its days at home.

A plan is derived from its inputs (cycle-1 start, change days, cycles, indication, the
protocol): ``PlanSummary`` keeps a copy of those inputs beside what was derived, so a stored
summary whose inputs no longer match the pathway's is found by one SQL query and recomputed
(``services/plan_store.refresh_stale``). Pages then select pathways by date range (indexed)
instead of rebuilding every plan ever recorded.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.store.database import Base


class PlanSummary(Base):
    """A pathway's stored plan range: first and last day it touches (preparations included)."""

    __tablename__ = "plan_summaries"
    __table_args__ = (Index("ix_plan_summaries_range", "last_day", "first_day"),)

    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="CASCADE"),
                                            primary_key=True)
    # The inputs the plan was derived from (compared in SQL with the pathway's own).
    protocol_key: Mapped[str] = mapped_column(String(64))
    cycle1_start: Mapped[datetime] = mapped_column(DateTime)
    change_days: Mapped[str] = mapped_column(String(16))
    cycles: Mapped[int] = mapped_column(Integer)
    indication: Mapped[str] = mapped_column(String(8))
    # What was derived: None when the planner refused the inputs (``error`` says why).
    first_day: Mapped[date | None] = mapped_column(Date, default=None)
    last_day: Mapped[date | None] = mapped_column(Date, default=None)
    error: Mapped[str] = mapped_column(Text, default="")


class PlanHomePeriod(Base):
    """A run of consecutive days the plan keeps the patient at home (a daily check each day)."""

    __tablename__ = "plan_home_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="CASCADE"),
                                            index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
