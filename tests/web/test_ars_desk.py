"""The ARS planning desk pages: ranked changes with their chart, sources and freshness."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.ranking import rank_changes
from hadcoord.wording.formats import integer as french_integer
from tests.support.web import ClientAs


def _page(client_as: ClientAs, role: str, url: str) -> tuple[int, str]:
    response = client_as(role).get(url)
    return response.status_code, html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("role", ["ars", "coordinator", "admin"])
def test_ranking_page_lists_changes_sequence_and_chart(client_as: ClientAs, role: str) -> None:
    status, text = _page(client_as, role, "/ars/classement?date=2026-01-15")
    assert status == 200
    engine = default_engine(load_settings(PROJECT_ROOT / "config.toml", environ={}))
    ranking = rank_changes(engine, dt.date(2026, 1, 15))
    first = ranking.changes[0]
    assert first.label in text
    assert f"+{french_integer(first.population)}</td>" in text
    last = ranking.sequence[-1]
    assert f"{french_integer(last.population_covered)}</td>" in text
    svg = text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert len(re.findall(r"<circle ", svg)) == len(ranking.sequence)
    assert "Habitants couverts selon le nombre de changements cumulés" in svg
    assert "Sources : territoire : reconstruction d'après la thèse (2018)" in text


@pytest.mark.parametrize(("query", "field", "message"), [
    ("km=loin", "km", "Distance invalide « loin »"),
    ("date=2026-02-30", "date", "Date invalide « 2026-02-30 »"),
    ("scenario=rien", "scenario", "Scénario inconnu « rien »"),
])
def test_ranking_page_refuses_bad_input_next_to_the_field(client_as: ClientAs, query: str,
                                                          field: str, message: str) -> None:
    status, text = _page(client_as, "ars", f"/ars/classement?{query}")
    assert status == 400
    assert f'id="{field}-error" role="alert">{message}' in text
    assert "<svg" not in text


def test_ranking_page_follows_the_distance(client_as: ClientAs) -> None:
    _, near = _page(client_as, "ars", "/ars/classement?date=2026-01-15&km=30")
    _, far = _page(client_as, "ars", "/ars/classement?date=2026-01-15")
    assert "dérogations jusqu'à <strong>30 km</strong>" in near
    assert near.count("Dérogation permanente") < far.count("Dérogation permanente")


def test_other_roles_cannot_open_the_desk(client_as: ClientAs) -> None:
    for role in ("pharmacist", "had_nurse"):
        assert client_as(role).get("/ars/classement").status_code == 403
        assert client_as(role).get("/ars/sources").status_code == 403


def test_sources_page_lists_facts_sources_dates_and_what_is_unknown(
        client_as: ClientAs) -> None:
    status, text = _page(client_as, "ars", "/ars/sources")
    assert status == 200
    assert "<h1>Sources et fraîcheur des données</h1>" in text
    assert text.count('class="card establishment-facts"') == 14
    bigorre = text.split("<h2>HAD Bigorre</h2>", 1)[1].split("</section>", 1)[0]
    assert "Sites annexes</td>" in bigorre
    assert "<strong>oui, lieux inconnus</strong>" in bigorre
    assert "Numéro FINESS</td>" in bigorre
    assert bigorre.count("<strong>à renseigner</strong>") == 2  # FINESS, phone
    assert "Pompe Micrel Mini Rythmic NP+</td>" in bigorre
    assert "depuis : inconnu" in bigorre
    assert "thèse (2018), tableau 27" in bigorre
    assert "31/07/2018" in bigorre
    udsma = text.split("<h2>UDSMA</h2>", 1)[1].split("</section>", 1)[0]
    assert "non (jusqu'au 31/03/2017, date approximative)" in udsma
    assert not re.search(r"l\. \d{4}", text)  # never a thesis line number
