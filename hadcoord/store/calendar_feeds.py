"""Per-HAD calendar feeds: a secret URL a HAD's nurses subscribe their phones to (issue 13).

The URL carries a random token (32 bytes); the database keeps only its SHA-256, like the
session tokens (``web/auth_sessions.py``): a copy of the database gives no working URL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class CalendarFeed(Base):
    """One HAD's calendar feed; revoked feeds are kept (who revoked it, when)."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    had_establishment_id: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    fetches: Mapped[int] = mapped_column(Integer, default=0)
