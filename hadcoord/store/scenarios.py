"""The ARS's saved scenarios (issue 18): a base date and the editor's changes, as JSON.

Aggregate planning data only: a scenario never names a patient.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class SavedScenario(Base):
    """A scenario of the ARS's editor: name, author, dates, description and changes."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    base_date: Mapped[date] = mapped_column(Date)
    changes: Mapped[str] = mapped_column(Text, default="[]")  # JSON: desk.Edit.to_json() list
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    author: Mapped[str] = mapped_column(String(254))  # the author's e-mail when created
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(254), default="")
