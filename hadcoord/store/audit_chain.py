"""The audit trail's hash chain: each event's SHA-256 covers its content and the previous hash.

``audit_chain`` holds one row: the last sequence number and hash (the chain's head) and the
anchor a purge leaves (the sequence number and hash of the last event it removed). Taking the
next link is an ``UPDATE … RETURNING`` of that row, so concurrent requests and processes queue
on it until their transaction ends: the chain never forks. Database triggers (migration 0010)
refuse UPDATE and DELETE on ``audit_events`` except the purge of rows up to the anchor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.store.database import Base

GENESIS = "0" * 64  # the previous hash of the very first event
# The fields a hash covers, in this order (the canonical form is JSON with sorted keys).
HASHED_FIELDS = ("seq", "at", "user_id", "actor", "action", "patient_id", "target", "detail",
                 "client", "session_ref", "prev_hash")


class AuditChain(Base):
    """The head of the chain (``seq``, ``hash``) and the purge anchor (one row, id 1)."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    purged_through: Mapped[int] = mapped_column(Integer, default=0)
    anchor_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


def canonical_time(at: dt.datetime) -> str:
    """A timestamp as hashed: UTC, microseconds (a naive value is UTC, as SQLite returns it)."""
    utc = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_digest(values: dict[str, Any]) -> str:
    """The SHA-256 (hex) of an event's hashed fields (``HASHED_FIELDS``, ``at`` a datetime)."""
    content = {name: values.get(name) for name in HASHED_FIELDS}
    content["at"] = canonical_time(values["at"])
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
