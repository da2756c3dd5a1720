"""Numbers, quantities, dates and times the French way (Babel, locale fr_FR).

Decimal comma, narrow no-break spaces between thousands (« 1 234 567 »), a no-break space
before a unit (« 78,0 kg », « 2,5 mL/h »), the minus sign « − ». Dates and times are shown as
given, except ``local_time``, which turns a stored (UTC) timestamp into Paris time first.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

from hadcoord import clock

LOCALE = "fr_FR"
NARROW_SPACE = "\u202f"  # espace fine insécable: thousands, before « % », « : » of times
NO_BREAK_SPACE = "\u00a0"  # espace insécable: between a number and its unit
MINUS = "−"


def _number(value: float, pattern: str) -> str:
    text = format_decimal(value, format=pattern, locale=LOCALE)
    text = text.replace("-", MINUS)
    return "0" if text in (f"{MINUS}0", MINUS) else text


def integer(value: float) -> str:
    """``1234567`` → ``1 234 567`` (narrow no-break spaces), ``-56`` → ``−56``."""
    return _number(round(value), "#,##0")


def signed(value: float) -> str:
    """An integer with its sign: ``+1 234``, ``−56``, ``0``."""
    return ("+" if round(value) > 0 else "") + integer(value)


def decimal(value: float, places: int = 2) -> str:
    """At most ``places`` decimals, no useless zeros: ``60.666`` → ``60,67``, ``9.0`` → ``9``."""
    return _number(value, "#,##0." + "#" * places if places else "#,##0")


def fixed(value: float, places: int = 1) -> str:
    """Exactly ``places`` decimals: ``78`` → ``78,0``."""
    return _number(value, "#,##0." + "0" * places if places else "#,##0")


def quantity(value: float, unit: str, places: int = 2, *, exact: bool = False) -> str:
    """A number and its unit: ``quantity(88.666, "µg")`` → ``88,67 µg``.

    ``exact`` keeps ``places`` decimals (``78,0 kg``); otherwise useless zeros are dropped.
    """
    number = fixed(value, places) if exact else decimal(value, places)
    return f"{number}{NO_BREAK_SPACE}{unit}"


def percent(part: float, whole: float) -> str:
    """``part`` as a rounded percentage of ``whole``: « 12 % » (0 % when ``whole`` is 0)."""
    return f"{integer(part * 100 / whole) if whole else '0'}{NARROW_SPACE}%"


def share(value: float) -> str:
    """A ratio as a rounded percentage: ``0.123`` → « 12 % »."""
    return percent(value, 1)


def _day(day: dt.date) -> dt.date:
    # A datetime keeps its own wall-clock day (Babel would convert it to the server's zone).
    return day.date() if isinstance(day, dt.datetime) else day


def date(day: dt.date) -> str:
    """``01/12/2026``."""
    return f"{day:%d/%m/%Y}"


def short_date(day: dt.date) -> str:
    """``01/12`` (day and month)."""
    return f"{day:%d/%m}"


def weekday_date(day: dt.date) -> str:
    """``mardi 01/12/2026``."""
    return format_date(_day(day), "EEEE dd/MM/yyyy", locale=LOCALE)


def long_date(day: dt.date) -> str:
    """``1er décembre 2026`` (the first of the month as French writes it)."""
    month_year = format_date(_day(day), "MMMM yyyy", locale=LOCALE)
    return f"{'1er' if day.day == 1 else day.day} {month_year}"


def time(moment: dt.time | dt.datetime) -> str:
    """``15:20`` (24-hour clock, the wall-clock time of ``moment`` as given)."""
    return f"{moment:%H:%M}"


def date_time(moment: dt.datetime) -> str:
    """``01/12/2026 15:20``."""
    return f"{date(moment)} {time(moment)}"


def date_at_time(moment: dt.datetime) -> str:
    """``01/12/2026 à 15:20``."""
    return f"{date(moment)} à {time(moment)}"


def weekday_date_at_time(moment: dt.datetime) -> str:
    """``lundi 16/03/2026 à 10:00``."""
    return f"{weekday_date(moment)} à {time(moment)}"


def local_time(moment: dt.datetime, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored (UTC) timestamp as the users read it: Paris local time, ``01/12/2026 15:20``."""
    return clock.to_local(moment).strftime(pattern)


def tel_uri(number: str) -> str:
    """A dialled number as a ``tel:`` link (RFC 3966): its digits, and a leading « + »."""
    digits = "".join(char for char in number if char.isdigit())
    return f"tel:+{digits}" if number.strip().startswith("+") else f"tel:{digits}"
