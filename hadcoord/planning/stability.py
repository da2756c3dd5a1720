"""When a bag is prepared and the last hour it may run: the 96 h stability, written once.

Thèse, partie 1 VI.D.3: the diluted solution is stable 96 h at ≤ 27 °C; counting from the
preparation (storage included) is the conservative reading. A bag hung on a production day
during opening hours is prepared just in time (at the latest at closing); a bag hung later is
prepared at the closing time of its preparation day.

Every moment here is an epoch hour (`hadcoord.planning.clock`). A preparation moment that is
not a whole hour (closing at 16:30) is floored to its hour: bags end on whole hours, so
``end ≤ prepared + stability`` holds in hours exactly when it holds in seconds.
"""

from __future__ import annotations

from datetime import date, time

from hadcoord.planning.clock import SECONDS_PER_HOUR, day_of, local_moment


def closing_hour(day: date, production_end: time) -> int:
    """Epoch hour of the pharmacy's closing on ``day`` (floored to the whole hour)."""
    return local_moment(day, production_end) // SECONDS_PER_HOUR


def opens_by(day: date, hour: int, production_start: time) -> bool:
    """Whether the pharmacy is open by epoch hour ``hour`` of ``day``."""
    return hour * SECONDS_PER_HOUR >= local_moment(day, production_start)


def preparation_hour(prepared_on: date, hung: int, *, production_start: time,
                     production_end: time) -> int | None:
    """Epoch hour a bag hung at ``hung`` and prepared on ``prepared_on`` is prepared at.

    Just in time on the day it is hung (at the latest at closing), at closing on an earlier
    day; None when the day follows the hanging or the pharmacy is not yet open.
    """
    hung_day = day_of(hung)
    if prepared_on < hung_day:
        return closing_hour(prepared_on, production_end)
    if prepared_on > hung_day or not opens_by(prepared_on, hung, production_start):
        return None
    return min(hung, closing_hour(prepared_on, production_end))


def expiry_hour(prepared: int, stability_hours: int) -> int:
    """The last epoch hour a bag prepared at epoch hour ``prepared`` may run until."""
    return prepared + stability_hours


def within_stability(prepared: int | None, end: int, stability_hours: int) -> bool:
    """Whether a bag prepared at ``prepared`` (None: not preparable) may run until ``end``."""
    return prepared is not None and end <= expiry_hour(prepared, stability_hours)


def overfill_within(configured: int, stability_hours: int, hours: int, waiting: int) -> int:
    """Overfill hours that keep the content within the stability.

    ``min(configured, stability − hours − waiting)`` (never below 0), ``waiting`` being the
    hours between the preparation and the hanging: what the bag holds can all be infused
    within ``stability_hours`` of its preparation.
    """
    return max(0, min(configured, stability_hours - hours - waiting))
