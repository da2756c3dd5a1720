"""Hypothesis strategies derived from a WTForms form's declared fields (issue 11 fuzzing).

Each field of the form class (its type, ``Length``, ``NumberRange``, ``Regexp``, required
validators and choices) gives two strategies: values the field accepts, and values it must
refuse. A submission is every field valid, or every field valid but one broken: the test then
knows whether the server must refuse it (400/422, a French message, nothing saved) or may accept
it (it must never answer 5xx either way). No route or form is listed by hand beyond the choices
a view sets at run time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

# Values that once broke a route or that attack a layer below the form (SQL, HTML, paths, NUL,
# code points outside the BMP); they are « valid » text for a field without a stricter rule.
HOSTILE_TEXT = ("<script>alert(1)</script>", "'; DROP TABLE patients; --", "../../etc/passwd",
                "\x00", "%00", "é" * 30, "\U0001f600", " ", "\r\n", "{{7*7}}")
# Field-valid dates far from today: the form or the service must refuse them, never overflow.
FAR_DATES = ("9999-12-31", "0001-01-01", "31/12/9999", "29/02/2024")
BAD_DATES = ("2026-02-30", "31/31/2026", "9999-99-99", "demain", "2026-1-1x", "0000-00-00")
BAD_TIMES = ("24:61", "25:00", "9h", "midi", "12:60")
BAD_NUMBERS = ("abc", "1e309", "nan", "inf", "-inf", "9223372036854775808", "1..2", "0x10")
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@dataclass(frozen=True)
class FieldSchema:
    """What a form field declares: its kind and its constraints."""

    name: str
    kind: str  # text, integer, number, date, time, choice, choices, boolean
    required: bool = False
    max_length: int | None = None
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    pattern: str | None = None


def _kind(field_class: type) -> str:
    order = ((BooleanField, "boolean"), (SelectMultipleField, "choices"),
             (RadioField, "choice"), (SelectField, "choice"), (IntegerField, "integer"),
             (FloatField, "number"), (DateField, "date"), (TimeField, "time"),
             (HiddenField, "text"), (StringField, "text"))
    return next(kind for base, kind in order if issubclass(field_class, base))


def _choice_values(choices: Any) -> tuple[str, ...]:
    values = []
    for choice in choices or ():
        value = choice[0] if isinstance(choice, tuple) else getattr(choice, "value", choice)
        values.append(str(value))
    return tuple(values)


def _field(name: str, unbound: UnboundField[Any], runtime_choices: tuple[str, ...] | None
           ) -> FieldSchema:
    validators = unbound.kwargs.get("validators") or (
        unbound.args[1] if len(unbound.args) > 1 else [])
    schema: dict[str, Any] = {"name": name, "kind": _kind(unbound.field_class)}
    for validator in validators:
        if isinstance(validator, DataRequired | InputRequired):
            schema["required"] = True
        elif isinstance(validator, Length) and validator.max not in (None, -1):
            schema["max_length"] = validator.max
        elif isinstance(validator, NumberRange):
            schema["low"], schema["high"] = validator.min, validator.max
        elif isinstance(validator, Regexp):
            schema["pattern"] = validator.regex.pattern
    choices = runtime_choices or _choice_values(unbound.kwargs.get("choices"))
    if schema["kind"] == "choice" and not ("required" in schema or "" in choices):
        schema["required"] = True  # a select without an empty choice needs one of its values
    return FieldSchema(**schema, choices=choices)


def form_schema(form_class: type, prefix: str = "",
                choices: dict[str, tuple[str, ...]] | None = None) -> list[FieldSchema]:
    """The fields ``form_class`` declares, named as submitted (``prefix-name``), in order.

    ``choices`` gives the values of the selects a view fills at run time.
    """
    fields = [(unbound.creation_counter, name, unbound) for name in dir(form_class)
              if isinstance(unbound := getattr(form_class, name), UnboundField)
              and name != "csrf_token"]
    return [_field(f"{prefix}-{name}" if prefix else name, unbound, (choices or {}).get(name))
            for _order, name, unbound in sorted(fields)]


def _in_range(field: FieldSchema, integer: bool) -> st.SearchStrategy[str]:
    low = -10**6 if field.low is None else field.low
    high = 10**6 if field.high is None else field.high
    if integer:
        return st.integers(int(low), int(high)).map(str)
    numbers = st.floats(low, high, allow_nan=False).map(lambda x: f"{x:.2f}")
    return st.one_of(numbers, numbers.map(lambda text: text.replace(".", ",")))


def _valid_text(field: FieldSchema) -> st.SearchStrategy[str]:
    if field.pattern:
        return st.from_regex(field.pattern, fullmatch=True).filter(
            lambda text: re.match(field.pattern or "", text) is not None)
    limit = field.max_length or 200
    texts = st.one_of(TEXT, st.sampled_from(HOSTILE_TEXT), st.text(max_size=limit))
    texts = texts.map(lambda text: text[:limit])
    if field.required:
        return texts.filter(lambda text: text.strip() != "")
    return texts


def valid_value(field: FieldSchema) -> st.SearchStrategy[str | list[str] | None]:
    """Values the field accepts (``None``: the field left out of the submission)."""
    optional = st.just("") if not field.required else st.nothing()
    strategies: dict[str, st.SearchStrategy[Any]] = {
        "boolean": st.sampled_from([None, "y"]),
        "choices": st.lists(st.sampled_from(field.choices), unique=True) if field.choices
        else st.just([]),
        "choice": st.sampled_from([c for c in field.choices if c or not field.required]),
        "integer": _in_range(field, integer=True),
        "number": _in_range(field, integer=False),
        "date": st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).flatmap(
            lambda day: st.sampled_from([day.isoformat(), day.strftime("%d/%m/%Y")])),
            st.sampled_from(FAR_DATES)),
        "time": st.times().map(lambda moment: moment.strftime("%H:%M")),
        "text": _valid_text(field),
    }
    base = strategies[field.kind]
    return base if field.kind in ("boolean", "choices", "text") else st.one_of(base, optional)


def _bad_numbers(field: FieldSchema) -> list[st.SearchStrategy[str]]:
    options = [st.sampled_from(BAD_NUMBERS if field.high is not None else BAD_NUMBERS[:1])]
    if field.high is not None:
        options.append(st.integers(int(field.high) + 1, 2**40).map(str))
    if field.low is not None:
        options.append(st.integers(-(2**40), int(field.low) - 1).map(str))
    if field.kind == "integer":
        options.append(st.sampled_from(["1,5", "2.5", "0x10", "1..2"]))
    return options


def _bad_texts(field: FieldSchema) -> list[st.SearchStrategy[str]]:
    options: list[st.SearchStrategy[str]] = []
    if field.max_length is not None:
        options.append(st.integers(field.max_length + 1, field.max_length + 60).map(
            lambda size: "x" * size))
    if field.pattern:
        options.append(TEXT.filter(lambda text: text.strip() != "" and re.match(
            field.pattern or "", text) is None))
    return options


def invalid_value(field: FieldSchema) -> st.SearchStrategy[str | list[str]] | None:
    """Values the field must refuse; ``None`` when the field accepts anything."""
    options: list[st.SearchStrategy[Any]] = [st.just("")] if field.required else []
    if field.kind == "text":
        options += _bad_texts(field)
    elif field.kind in ("integer", "number"):
        options += _bad_numbers(field)
    elif field.kind == "date":
        options.append(st.sampled_from(BAD_DATES))
    elif field.kind == "time":
        options.append(st.sampled_from(BAD_TIMES))
    elif field.kind in ("choice", "choices") and field.choices:
        other = TEXT.filter(lambda text: text not in field.choices and text.strip() != "")
        options.append(other.map(lambda text: [text]) if field.kind == "choices" else other)
    return st.one_of(options) if options else None


@dataclass(frozen=True)
class Submission:
    """A form as posted, and the field broken on purpose (``None``: all valid)."""

    data: dict[str, str | list[str]]
    broken: str | None


@st.composite
def submissions(draw: st.DrawFn, fields: list[FieldSchema],
                overrides: dict[str, st.SearchStrategy[str]] | None = None) -> Submission:
    """A submission of the form: all fields valid, or all valid but one (drawn) broken.

    ``overrides`` replaces the valid values of a field whose meaning the form alone does not
    say (a commune name the reference must know): it widens what reaches the service.
    """
    breakable = [field for field in fields if invalid_value(field) is not None]
    broken = draw(st.one_of(st.none(), st.sampled_from(breakable))) if breakable else None
    data: dict[str, str | list[str]] = {}
    for field in fields:
        if broken is not None and field.name == broken.name:
            bad = invalid_value(field)
            assert bad is not None
            data[field.name] = draw(bad)
            continue
        override = (overrides or {}).get(field.name)
        strategy = valid_value(field) if override is None else override
        value = draw(strategy)
        if value is not None:
            data[field.name] = value
    return Submission(data, broken.name if broken else None)
