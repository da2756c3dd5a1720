"""Security records: server-side sessions, sign-in throttles, API rate counters, recovery codes.

Everything lives in the database so that several app processes share it (issue 11).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class UserSession(Base):
    """A browser session (ASVS 3.2/3.3); the cookie holds a random token, the row its hash."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None,
                                                index=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ended_reason: Mapped[str] = mapped_column(String(32), default="")
    client: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class LoginThrottle(Base):
    """Consecutive sign-in failures of one account or one client address (ASVS 2.2.1)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    label: Mapped[str] = mapped_column(String(254), default="")


class RateCounter(Base):
    """Requests of one user in one minute on the JSON API."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class RecoveryCode(Base):
    """A single-use second-factor recovery code (argon2 hash)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
