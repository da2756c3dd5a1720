"""The maps in the web app: no patient data on the ARS map, the pathway map for coordinators
only, a nonce-based CSP, French errors on bad input."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.services.demo import seed
from hadcoord.store import Patient
from tests.support.web import Sessions

pytestmark = pytest.mark.db


@pytest.fixture
def demo_patients(sessions: Sessions, settings: Settings) -> list[Patient]:
    """The generated demo data (fictitious patients with pathways) in the test database."""
    with sessions() as session:
        seed(session, clock.today(), settings)
        session.commit()
        patients = list(session.scalars(select(Patient)))
        session.expunge_all()
    assert len(patients) >= 3
    return patients


def identity(patient: Patient) -> list[str]:
    """What would identify the patient if it reached a page."""
    return [patient.last_name, patient.first_name, patient.reference,
            patient.birth_date.strftime("%d/%m/%Y"), patient.birth_date.isoformat(),
            patient.phone or "", patient.gp_name or "", patient.haematologist or ""]


@pytest.mark.parametrize("url", ["/ars/carte?date=2018-09-03&scenario=croix-rouge-gers-to-pasteur",
                                 "/ars/carte/telecharger?date=2018-09-03"])
def test_no_patient_data_reaches_the_ars_map(client_as: Callable[[str], FlaskClient],
                                             demo_patients: list[Patient],
                                             statements: list[str], url: str) -> None:
    client = client_as("ars")
    statements.clear()  # what the map itself reads (the login is audited)
    response = client.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for patient in demo_patients:
        for value in filter(None, identity(patient)):
            assert value not in text, value
    assert "fictif" not in text.lower()
    assert not [s for s in statements if "patient" in s or "pathway" in s]


def test_ars_map_document_headers(client_as: Callable[[str], FlaskClient]) -> None:
    response = client_as("ars").get("/ars/carte?date=2018-01-15")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce
    text = response.get_data(as_text=True)
    tags = re.findall(r"<script[^>]*>", text)
    assert tags
    assert all(f'nonce="{nonce.group(1)}"' in tag for tag in tags)
    assert "frame-ancestors 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in text
    with client_as("ars").get("/static/vendor/leaflet-1.9.4/leaflet.js") as leaflet:
        assert leaflet.status_code == 200
    again = client_as("ars").get("/ars/carte?date=2018-01-15").headers["Content-Security-Policy"]
    # The ARS map (no patient data) is revalidated by its ETag: the same document keeps the
    # same nonce so that the browser's copy matches its policy. The pathway map keeps a new
    # nonce per response (tests/web/test_caching.py).
    assert again == csp
    other = client_as("ars").get("/ars/carte?date=2017-01-15").headers["Content-Security-Policy"]
    assert other != csp


def test_download_is_standalone(client_as: Callable[[str], FlaskClient]) -> None:
    response = client_as("coordinator").get(
        "/ars/carte/telecharger?date=2018-09-03&scenario=moissac-associated-montauban")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="couverture-had-2018-09-03-moissac-associated-montauban.html"')
    text = response.get_data(as_text=True)
    assert "<script src" not in text
    assert "habitants couverts" in text


@pytest.mark.parametrize(("query", "message"), [
    ("date=2018-02-30", "Date invalide « 2018-02-30 »"),
    ("scenario=inconnu", "Scénario inconnu « inconnu »"),
])
def test_bad_input_is_refused_in_french(client_as: Callable[[str], FlaskClient], query: str,
                                        message: str) -> None:
    for url in ("/ars/carte", "/ars/carte/telecharger"):
        response = client_as("ars").get(f"{url}?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_pathway_map_is_the_coordinators_only(client_as: Callable[[str], FlaskClient],
                                              demo_patients: list[Patient]) -> None:
    rodez = next(p for p in demo_patients if p.commune_code == "12202")
    url = f"/patients/{rodez.id}/parcours/carte"
    for role in ("ars", "had_nurse", "pharmacist", "admin"):
        assert client_as(role).get(url).status_code == 403, role
    response = client_as("coordinator").get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Commune du patient : Rodez (12202)" in text
    assert "HAD du CH d&#39;Albi" in text  # the derogation option's site, with its distance
    assert "Centre hospitalier de Rodez" in text
    assert rodez.last_name not in text  # the map names the commune, never the patient
    assert client_as("coordinator").get("/patients/9999/parcours/carte").status_code == 404


def test_pages_embed_the_maps(client_as: Callable[[str], FlaskClient],
                              demo_patients: list[Patient]) -> None:
    page = client_as("ars").get("/ars/?date=2018-09-03&scenario=croix-rouge-gers-to-pasteur")
    text = page.get_data(as_text=True)
    assert ('<iframe src="/ars/carte?date=2018-09-03&amp;scenario=croix-rouge-gers-to-pasteur"'
            in text)
    assert "/ars/carte/telecharger?date=2018-09-03" in text
    patient = demo_patients[0]
    show = client_as("coordinator").get(f"/patients/{patient.id}/parcours")
    assert f'src="/patients/{patient.id}/parcours/carte"' in show.get_data(as_text=True)
