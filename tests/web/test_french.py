"""French on every screen: no framework message left in English, on any page or error page."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask import Flask
from sqlalchemy import select

from hadcoord.store import Patient
from tests.support.web import ROLES, ClientAs, Sessions
from tests.web.test_access import ROUTES, one_patient  # noqa: F401 — the patients the URLs name
from tests.web.test_patients import submit

# Messages Flask, Werkzeug, WTForms, Flask-WTF and Flask-Login print in English by default.
ENGLISH = ("The requested URL", "not found on the server", "Not Found", "Forbidden",
           "Method Not Allowed", "Internal Server Error", "Bad Request", "Unauthorized",
           "Redirecting...", "You should be redirected", "Field cannot be longer",
           "Field must be", "This field is required", "Not a valid", "Invalid Choice",
           "CSRF token", "Please log in", "The browser (or proxy)", "Traceback")
ERROR_URLS = ("/page-qui-n-existe-pas", "/patients/999", "/patients/abc",
              "/api/page-qui-n-existe-pas")


def english_in(text: str) -> list[str]:
    page = html.unescape(text)
    return [phrase for phrase in ENGLISH if phrase in page]


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_page_and_error_page_is_in_french(app: Flask, client_as: ClientAs,
                                                role: str) -> None:
    client = app.test_client() if role == "anonymous" else client_as(role)
    found = {}
    for url in [sample for sample, _allowed in ROUTES.values()] + list(ERROR_URLS):
        response = client.get(url)
        if english := english_in(response.get_data(as_text=True)):
            found[f"{url} ({response.status_code})"] = english
    posted = client.post("/healthz")  # 405
    if english := english_in(posted.get_data(as_text=True)):
        found["POST /healthz (405)"] = english
    assert found == {}


def test_the_404_page_is_french(client_as: ClientAs) -> None:
    response = client_as("coordinator").get("/page-qui-n-existe-pas")
    assert response.status_code == 404
    assert "Page introuvable." in response.get_data(as_text=True)
    assert "The requested URL" not in response.get_data(as_text=True)


def test_a_long_paste_is_refused_in_french_not_cut(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    form = client.get("/patients/new").get_data(as_text=True)
    assert "maxlength" not in form  # a browser would silently cut a longer paste
    status, _, page = submit(client, last_name="A" * 1_000)
    assert status == 422
    assert "Le champ ne peut pas contenir plus de 100 caractères." in html.unescape(page)
    assert "Field cannot be longer" not in page


def test_a_date_typed_jj_mm_aaaa_is_accepted_like_the_browser_s_iso_date(
    client_as: ClientAs, sessions: Sessions
) -> None:
    client = client_as("coordinator")
    status, location, _ = submit(client, birth_date="21/06/1958")
    assert status == 302
    with sessions() as session:
        born = session.scalars(select(Patient.birth_date).where(
            Patient.first_name == "Camille")).one()
    assert born == dt.date(1958, 6, 21)
    assert "21/06/1958" in client.get(location).get_data(as_text=True)
    status, _, page = submit(client, birth_date="31/02/1958")
    assert status == 422
    assert "Date invalide (format attendu : JJ/MM/AAAA)." in html.unescape(page)
