"""The wording layer in the templates: French formats as filters, labels and grammar as globals.

The formats and labels themselves live in ``hadcoord.wording``; this module only hands them to
Jinja (``{{ n | fr_integer }}``, ``{{ labels.MATCH_STATUS[result.status] }}``,
``{{ grammar.of(name) }}``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from hadcoord.coverage.model import Basis
from hadcoord.coverage.results import OptionKind
from hadcoord.vocabulary import Role, TaskStatus
from hadcoord.wording import formats, grammar, labels

FILTERS = {
    "fr_integer": formats.integer,
    "fr_signed": formats.signed,
    "fr_decimal": formats.decimal,
    "fr_fixed": formats.fixed,
    "fr_quantity": formats.quantity,
    "fr_date": formats.date,
    "fr_day": formats.weekday_date,
    "fr_time": formats.time,
    "fr_date_time": formats.date_time,
    "fr_date_at": formats.date_at_time,
    "fr_weekday_at": formats.weekday_date_at_time,
    "local_time": formats.local_time,
    "tel_uri": formats.tel_uri,
}
GLOBALS: dict[str, Any] = {"labels": labels, "grammar": grammar, "share": formats.percent,
                           "Role": Role, "TaskStatus": TaskStatus, "OptionKind": OptionKind,
                           "Basis": Basis}


def init_app(app: Flask) -> None:
    """Every template gets the formats (filters), the labels and the grammar (globals)."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
