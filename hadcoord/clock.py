"""The application's one clock: « now » and « today » in the users' time zone (Europe/Paris).

Every caller asks this module for the time instead of ``date.today()`` / ``datetime.now()``,
whose answer depends on the server's own time zone: on a server running in UTC the day starts
one or two hours late in Paris. Stored timestamps are UTC (:func:`utc_now`); what a user reads
is converted with :func:`to_local`. The zone is ``[jobs].timezone`` (config.toml), installed at
start-up by :func:`configure`; tests freeze the clock with :class:`FrozenClock` (fixture
``frozen_clock``). Pure Python: the domain core may import it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# The users' zone (IUCT-Oncopole, Toulouse; the HADs of Occitanie): the default of
# [jobs].timezone, and the zone in which the planning core places appointments.
DEFAULT_ZONE = "Europe/Paris"
PARIS = ZoneInfo(DEFAULT_ZONE)


class Clock:
    """The system clock, told in ``zone``."""

    def __init__(self, zone: ZoneInfo = PARIS) -> None:
        self.zone = zone

    def utc_now(self) -> datetime:
        """The current instant, aware, in UTC (what is stored)."""
        return datetime.now(UTC)

    def now(self) -> datetime:
        """The current instant, aware, in the users' zone."""
        return self.utc_now().astimezone(self.zone)

    def today(self) -> date:
        """The users' calendar day (whatever the server's time zone)."""
        return self.now().date()

    def to_local(self, moment: datetime) -> datetime:
        """``moment`` in the users' zone; a naive value is a stored UTC timestamp."""
        aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        return aware.astimezone(self.zone)


class FrozenClock(Clock):
    """A clock that stays at ``at`` until moved (tests)."""

    def __init__(self, at: datetime, zone: ZoneInfo = PARIS) -> None:
        super().__init__(zone)
        self._at = _aware(at)

    def set(self, at: datetime) -> None:
        """Move to ``at`` (aware)."""
        self._at = _aware(at)

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta`` of real time."""
        self._at += delta

    def utc_now(self) -> datetime:
        """The frozen instant, in UTC."""
        return self._at.astimezone(UTC)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        msg = "a frozen clock needs an aware datetime"
        raise ValueError(msg)
    return at


_current: Clock = Clock()


def current() -> Clock:
    """The installed clock."""
    return _current


def install(clock: Clock) -> Clock:
    """Make ``clock`` the application's clock; returns the previous one (to restore it)."""
    global _current
    previous, _current = _current, clock
    return previous


def configure(zone_name: str) -> None:
    """Tell the time in ``zone_name`` (``[jobs].timezone``), keeping the installed clock."""
    _current.zone = PARIS if zone_name == DEFAULT_ZONE else ZoneInfo(zone_name)


def zone() -> ZoneInfo:
    """The users' time zone."""
    return _current.zone


def utc_now() -> datetime:
    """The current instant in UTC, aware (stored timestamps)."""
    return _current.utc_now()


def now() -> datetime:
    """The current instant in the users' zone, aware."""
    return _current.now()


def today() -> date:
    """The users' calendar day."""
    return _current.today()


def to_local(moment: datetime) -> datetime:
    """A stored (UTC or aware) timestamp in the users' zone, for display."""
    return _current.to_local(moment)
