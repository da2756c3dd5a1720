"""The versions of a letter (ARS derogation request, convention draft): issue 14.

A version is a draft until it is marked « envoyé »; from then on it is what was sent and is
never changed again (an edit makes a new version).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.errors import HadcoordError
from hadcoord.store.database import Base
from hadcoord.store.types import UTCDateTime


class SentLetterError(HadcoordError, ValueError):
    """A sent version was about to be changed: it is kept as sent."""


class LetterVersion(Base):
    """One version of a task's letter: its text, who wrote it, and when it was sent."""

    __tablename__ = "letter_versions"
    __table_args__ = (UniqueConstraint("task_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    sent_on: Mapped[date | None] = mapped_column(Date, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sent_by: Mapped[str] = mapped_column(String(254), default="")

    @property
    def sent(self) -> bool:
        """Whether this version was marked « envoyé » (then it is final)."""
        return self.sent_at is not None


@event.listens_for(LetterVersion, "before_update")
def _sent_is_final(_mapper: Any, _connection: Any, target: LetterVersion) -> None:
    """Refuse any change to a version already sent (what was sent stays what was sent)."""
    history = inspect(target).attrs.sent_at.history
    before = [*history.deleted, *history.unchanged]
    if before and before[0] is not None:
        msg = "ce courrier a déjà été envoyé : il est conservé tel quel"
        raise SentLetterError(msg)
