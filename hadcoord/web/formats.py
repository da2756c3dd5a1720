"""French number and date formats for the pages and the CSV exports (template filters)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint

from hadcoord import clock

NARROW_SPACE = "\u202f"  # French thousands separator (espace fine insécable)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def local_time(moment: dt.datetime, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored (UTC) timestamp as the users read it: Paris local time, ``01/12/2026 15:20``."""
    return clock.to_local(moment).strftime(pattern)


def french_integer(value: int) -> str:
    """``1234567`` → ``1 234 567`` (narrow no-break spaces)."""
    sign = "−" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", NARROW_SPACE)


def french_signed(value: int) -> str:
    """An integer with its sign: ``+1 234``, ``−56``, ``0``."""
    return ("+" if value > 0 else "") + french_integer(value)


def french_decimal(value: float, places: int = 2) -> str:
    """``60.666`` → ``60,67``, ``9.0`` → ``9`` (decimal comma, no useless zeros)."""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


def french_day(day: dt.date) -> str:
    """``mardi 01/12/2026``."""
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def register_filters(blueprint: Blueprint) -> None:
    """Make the formats available to every template as filters."""
    blueprint.add_app_template_filter(french_integer, "fr_integer")
    blueprint.add_app_template_filter(french_signed, "fr_signed")
    blueprint.add_app_template_filter(french_decimal, "fr_decimal")
    blueprint.add_app_template_filter(french_day, "fr_day")
    blueprint.add_app_template_filter(local_time, "local_time")
