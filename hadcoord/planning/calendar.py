"""Production days of the hospital pharmacy (PUI): weekdays, not holidays nor closures.

Thèse, résultats B.1: changes "en semaine ... pendant les horaires de production de la PUI";
public holidays from the `holidays` package (France, national list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import Enum
from functools import lru_cache

import holidays

from hadcoord.planning.clock import day_of, local_hour
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.stability import closing_hour, preparation_hour

SATURDAY = 5


class ClosureKind(Enum):
    """Why the pharmacy does not produce on a day."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    CLOSURE = "closure"


@dataclass(frozen=True, slots=True)
class Closure:
    """A day without production: its kind and the French words for it."""

    kind: ClosureKind
    label: str


@lru_cache(maxsize=128)
def french_holidays(year: int) -> dict[date, str]:
    """French public holidays of ``year`` with their French names."""
    return dict(holidays.country_holidays("FR", years=year, language="fr"))


@dataclass(frozen=True)
class ProductionCalendar:
    """When the pharmacy (PUI/UPCO) prepares bags and the day hospital changes them."""

    closures: frozenset[date]
    production_start: time
    production_end: time
    appointment: time
    latest_appointment: time
    _open: dict[date, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_protocol(cls, protocol: Protocol, closures: frozenset[date] = frozenset()
                     ) -> ProductionCalendar:
        """The calendar of ``protocol``'s production hours with extra ``closures``."""
        return cls(closures=frozenset(closures), production_start=protocol.production_start,
                   production_end=protocol.production_end, appointment=protocol.appointment,
                   latest_appointment=protocol.latest_appointment)

    def is_production_day(self, day: date) -> bool:
        """Weekday, not a French public holiday, not an extra closure."""
        known = self._open.get(day)
        if known is None:
            known = (day.weekday() < SATURDAY and day not in french_holidays(day.year)
                     and day not in self.closures)
            self._open[day] = known
        return known

    def late_slots(self, day: date) -> list[int]:
        """Epoch hours of the whole-hour slots after the appointment, up to the latest one.

        Only for a bag that would exceed the stability if hung at the appointment (see
        ``latest_appointment`` in `hadcoord.config.protocol`): the PUI prepares it just in time.
        """
        first = local_hour(day, self.appointment) + 1
        return list(range(first, local_hour(day, self.latest_appointment) + 1))

    def closure(self, day: date) -> Closure | None:
        """Why the pharmacy is closed on ``day``, or None if it produces."""
        if day in self.closures:
            return Closure(ClosureKind.CLOSURE, "fermeture de la PUI")
        name = french_holidays(day.year).get(day)
        if name:
            return Closure(ClosureKind.HOLIDAY, f"jour férié ({name})")
        return Closure(ClosureKind.WEEKEND, "week-end") if day.weekday() >= SATURDAY else None

    def preparation(self, hour: int, lookback_days: int) -> tuple[date, int] | None:
        """The latest moment ≤ ``hour`` the pharmacy can prepare a bag hung at ``hour``.

        Returns the production day and the epoch hour of the preparation
        (`hadcoord.planning.stability`): the hanging time itself on a production day during or
        after opening (at most at closing), else the closing of the last production day
        before. None if there is none within ``lookback_days``.
        """
        day = day_of(hour)
        if self.is_production_day(day):
            same_day = preparation_hour(day, hour, production_start=self.production_start,
                                        production_end=self.production_end)
            if same_day is not None:
                return day, same_day
        for back in range(1, lookback_days + 1):
            earlier = day - timedelta(days=back)
            if self.is_production_day(earlier):
                return earlier, closing_hour(earlier, self.production_end)
        return None
