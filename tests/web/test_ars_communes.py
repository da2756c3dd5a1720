"""Issue 15 (RGAA 4.1 / WCAG 2.1 AA): what the coverage map shows by colour is also a table —
each studied commune's status in words, department by department, with the HADs of its
territory — reachable from the map page and read by a screen reader."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask

from hadcoord.coverage.comparison import STATUS_LABELS
from hadcoord.coverage.defaults import default_engine
from tests.support.web import ClientAs, page_text


def _rows(page: str) -> dict[str, list[str]]:
    body = page.split('<table class="data" id="communes">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', body, re.S)
    return {name: [re.sub(r"<[^>]+>", "", cell).strip()
                   for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
            for name, cells in rows}


def test_every_commune_of_the_department_with_the_map_s_status(app: Flask,
                                                                client_as: ClientAs) -> None:
    engine = default_engine(app.extensions["hadcoord"]["settings"])
    day = dt.date(2018, 1, 15)
    lot = [c for c in engine.catalogue.studied
           if engine.catalogue.reference.by_code[c].department == "46"]
    page = page_text(client_as("ars").get("/ars/communes?departement=46&date=2018-01-15"))
    rows = _rows(page)
    assert len(rows) == len(lot) > 300
    assert f"Lot : {len(lot)} communes étudiées, situation au 15/01/2018" in page
    cahors = rows["Cahors"]
    assert cahors[0] == "46042"
    assert cahors[2] == STATUS_LABELS[engine.match("46042", day).status]
    assert "HAD du CH de Cahors" in cahors[3]


def test_the_map_page_links_to_the_table(client_as: ClientAs) -> None:
    page = page_text(client_as("ars").get("/ars/?date=2018-01-15"))
    assert "Statut de chaque commune, département par département (tableau)" in page
    assert "/ars/communes?date=2018-01-15" in page


def test_bad_filters_are_said_next_to_their_field(client_as: ClientAs) -> None:
    ars = client_as("ars")
    response = ars.get("/ars/communes?departement=34&date=2018-01-15")
    assert response.status_code == 400
    text = page_text(response)
    assert "Département « 34 » hors de la zone étudiée" in text.split(
        'id="departement-error"', 1)[1]
    assert 'id="communes"' not in text
    response = ars.get("/ars/communes?departement=46&date=15-01-2018x")
    assert response.status_code == 400
    assert "date invalide" in page_text(response).split('id="date-error"', 1)[1].lower()


def test_patients_roles_do_not_see_it(client_as: ClientAs) -> None:
    for role in ("pharmacist", "had_nurse"):
        assert client_as(role).get("/ars/communes?departement=46").status_code == 403
