"""Issue 14: after sign-in each role lands on the page it works with, not on a « Bonjour »
page repeating the menu."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.web import PASSWORD, csrf_token

LANDING = {"coordinator": "/tableau-de-bord", "had_nurse": "/surveillance/tournee",
           "pharmacist": "/pharmacie/", "ars": "/ars/", "admin": "/admin/audit"}


@pytest.mark.parametrize(("role", "page"), sorted(LANDING.items()))
def test_each_role_lands_on_its_working_page(app: Flask, role: str, page: str) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": f"{role}@example.fr", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.headers["Location"] == page
    assert client.get(page).status_code == 200
    # Already signed in, the login page sends there too.
    assert client.get("/login").headers["Location"] == page


def test_a_page_asked_for_before_sign_in_still_wins(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/patients/", data={
        "email": "coordinator@example.fr", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/patients/"
