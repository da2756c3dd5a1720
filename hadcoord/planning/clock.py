"""Time as whole hours since the Unix epoch, read in Europe/Paris.

The pump runs in real hours, so durations are computed on absolute time: across a change of
daylight-saving time a Thursday-to-Monday bag lasts 95 h or 97 h, not 96 h. Every change happens
on a whole hour (bags last a whole number of hours), so an ``int`` hour is enough and fast.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from hadcoord.clock import PARIS
from hadcoord.planning.errors import PlanningError

SECONDS_PER_HOUR = 3600


@lru_cache(maxsize=1 << 16)
def at_hour(hour: int) -> datetime:
    """The aware Europe/Paris datetime of epoch hour ``hour``."""
    return datetime.fromtimestamp(hour * SECONDS_PER_HOUR, PARIS)


@lru_cache(maxsize=1 << 14)
def local_moment(day: date, clock: time) -> int:
    """Epoch seconds of ``clock`` on ``day`` in Paris (a nonexistent time moves forward)."""
    moment = datetime.combine(day, clock, tzinfo=PARIS)
    return int(moment.astimezone(UTC).timestamp())


def local_hour(day: date, clock: time) -> int:
    """Epoch hour of the whole-hour ``clock`` on ``day`` in Paris."""
    return local_moment(day, clock) // SECONDS_PER_HOUR


def day_of(hour: int) -> date:
    """Local (Paris) date of epoch hour ``hour``."""
    return at_hour(hour).date()


def to_hour(moment: datetime, what: str = "L'heure") -> int:
    """Epoch hour of ``moment`` (naive = Paris local time); whole, existing hours only.

    Raises
    ------
    PlanningError
        The time is not on a whole hour, or does not exist in Paris (spring DST gap).
    """
    if moment.minute or moment.second or moment.microsecond:
        msg = (f"{what} {moment:%Y-%m-%d %H:%M} doit tomber sur une heure pleine "
               f"(les poches durent un nombre entier d'heures).")
        raise PlanningError(msg)
    if moment.tzinfo is None:
        aware = moment.replace(tzinfo=PARIS)
        if aware.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != moment:
            msg = (f"{what} {moment:%Y-%m-%d %H:%M} n'existe pas à Paris "
                   f"(passage à l'heure d'été).")
            raise PlanningError(msg)
        moment = aware
    return int(moment.timestamp()) // SECONDS_PER_HOUR


def hour_of(moment: datetime) -> int:
    """Epoch hour of an aware datetime (the inverse of `at_hour` on whole hours)."""
    return int(moment.timestamp()) // SECONDS_PER_HOUR


def hours_between(first: datetime, second: datetime) -> float:
    """Real hours from ``first`` to ``second`` (aware datetimes, DST-proof)."""
    delta: timedelta = second.astimezone(UTC) - first.astimezone(UTC)
    return delta.total_seconds() / SECONDS_PER_HOUR


def next_at_clock(not_before: int, clock: time) -> int:
    """First epoch hour ≥ ``not_before`` whose Paris time is ``clock`` (whole hour)."""
    day = day_of(not_before)
    candidate = local_hour(day, clock)
    if candidate < not_before:
        candidate = local_hour(day + timedelta(days=1), clock)
    return candidate


def add_local_days(hour: int, days: int) -> int:
    """Same Paris wall-clock time ``days`` later (a stay of N days is counted on the calendar)."""
    moment = at_hour(hour)
    return local_hour(moment.date() + timedelta(days=days), moment.time())


def shift(moment: datetime, delta: timedelta) -> datetime:
    """``moment`` moved by real time ``delta`` (DST-proof), in Paris."""
    return (moment.astimezone(UTC) + delta).astimezone(PARIS)
