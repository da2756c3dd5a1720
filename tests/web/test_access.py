"""Every route × every role: allowed or refused, as the product's rules say."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import ROLES

ALL = set(ROLES)
PUBLIC = "public"
# What each role may open. A new route must be added here, or test_every_route_is_listed fails.
EXPECTED: dict[str, set[str] | str] = {
    "/healthz": PUBLIC,
    "/login": PUBLIC,
    "/": ALL,
    "/admin/audit": {"admin"},
    "/admin/users": {"admin"},
}
POST_ONLY = {"/logout"}


def test_every_route_is_listed(app: Flask) -> None:
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - POST_ONLY == set(EXPECTED)


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
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_refusal_page_is_in_french(client_as: Callable[[str], FlaskClient]) -> None:
    page = client_as("ars").get("/admin/audit").get_data(as_text=True)
    assert "Accès refusé" in page
