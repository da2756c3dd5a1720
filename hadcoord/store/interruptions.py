"""A pathway's infusion interruptions (issue 13): stop, resume, reason, decision, in order.

The decision to restart is optional (None: at the stop).

The plan is the calendar's plan re-planned after each interruption in turn (SmPC 4.2 rules in
``planning/interruption.py`` and ``planning/toxicity.py``). Times are Paris wall times, naive,
like ``pathways.cycle1_start``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class PathwayInterruption(Base):
    """One interruption of the infusion, as the coordinator recorded it."""

    __tablename__ = "pathway_interruptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="CASCADE"),
                                            index=True)
    stop: Mapped[datetime] = mapped_column(DateTime)
    resume: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(16))  # technical, crs:3, neuro:3, seizure…
    # When the restart was decided (its bag is prepared after it); None: at the stop.
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
