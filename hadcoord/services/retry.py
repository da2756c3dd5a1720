"""Short write transactions that survive a busy SQLite database (two processes writing)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
ATTEMPTS = 40


def _is_busy(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


def in_transaction(factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run ``work`` in its own session and commit; retried while SQLite reports a lock.

    SQLite answers "database is locked" at once (no waiting) when two processes would
    deadlock upgrading their locks; the whole transaction is then rolled back and run again.
    PostgreSQL waits on row locks instead, so the retry never triggers there.
    """
    for attempt in range(ATTEMPTS):
        with factory() as session:
            try:
                result = work(session)
                session.commit()
            except OperationalError as error:
                session.rollback()
                if not _is_busy(error) or attempt == ATTEMPTS - 1:
                    raise
            else:
                return result
        time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # jitter only
    msg = "unreachable"  # pragma: no cover
    raise AssertionError(msg)  # pragma: no cover
