"""The French formats (Babel, fr_FR), the articles and elisions, the labels of the vocabularies."""

from __future__ import annotations

import datetime as dt

import pytest

from hadcoord.coverage.model import Basis
from hadcoord.coverage.results import MatchStatus
from hadcoord.monitoring.check import Consciousness
from hadcoord.vocabulary import Role
from hadcoord.wording import formats, grammar, labels

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(("value", "expected"), [
    (1234567, f"1{NNBSP}234{NNBSP}567"), (0, "0"), (-56, "−56"), (999, "999"),
    (-1234, f"−1{NNBSP}234"),
])
def test_integers_have_narrow_no_break_spaces_and_a_real_minus(value: int, expected: str) -> None:
    assert formats.integer(value) == expected


def test_signed_integers() -> None:
    assert formats.signed(1234) == f"+1{NNBSP}234"
    assert formats.signed(-56) == "−56"
    assert formats.signed(0) == "0"


@pytest.mark.parametrize(("value", "places", "expected"), [
    (60.666, 2, "60,67"), (9.0, 2, "9"), (2.5, 2, "2,5"), (-0.001, 2, "0"), (88.6667, 2, "88,67"),
    (12345.5, 1, f"12{NNBSP}345,5"),
])
def test_decimals_use_a_comma_and_drop_useless_zeros(value: float, places: int,
                                                     expected: str) -> None:
    assert formats.decimal(value, places) == expected


def test_quantities_keep_their_unit_on_the_same_line() -> None:
    assert formats.quantity(78, "kg", 1, exact=True) == f"78,0{NBSP}kg"
    assert formats.quantity(2.5, "mL/h") == f"2,5{NBSP}mL/h"
    assert formats.quantity(88.6667, "µg") == f"88,67{NBSP}µg"


def test_percentages() -> None:
    assert formats.percent(12, 100) == f"12{NNBSP}%"
    assert formats.percent(1, 0) == f"0{NNBSP}%"
    assert formats.share(0.123) == f"12{NNBSP}%"


def test_dates_and_times() -> None:
    day = dt.date(2026, 12, 1)
    assert formats.date(day) == "01/12/2026"
    assert formats.weekday_date(day) == "mardi 01/12/2026"
    assert formats.long_date(day) == "1er décembre 2026"
    assert formats.long_date(dt.date(2026, 3, 2)) == "2 mars 2026"
    moment = dt.datetime(2026, 12, 1, 15, 20)
    assert formats.date_time(moment) == "01/12/2026 15:20"
    assert formats.date_at_time(moment) == "01/12/2026 à 15:20"


@pytest.mark.parametrize(("name", "for_", "of", "to"), [
    ("HAD du CH d'Albi", "pour l'HAD du CH d'Albi", "de l'HAD du CH d'Albi",
     "à l'HAD du CH d'Albi"),
    ("UDSMA", "pour l'UDSMA", "de l'UDSMA", "à l'UDSMA"),
    ("Centre hospitalier de Rodez", "pour le Centre hospitalier de Rodez",
     "du Centre hospitalier de Rodez", "au Centre hospitalier de Rodez"),
    ("Hôpital Purpan", "pour l'Hôpital Purpan", "de l'Hôpital Purpan", "à l'Hôpital Purpan"),
    ("Clinique Pasteur", "pour la Clinique Pasteur", "de la Clinique Pasteur",
     "à la Clinique Pasteur"),
    ("Albi", "pour Albi", "d'Albi", "à Albi"),
])
def test_names_take_their_article_and_elide(name: str, for_: str, of: str, to: str) -> None:
    assert grammar.for_(name) == for_
    assert grammar.of(name) == of
    assert grammar.to(name) == to


def test_que_elides_before_a_vowel() -> None:
    assert grammar.join("que", "infirmière") == "qu'infirmière"
    assert grammar.join("que", "pharmacien") == "que pharmacien"
    assert labels.as_role(Role.COORDINATOR) == "en tant qu'infirmière de coordination"


def test_every_value_of_a_vocabulary_has_a_label() -> None:
    assert set(labels.MATCH_STATUS) == set(MatchStatus)
    assert set(labels.ROLE) == set(Role)
    assert set(labels.BASIS) == set(Basis)
    assert set(labels.CONSCIOUSNESS) == set(Consciousness)
    assert labels.label(labels.ROLE, Role, "unknown") == "unknown"
    assert labels.authorisation("attached", "CH de Cahors") == (
        "oui — rattachée à un établissement autorisé (CH de Cahors)")
    assert labels.authorisation(None, None) == "non"
