"""The web pages say what the coverage facts rest on (issue 18): ARS page, map, API, pathway."""

from __future__ import annotations

import html

from tests.support.web import ClientAs, Sessions, page_text
from tests.web.test_pathways import add_patient

LINE = ("Sources : territoire : reconstruction d'après la thèse (2018), à remplacer par la liste "
        "ARS ; faits au 31/07/2018")


def test_ars_page_and_map_say_their_sources(client_as: ClientAs) -> None:
    client = client_as("ars")
    page = html.unescape(client.get("/ars/?date=2026-01-15").get_data(as_text=True))
    assert f"{LINE}, non mis à jour depuis." in page
    carte = html.unescape(client.get("/ars/carte?date=2015-01-01").get_data(as_text=True))
    assert f"{LINE}." in carte
    assert "Attention : le 01/01/2015 précède l'AMM du BLINCYTO (23/11/2015)" in carte


def test_api_match_says_its_sources(client_as: ClientAs) -> None:
    data = client_as("coordinator").get("/api/match?code=12202&date=2012-01-15").get_json()
    assert data["sources"]["line"] == LINE
    assert data["authorisations"][0]["since_label"] == "depuis : inconnu"


def test_pathway_page_says_its_sources(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "31555")
    page = page_text(client_as("coordinator").get(f"/patients/{patient_id}/parcours"))
    assert "HAD de la Clinique Pasteur (depuis : inconnu)" in page
    assert f"{LINE}, non mis à jour depuis." in page
