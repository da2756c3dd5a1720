"""The contact directory's stored values (issue 14), over the shipped reference.

The reference (territories/contacts.toml) ships without numbers: nothing is invented.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class DirectoryEntry(Base):
    """The numbers, e-mail and address of one directory entry, with when and where verified."""

    __tablename__ = "directory_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # kind:key of the reference
    # An entry added in the app (a day hospital) has its name here; "" for the reference's.
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    phone_24h: Mapped[str] = mapped_column(String(32), default="")
    phone_coordination: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    phone_on_call: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    verified_on: Mapped[date | None] = mapped_column(Date, default=None)
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(254), default="")
