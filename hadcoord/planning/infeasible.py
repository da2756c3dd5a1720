"""Why no plan exists: the French error when closures leave no bag within the stability."""

from __future__ import annotations

from datetime import timedelta
from typing import NoReturn

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import at_hour
from hadcoord.planning.errors import PlanningError


def raise_infeasible(cycle: int, times: list[int], deadline: list[int], *,
                     calendar: ProductionCalendar, stability: int) -> NoReturn:
    """Raise the `PlanningError` naming where the infusion gets stuck and the closed days.

    ``times`` are the candidate change hours of the period (its start first, its end last)
    and ``deadline`` the last hour a bag hung at each may end (thèse, partie 1 VI.D.3: 96 h
    from its preparation).
    """
    start, end = times[0], times[-1]
    reach = start
    for hour, limit in zip(times, deadline, strict=False):
        if hour <= reach:
            reach = max(reach, min(limit, hour + stability))
    stuck = at_hour(min(reach, end))
    closed = []
    day = stuck.date() - timedelta(days=stability // 24)
    while day <= stuck.date():
        reason = calendar.closed_reason(day)
        if reason and reason != "week-end":
            closed.append(f"{day:%d/%m/%Y} ({reason})")
        day += timedelta(days=1)
    because = f" ; jours fermés : {', '.join(closed)}" if closed else ""
    window = range(reach - stability, reach + 1, 24)
    following = min((hour for hour in times if hour > reach and (
        hour == end or at_hour(hour).time() == calendar.appointment)), default=end)
    if following - reach <= 1 and len({at_hour(hour).utcoffset() for hour in window}) > 1:
        # The next appointment is out of reach by only the hour the clocks went back.
        because += (" ; un changement d'heure allonge d'une heure l'intervalle entre deux "
                    "rendez-vous")
    late = (f", même avec un rendez-vous d'HDJ décalé jusqu'à "
            f"{calendar.latest_appointment:%H:%M}"
            if calendar.latest_appointment > calendar.appointment else "")
    msg = (f"Plan impossible pour le cycle {cycle} : aucune poche préparée par la PUI ne "
           f"peut couvrir la perfusion au-delà du {stuck:%d/%m/%Y %H:%M} sans dépasser "
           f"{stability} h de stabilité{late}{because}.")
    raise PlanningError(msg)
