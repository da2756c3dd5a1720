"""Every route × every role: allowed or refused, as the product's rules say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hadcoord.store import Patient, make_session_factory
from tests.web.conftest import ROLES

ALL = set(ROLES)
PUBLIC = "public"
# What each role may open, by route, with a sample URL for routes taking parameters (patient 1
# exists; its pathway, if any, does not go to the nurse's HAD). A new route must be added here,
# or test_every_route_is_listed fails.
ROUTES: dict[str, tuple[str, set[str] | str]] = {
    "/healthz": ("/healthz", PUBLIC),
    "/login": ("/login", PUBLIC),
    "/": ("/", ALL),
    "/patients/": ("/patients/", {"coordinator", "had_nurse"}),
    "/patients/new": ("/patients/new", {"coordinator"}),
    "/patients/<int:patient_id>": ("/patients/1", {"coordinator"}),
    "/patients/<int:patient_id>/edit": ("/patients/1/edit", {"coordinator"}),
    "/api/communes": ("/api/communes?q=Rodez", ALL),
    "/admin/audit": ("/admin/audit", {"admin"}),
    "/admin/users": ("/admin/users", {"admin"}),
}
EXPECTED = dict(ROUTES.values())
POST_ONLY = {"/logout"}


@pytest.fixture(autouse=True)
def one_patient(app: Flask) -> None:
    with make_session_factory(app.extensions["hadcoord"]["engine"])() as session:
        session.add(Patient(reference="P-TEST01", last_name="FICTIF", first_name="Alex",
                            birth_date=date(1970, 1, 1), sex="M", commune_code="12202",
                            indication="rr", weight_kg=70.0, consent_had=True))
        session.commit()


def test_every_route_is_listed(app: Flask) -> None:
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - POST_ONLY == set(ROUTES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_route_by_role(client_as: Callable[[str], FlaskClient], role: str, path: str) -> None:
    allowed = EXPECTED[path]
    status = client_as(role).get(path).status_code
    if allowed == PUBLIC:
        assert status in (200, 302), f"{role} should reach {path}"
    elif role in allowed:
        assert status == 200, f"{role} should open {path}"
    else:
        assert status == 403, f"{role} should be refused {path}"


@pytest.mark.parametrize("path", sorted(p for p, allowed in EXPECTED.items() if allowed != PUBLIC))
def test_anonymous_is_sent_to_login(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_refusal_page_is_in_french(client_as: Callable[[str], FlaskClient]) -> None:
    page = client_as("ars").get("/admin/audit").get_data(as_text=True)
    assert "Accès refusé" in page
