"""A per-key request counter over one-minute windows, in the database (shared by processes).

Used for the JSON API's per-user limit (ASVS 11.1.4): beyond the limit the caller is told how
many seconds remain in the window (``Retry-After``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from hadcoord.store import RateCounter

WINDOW = dt.timedelta(minutes=1)


def _bump(engine: Engine, key: str, window: dt.datetime) -> int:
    with engine.begin() as connection:
        same_window = update(RateCounter).where(RateCounter.key == key,
                                                RateCounter.window_start == window)
        if connection.execute(same_window.values(count=RateCounter.count + 1)).rowcount:
            return int(connection.scalar(select(RateCounter.count)
                                         .where(RateCounter.key == key)) or 0)
        restart = update(RateCounter).where(RateCounter.key == key)
        if connection.execute(restart.values(window_start=window, count=1)).rowcount:
            return 1
        try:
            with connection.begin_nested():
                connection.execute(insert(RateCounter).values(
                    key=key, window_start=window, count=1))
        except IntegrityError:  # another process inserted it at the same moment
            connection.execute(same_window.values(count=RateCounter.count + 1))
            return int(connection.scalar(select(RateCounter.count)
                                         .where(RateCounter.key == key)) or 0)
        return 1


def hit(engine: Engine, key: str, limit: int, now: dt.datetime) -> int | None:
    """Count one request for ``key``; None if within ``limit``, else seconds to wait."""
    window = now.replace(second=0, microsecond=0)
    if _bump(engine, key, window) <= limit:
        return None
    return max(1, int((window + WINDOW - now).total_seconds()) + 1)


def forget_old(engine: Engine, now: dt.datetime) -> None:
    """Remove the counters of windows that ended more than an hour ago."""
    with engine.begin() as connection:
        connection.execute(delete(RateCounter).where(
            RateCounter.window_start < now - dt.timedelta(hours=1)))
